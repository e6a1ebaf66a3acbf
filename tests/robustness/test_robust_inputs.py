"""Item: inputs. Each kind of file gets its message and exit code, and one bad file never
hides the findings of the others: UTF-16 without a byte-order mark is reported as UTF-16
(not as binary), a file that vanishes between the walk and the read is an error finding,
and every format's output is the same whatever the order of the paths. (Empty, binary,
NUL, Latin-1, UTF-16 with a BOM: tests/test_cli.py and tests/test_first_hour.py; FIFOs,
devices, symlink loops: test_robust_bounded.py.)"""
from __future__ import annotations

import codecs
import json

import pytest

import lintmed.commands.check
from lintmed.report import FORMATS

from robust_support import CLAIM, CLAIM_RULE, lines, write

PAGE = "Intro line.\n\n" + CLAIM + "\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_reported_as_utf16_in_a_folder_and_by_name(run, tmp_path, codec):
    write(tmp_path, "site/a.md", PAGE)
    wide = tmp_path / "site" / "wide.md"
    wide.write_bytes(PAGE.encode(codec))
    why = (f"{codec.upper()} without a byte-order mark, so not read (its encoding would be a guess); save it as "
           "UTF-8, or as UTF-16 with a byte-order mark")
    code, out, err = run("check", "--no-detector", "--format", "json", "site")
    assert code == 2  # a file that could not be read fails the run, at the end ...
    found = {(f["path"], f["rule"]) for f in json.loads(out)["findings"]}
    assert found == {("site/a.md", CLAIM_RULE), ("site/wide.md", "unreadable-file")}  # ... and hides nothing
    assert f"lintmed: error: site/wide.md: {why}" in lines(err) and "binary" not in err
    code, _, err = run("check", "--no-detector", "site/wide.md")
    assert code == 2 and f"lintmed: error: site/wide.md: {why}" in lines(err)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_utf16_even_when_the_sniff_cuts_a_surrogate_pair(run, tmp_path, codec):
    # The first 8 KB are looked at: an emoji (a surrogate pair: 4 bytes) at bytes 8190-8193
    # is cut in two there, which a strict decode took for an error (so: "binary file").
    page = "x" * 4093 + "\n\n\U0001F600 " + CLAIM + "\n"
    (tmp_path / "wide.md").write_bytes(page.encode(codec))
    assert page.encode(codec)[8190:8194] == "\U0001F600".encode(codec)
    for named in (".", "wide.md"):  # found in a folder, and named
        code, _, err = run("check", "--no-detector", named)
        assert code == 2 and f"lintmed: error: wide.md: {codec.upper()} without a byte-order mark" in err
        assert "binary" not in err


def test_utf16_with_a_bom_is_still_read(run, tmp_path):
    (tmp_path / "wide.md").write_bytes(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"))
    code, out, _ = run("check", "--no-detector", "--format", "json", "wide.md")
    assert code == 1 and [(f["line"], f["rule"]) for f in json.loads(out)["findings"]] == [(3, CLAIM_RULE)]


@pytest.mark.parametrize("blob", [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", b"\0\x01\0\x02\0\x03\0\x04\0\x05" * 40])
def test_binary_is_still_binary(run, tmp_path, blob):
    write(tmp_path, "site/a.md", PAGE)
    (tmp_path / "site" / "logo.md").write_bytes(blob)
    code, _, err = run("check", "--no-detector", "site")
    assert code == 1 and "lintmed: site/logo.md: skipped, binary file" in lines(err)


def test_a_file_that_vanishes_mid_run_is_an_error_finding_and_the_others_are_checked(run, tmp_path, monkeypatch):
    for name in ("a.md", "b.md", "c.md"):
        write(tmp_path, f"site/{name}", PAGE)
    real = lintmed.commands.check.read_source

    def read_after_b_vanished(path):
        if path.endswith("b.md"):
            (tmp_path / path).unlink()  # deleted after the folder was walked, before it is read
        return real(path)

    monkeypatch.setattr(lintmed.commands.check, "read_source", read_after_b_vanished)
    code, out, err = run("check", "--no-detector", "--format", "json", "site")
    assert code == 2
    found = sorted((f["path"], f["rule"]) for f in json.loads(out)["findings"])
    assert found == [("site/a.md", CLAIM_RULE), ("site/b.md", "unreadable-file"), ("site/c.md", CLAIM_RULE)]
    assert "lintmed: error: site/b.md: no such file or directory" in lines(err)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_the_same_whatever_the_order_of_the_paths(run, tmp_path, fmt):
    write(tmp_path, "b.md", PAGE)
    write(tmp_path, "a.md", CLAIM + "\n")
    write(tmp_path, "sub/c.md", "Open on weekdays.\n")
    outputs = {run("check", "--no-detector", "--format", fmt, *order).out
               for order in (["a.md", "b.md", "sub"], ["sub", "b.md", "a.md"], ["b.md", "sub", "a.md"])}
    assert len(outputs) == 1
    out = outputs.pop()
    assert out.index("a.md") < out.index("b.md")
