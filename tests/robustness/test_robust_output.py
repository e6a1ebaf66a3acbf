"""Item: output. Names and copy are escaped for every format and the terminal; every
format parses (SARIF validates) with hostile names and texts; the line a reader counts
is the line every report shows (CR, CRLF, LF; U+2028 and the like are no line break);
an unclosed "<!--" hides what follows; JUnit does not depend on argument order."""
from __future__ import annotations

import html
import json
import re
import xml.dom.minidom
from html.parser import HTMLParser

import jsonschema
import pytest

import lintmed

from robust_support import CLAIM, CLAIM_RULE, HOSTILE_COPY, HOSTILE_NAMES, REPO, RULE_HEAD, RULE_TAIL, hostile_site, write

SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def per_file() -> int:
    """How many findings the hostile copy has (rules only, as the runs below)."""
    return len(lintmed.lint_text(HOSTILE_COPY, "page.md"))


@pytest.fixture
def hostile(tmp_path):
    hostile_site(tmp_path / "site")
    return tmp_path


def test_text_report_neutralises_names_and_copy(run, hostile):
    code, out, _ = run("check", "--no-detector", "--color", "never", "site", cwd=hostile)
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out
    for line in out.splitlines():  # no line a CI log could read as a command
        assert not line.lstrip().startswith("::") and "##[" not in line
    assert "./site/a\\x0a::error::forged.md" not in out  # the name never opens a line ...
    assert f"site/a\\x0a::error::forged.md:1:11: error {CLAIM_RULE}" in out  # ... it is shown escaped
    assert f"site/bytes\\xfe.md:1:11: error {CLAIM_RULE}" in out
    excerpt = next(line for line in out.splitlines() if line.startswith("  1 | Our serum"))
    assert excerpt == "  1 | Our serum cures arthritis \ufffd[31mtoday\ufffd[0m \ufffd and ::error::forged."
    marker = out.splitlines()[out.splitlines().index(excerpt) + 1]
    assert marker.index("^") == excerpt.index("cures")  # the marker stays under the claim


def test_github_format_cannot_be_forged_by_names_or_copy(run, hostile):
    code, out, _ = run("check", "--no-detector", "--format", "github", "site", cwd=hostile)
    assert code == 1
    annotations = out.splitlines()
    assert len(annotations) == per_file() * (len(HOSTILE_NAMES) + 1)  # one line per finding
    for line in annotations:
        assert line.startswith("::error file=site/")
        props, message = line[len("::error "):].split("::", 1)
        assert "::" not in props and "\n" not in line and "\x1b" not in line
    assert any("file=site/%3A%3Awarning file=x%3A%3Aforged.md," in line for line in annotations)


@pytest.mark.parametrize("fmt", ["json", "sarif", "rdjson", "junit", "html"])
def test_every_format_parses_with_hostile_names_and_copy(run, hostile, fmt):
    code, out, err = run("check", "--no-detector", "--format", fmt, "site", cwd=hostile)
    assert code == 1, err
    if fmt == "json":
        paths = {f["path"] for f in json.loads(out)["findings"]}
        assert paths == {f"site/{n}" for n in HOSTILE_NAMES} | {"site/bytes\\xfe.md"}
    elif fmt == "sarif":
        doc = json.loads(out)
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
        assert len(doc["runs"][0]["results"]) == per_file() * (len(HOSTILE_NAMES) + 1)
    elif fmt == "rdjson":
        assert len(json.loads(out)["diagnostics"]) == per_file() * (len(HOSTILE_NAMES) + 1)
    elif fmt == "junit":
        cases = xml.dom.minidom.parseString(out.encode("utf-8")).getElementsByTagName("testcase")
        assert len(cases) == len(HOSTILE_NAMES) + 1
    else:
        HTMLParser().feed(out)
        assert "<b>&amp;" not in out and "quote&quot;&lt;b&gt;&amp;amp;" in out


MARKDOWN_NAMES = ["a` [click](https:evil.example) `.md", "``b``.md", "![x](https:t.example\\p.png).md"]
MARKDOWN_COPY = ("Try our [miracle](http://evil.example) serum: it cures arthritis. `code` <b>bold</b>\n\n"
                 "<!-- lintmed-disable-next-line -- reviewed ![x](http://t.example/p.png) [a](http://b.example) -->\n"
                 "Our balm cures arthritis.\n")


