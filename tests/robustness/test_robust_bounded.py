"""Item: bounded time and memory. Long paragraphs and lines are read in pieces that
spaCy accepts, cut at sentence ends (else at whitespace) with positions exact; runs of
punctuation, deep HTML and Markdown nesting stay linear and lose nothing; FIFOs and
devices met in a folder are skipped with a notice, symlink loops reported. (Time itself
is measured by bench/robustness_scaling.py, never asserted here.)"""
from __future__ import annotations

import json
import os

import lintmed
from lintmed.engine.blocks import MAX_PIECE, pieces
from lintmed.readers import html

from robust_support import CLAIM, CLAIM_RULE, lines, write

SENTENCES = ["Our serum cures arthritis in days.", "The staff are kind.", "This cream virtually eliminates the risk "
             "of scarring.", "Call us on weekdays.", "Book now: only three places are left this week!"]


def test_pieces_cover_the_paragraph_in_order_within_the_limit():
    text = " ".join(SENTENCES * 400)
    got = list(pieces(text, 0, len(text), 1000))
    assert all(0 < len(piece) <= 1000 for _, piece in got)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in got)
    gaps = [text[a + len(p):b] for (a, p), (b, _) in zip(got, got[1:])]
    assert all(not gap.strip() for gap in gaps)  # nothing but whitespace is left out
    assert all(piece.rstrip().endswith((".", "!")) for _, piece in got[:-1])  # cut after a sentence end
    assert got[-1][0] + len(got[-1][1]) == len(text)


def test_a_run_on_without_sentence_ends_is_cut_at_spaces():
    text = "word " * 5000
    got = list(pieces(text, 0, len(text), 10_000))
    assert all(len(p) <= 2000 and not p.startswith(" ") and p.rstrip().endswith("word") for _, p in got)
    assert len(got) > 10


def test_long_paragraph_findings_are_those_of_its_sentences():
    alone = [[(f.rule, f.column, f.text) for f in lintmed.lint_text(s, "a.txt")] for s in SENTENCES]
    paragraph = " ".join(SENTENCES * 200)
    assert len(paragraph) > 3 * MAX_PIECE
    found = [(f.rule, f.column, f.text) for f in lintmed.lint_text(paragraph, "a.txt")]
    expected, at = [], 0
    for _ in range(200):
        for sentence, findings in zip(SENTENCES, alone):
            expected += [(rule, at + column, text) for rule, column, text in findings]
            at += len(sentence) + 1
    assert sorted(found) == sorted(expected)


def test_runs_of_brackets_and_parens_keep_positions(run, tmp_path):
    text = ")" * 100_000 + " " + "[" * 100_000 + " " + CLAIM + "\n"
    write(tmp_path, "runs.md", text)
    code, out, err = run("check", "--no-detector", "--format", "json", "runs.md")
    assert code == 1, err
    columns = {f["column"] for f in json.loads(out)["findings"]}
    assert columns == {200_002 + CLAIM.index("cures") + 1}


def test_deeply_nested_html_is_read_whole():
    depth = 20_000
    page = "<div><section>" * depth + "<p>" + CLAIM + "</p>" + "</section></div>" * depth + "<p>After.</p>"
    assert html.read(page).text == CLAIM + "\n\nAfter."
    unclosed = "<p><b>" * depth + CLAIM
    assert html.read(unclosed).text == CLAIM


def test_html_closing_rules_are_unchanged():
    assert html.read("<div><p>A<b>B</p>C</div>D<i>E").text == "AB\n\nC\n\nDE"
    assert html.read("<div><code>x</div>Shown<p>More</p>").text == "Shown\n\nMore"  # </div> closes the code


def test_markdown_nested_deeper_than_20_levels_is_not_dropped():
    for depth in (5, 21, 200):
        page = "Intro.\n\n" + "> " * depth + CLAIM + "\n"
        found = [(f.line, f.column, f.text) for f in lintmed.lint_text(page, "a.md") if f.rule == CLAIM_RULE]
        assert found == [(3, 2 * depth + CLAIM.index("cures") + 1, "cures arthritis")], depth
    listed = "".join("  " * i + "- item\n" for i in range(40)) + "    " * 30 + "- " + CLAIM + "\n"
    assert any(f.rule == CLAIM_RULE for f in lintmed.lint_text(listed, "a.md"))


def test_fifo_and_device_in_a_folder_are_skipped_with_a_notice(run, tmp_path):
    write(tmp_path, "site/page.md", CLAIM + "\n")
    os.mkfifo(tmp_path / "site" / "pipe.md")  # opening it would wait for a writer
    (tmp_path / "site" / "zero.md").symlink_to("/dev/zero")
    code, out, err = run("check", "--no-detector", "site")
    assert code == 1
    assert lines(err)[:2] == ["lintmed: site/pipe.md: skipped, not a regular file (a FIFO)",
                              "lintmed: site/zero.md: skipped, not a regular file (a character device)"]
    assert f"site/page.md:1:11: error {CLAIM_RULE}" in out


def test_symlink_loops_are_reported_and_the_other_files_checked(run, tmp_path):
    write(tmp_path, "site/page.md", CLAIM + "\n")
    (tmp_path / "site" / "a.md").symlink_to("b.md")
    (tmp_path / "site" / "b.md").symlink_to("a.md")
    (tmp_path / "site" / "sub").mkdir()
    (tmp_path / "site" / "sub" / "up").symlink_to("..")  # a folder loop is not followed
    code, out, err = run("check", "--no-detector", "site")
    assert code == 2  # files that could not be read
    assert [line for line in lines(err) if "symbolic" in line] == [
        "lintmed: error: site/a.md: cannot read file (Too many levels of symbolic links)",
        "lintmed: error: site/b.md: cannot read file (Too many levels of symbolic links)"]
    assert f"site/page.md:1:11: error {CLAIM_RULE}" in out


def test_a_hedge_word_repeated_before_a_claim_keeps_the_claim_and_its_position():
    for repeats in (1, 20, 200, 5000):  # beyond a few hundred the run-on is read in pieces
        text = "It " + "virtually " * repeats + "eliminates the risk of scarring."
        [claim] = [f for f in lintmed.lint_text(text, "a.txt") if f.rule == "eliminates-risk-claim"]
        assert text[claim.start:claim.end] == claim.text and claim.start >= len("It ")
        assert claim.text.startswith("virtually ") and claim.text.endswith("eliminates the risk"), repeats
        assert claim.end == len(text) - len(" of scarring.")