def test_markdown_report_shows_names_and_copy_as_text(run, tmp_path):
    from markdown_it import MarkdownIt

    for name in MARKDOWN_NAMES:
        write(tmp_path / "site", name, MARKDOWN_COPY)
    code, out, err = run("check", "--no-detector", "--format", "markdown", "site")
    assert code == 1, err
    page = MarkdownIt("commonmark").enable("table").render(out)
    assert "<a " not in page and "<img" not in page and "<b>" not in page  # nothing planted is live
    cells = [row.split("</td>")[0].removeprefix("<td>") for row in page.split("<tr>\n")[2:]]
    shown = {cell.removeprefix("<code>").rsplit(":", 2)[0] for cell in cells if cell.startswith("<code>site/")}
    escaped = {"site/" + n.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") for n in MARKDOWN_NAMES}
    assert shown == escaped  # each name whole in its code span
    shown = page.replace("\u200b", "")  # the zero-width spaces that unlink "http://" (below)
    assert "reviewed ![x](http://t.example/p.png) [a](http://b.example)</td>" in shown  # a reason shown as written


# What GitHub links in plain words (a mention notifies its user; an issue reference puts a
# back-link on that issue): an @name, an email, a bare URL, www., #N.
GITHUB_AUTOLINKS = re.compile(r"(?<![\w@])@\w|\w@\w|https?://|\bwww\.|(?<![\w&])#\d", re.IGNORECASE)
GITHUB_COPY = ("Ask @octocat or mail help@clinic.example: our serum cures arthritis. &#64;entity\n\n"
               "<!-- lintmed-disable-next-line -- @team-reviewers approved, see https://x.example/#3 www.x.example &#64;x -->\n"
               "Our balm cures arthritis.\n")


def test_markdown_report_links_no_one_and_nothing_that_github_would(run, tmp_path):
    from markdown_it import MarkdownIt

    write(tmp_path, "page.md", GITHUB_COPY)
    # the claim's words (a page's), the message (a rule file's) and a disable reason (a page's)
    write(tmp_path, "house.yaml", RULE_HEAD.replace("A house rule.", '"Ask @octocat, see #4 and https://x.example"')
          + '      phrases: ["ask @octocat", "mail help@clinic.example", "@entity"]\n' + RULE_TAIL)
    code, out, err = run("check", "--no-detector", "--rules", "house.yaml", "--show-suppressed", "--format", "markdown",
                         "page.md")
    assert code == 1, err
    page = html.unescape(MarkdownIt("commonmark").enable("table").render(out))
    cells = [cell.split("</td>")[0] for row in page.split("<tr>")[1:] for cell in row.split("<td>")[1:]]
    planted = [c for c in cells if "@" in c or "://" in c]
    assert len(planted) == 3 * 2 + 2 * 1 and "<a " not in page  # 3 claims and their message, 2 reasons
    assert [c for c in planted if GITHUB_AUTOLINKS.search(c)] == []
    # ... and the words read as written once the zero-width spaces are taken out
    shown = {c.replace("\u200b", "") for c in planted}
    assert shown == {"Ask @octocat", "mail help@clinic.example", "@entity", "Ask @octocat, see #4 and https://x.example",
                     "@team-reviewers approved, see https://x.example/#3 www.x.example &#64;x"}  # an entity as typed


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_cr_crlf_and_lf_count_the_same_lines_in_every_report(run, tmp_path, newline):
    page = newline.join(["Intro line.", "", "Second paragraph.", CLAIM, ""])
    for suffix in (".txt", ".md", ".html"):
        write(tmp_path, "page" + suffix, page if suffix != ".html" else page.replace(CLAIM, f"<p>{CLAIM}</p>"))
        code, out, _ = run("check", "--no-detector", "--format", "json", "page" + suffix)
        found = {(f["line"], f["column"]) for f in json.loads(out)["findings"] if f["rule"] == CLAIM_RULE}
        column = CLAIM.index("cures") + 1 + (3 if suffix == ".html" else 0)
        assert found == {(4, column)}, (suffix, repr(newline))
        code, out, _ = run("check", "--no-detector", "--color", "never", "page" + suffix)
        shown = f"<p>{CLAIM}</p>" if suffix == ".html" else CLAIM
        assert f"  4 | {shown}" in out.splitlines()
        code, out, _ = run("check", "--no-detector", "--format", "rdjson", "page" + suffix)
        starts = {d["location"]["range"]["start"]["line"] for d in json.loads(out)["diagnostics"]}
        assert starts == {4}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_unicode_separators_are_not_line_breaks(run, tmp_path, separator):
    write(tmp_path, "page.txt", f"Intro.{separator}{CLAIM}\n")
    code, out, _ = run("check", "--no-detector", "--format", "json", "page.txt")
    found = {(f["line"], f["column"]) for f in json.loads(out)["findings"] if f["rule"] == CLAIM_RULE}
    assert found == {(1, len("Intro.") + 1 + CLAIM.index("cures") + 1)}
    code, out, _ = run("check", "--no-detector", "--color", "never", "page.txt")
    assert f"  1 | Intro.\ufffd{CLAIM}" in out.splitlines()  # the line shown is the line counted


@pytest.mark.parametrize("name, page", [
    ("page.html", "<p>Fine copy.</p><!-- " + CLAIM + "\n<p>More</p>\n"),
    ("page.md", "Fine copy.\n\n<!-- " + CLAIM + "\n\nMore copy.\n"),
    ("page.html", "<p>Fine copy.</p><![CDATA[ " + CLAIM + "\n"),
])
def test_an_unclosed_comment_hides_the_rest_as_in_a_browser(run, tmp_path, name, page):
    write(tmp_path, name, page)
    code, out, _ = run("check", "--no-detector", name)
    assert code == 0 and "cures" not in out


def test_junit_does_not_depend_on_argument_order(run, tmp_path):
    for name in ("b.md", "a.md", "c.md"):
        write(tmp_path, name, CLAIM + "\n" if name != "c.md" else "Open on weekdays.\n")
    outputs = set()
    for order in (["a.md", "b.md", "c.md"], ["c.md", "b.md", "a.md"], ["b.md", "c.md", "a.md"]):
        code, out, _ = run("check", "--no-detector", "--format", "junit", *order)
        outputs.add(out)
    assert len(outputs) == 1
    names = [c.getAttribute("name") for c in xml.dom.minidom.parseString(outputs.pop()).getElementsByTagName("testcase")]
    assert names == ["a.md", "b.md", "c.md"]
