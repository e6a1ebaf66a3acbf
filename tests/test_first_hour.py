"""A new user's first hour, as a writer, a reviewer and a CI pipeline would live it:
nothing passes silently (a summary line on every run, pages in another language
said to be unchecked, raw HTML and alt text in Markdown read, unreadable files
reported while the run goes on) and the controls ruff users reach for.

Everything runs the CLI in a temporary folder on copy written for these tests,
with a rule file of its own (``TEST_RULES``), so no test depends on the wording
of the default rules.
"""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pytest

from cli_support import TEST_RULES, write

RISKY = "Our stem cell therapy cures arthritis.\n"
CLEAN = "Our clinic is open from Monday to Friday.\n\nParking is behind the building.\n"
# Spanish copy written for this test: a cure claim and an approval claim.
SPANISH = ("# Clínica\n\nNuestra terapia con células madre cura la artritis. ¡Aprobada por la FDA! "
           "Reserve su cita hoy con nuestro equipo, que está aquí para usted y para su familia.\n")


CONFIG = "rules: [rules.yaml]\nselect: [test-cures-arthritis, test-ozone-sauna]\ndetector: false\n"


@pytest.fixture
def lint(run, project, rule_file):
    """``lintmed check`` with only the test rules (a config selects them), no learned detector."""
    rule_file(TEST_RULES)
    write(project / ".lintmed.yaml", CONFIG)

    def lint(*argv: str):
        return run("check", *argv)

    return lint


# ----------------------------------------------------------- the summary line

def test_a_clean_run_says_what_it_checked(lint, project):
    write(project / "site" / "a.md", CLEAN)
    write(project / "site" / "b.txt", CLEAN)

    res = lint("site")

    assert res.code == 0
    assert res.out == "2 files checked, no claims.\n"
    assert res.err == ""


def test_quiet_prints_the_findings_only(lint, project):
    write(project / "a.md", CLEAN)
    assert lint("a.md", "--quiet") == (0, "", "") or lint("a.md", "-q").out == ""
    write(project / "b.md", RISKY)
    res = lint("b.md", "-q")
    assert res.code == 1
    assert "b.md:1:23: error test-cures-arthritis" in res.out
    assert "Found" not in res.out and res.err == ""


def test_findings_end_with_the_counts(lint, project):
    write(project / "a.md", RISKY)
    write(project / "b.md", CLEAN)
    res = lint("a.md", "b.md")
    assert res.code == 1
    assert res.out.splitlines()[-1] == ("Found 1 claim (1 error) in 1 of 2 files. "
                                        "Run `lintmed explain RULE` for the rationale and references.")


def test_a_fully_baselined_run_says_so(lint, project):
    write(project / "a.md", RISKY)
    assert lint("a.md", "--write-baseline", "base.json").code == 0

    res = lint("a.md", "--baseline", "base.json")

    assert res.code == 0
    assert res.out == "1 file checked, no claims. 1 more accepted by the baseline.\n"


def test_machine_formats_keep_stdout_clean_and_put_the_summary_on_stderr(lint, project):
    write(project / "a.md", RISKY)
    res = lint("a.md", "--format", "json")
    assert json.loads(res.out)["summary"]["findings"] == 1
    assert res.err.splitlines() == ["Found 1 claim (1 error) in 1 of 1 file. "
                                    "Run `lintmed explain RULE` for the rationale and references."]


# ------------------------------------------------------- pages in another language

def test_a_spanish_page_is_reported_as_not_checked(lint, project):
    write(project / "es.md", SPANISH)
    write(project / "en.md", CLEAN)

    res = lint("es.md", "en.md")

    assert res.code == 0  # nothing was found; the page is not a finding
    assert res.notices == ["lintmed: es.md: not checked: the page is in Spanish (es); lintmed checks English only"]
    assert res.summary == "1 file checked, no claims. 1 page not checked, not in English (es.md: Spanish (es))."

    data = lint("es.md", "en.md", "--format", "json").json
    assert data["summary"]["not_checked"] == [{"path": "es.md", "language": "es", "reason": "not English"}]
    assert data["findings"] == [] and data["summary"]["files"] == 2


def test_a_declared_language_wins_over_the_guess(lint, project):
    # Declared French in HTML: not checked, though the words are English.
    write(project / "fr.html", f'<html lang="fr-CA"><body><p>{RISKY}</p></body></html>')
    # Declared English in front matter: checked, whatever the words.
    write(project / "en.md", "---\nlang: en\ntitle: Bienvenidos\n---\n" + SPANISH + "\n" + RISKY)

    res = lint("fr.html", "en.md", "--format", "json")

    assert [f["path"] for f in res.json["findings"]] == ["en.md"]
    assert res.json["summary"]["not_checked"] == [{"path": "fr.html", "language": "fr", "reason": "not English"}]


def test_json_without_foreign_pages_keeps_the_version_1_summary(lint, project):
    write(project / "a.md", RISKY)
    assert set(lint("a.md", "--format", "json").json["summary"]) == {"files", "findings", "by_severity"}


# ------------------------------------------------------- raw HTML and alt text in Markdown

def test_raw_html_and_alt_text_in_markdown_are_linted_at_their_place(lint, project):
    page = ("# Offers\n\n"
            '<div class="cta">\n  <p>Our <b>therapy</b> cures arthritis &amp; more.</p>\n</div>\n\n'
            "![Patient says it cures arthritis](after.jpg)\n\n"
            'Book now <img src="x.png" alt="It cures arthritis"> today.\n')
    write(project / "page.md", page)

    res = lint("page.md", "--format", "json")

    found = [(f["line"], f["column"], f["end_column"], f["text"]) for f in res.json["findings"]]
    lines = page.splitlines()
    expected = []
    for number, line in enumerate(lines, start=1):
        start = line.find("cures arthritis")
        if start >= 0:
            expected.append((number, start + 1, start + 1 + len("cures arthritis"), "cures arthritis"))
    assert len(expected) == 3
    assert found == expected


# ------------------------------------------------------- files that cannot be read

def test_an_undecodable_file_is_an_error_finding_and_the_run_goes_on(lint, project):
    write(project / "site" / "a.md", RISKY)
    write(project / "site" / "b.md", b"Caf\xe9 menu.\n" + RISKY.encode())
    write(project / "site" / "c.md", RISKY)

    res = lint("site", "--format", "json")

    assert res.code == 2, "a file that could not be read fails the run, at the end"
    by_path = {(f["path"], f["rule"]) for f in res.json["findings"]}
    assert by_path == {("site/a.md", "test-cures-arthritis"), ("site/b.md", "unreadable-file"),
                       ("site/c.md", "test-cures-arthritis")}
    [unreadable] = [f for f in res.json["findings"] if f["rule"] == "unreadable-file"]
    assert (unreadable["line"], unreadable["severity"], unreadable["category"]) == (1, "error", "input")
    assert res.notices == ["lintmed: error: site/b.md:1: not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8"]

    text = lint("site")
    assert text.code == 2
    assert text.out.count("test-cures-arthritis") == 2
    assert text.summary.startswith("Found 2 claims (2 errors) in 2 of 2 files. 1 file could not be read.")


def test_html_declared_charset_and_utf16_with_bom_are_read(lint, project):
    latin = ('<html><head><meta charset="iso-8859-1"><title>Caf\u00e9</title></head>'
             "<body><p>Our caf\u00e9 therapy cures arthritis.</p></body></html>\n")
    write(project / "latin.html", latin.encode("latin-1"))
    write(project / "wide.md", codecs.BOM_UTF16_LE + ("# Caf\u00e9\n\n" + RISKY).encode("utf-16-le"))
    write(project / "site" / "wide.txt", codecs.BOM_UTF16_BE + RISKY.encode("utf-16-be"))

    res = lint("latin.html", "wide.md", "site", "--format", "json")

    assert res.code == 1, res.err
    assert [(f["path"], f["line"]) for f in res.json["findings"]] == [
        ("latin.html", 1), ("site/wide.txt", 1), ("wide.md", 3)]
    [html] = [f for f in res.json["findings"] if f["path"] == "latin.html"]
    assert latin.splitlines()[0][html["column"] - 1:html["end_column"] - 1] == "cures arthritis"


# ------------------------------------------------------- controls as in ruff

def test_select_and_ignore_on_the_command_line(lint, project):
    write(project / "a.md", RISKY + "\nTry our ozone sauna.\n")
    rules = lambda res: sorted({f["rule"] for f in res.json["findings"]})  # noqa: E731
    assert rules(lint("a.md", "--format", "json")) == ["test-cures-arthritis", "test-ozone-sauna"]
    assert rules(lint("a.md", "--format", "json", "--select", "test-ozone-sauna")) == ["test-ozone-sauna"]
    # --ignore adds to the config's ignore, by rule id or category
    assert rules(lint("a.md", "--format", "json", "--ignore", "testimonial")) == ["test-cures-arthritis"]
    assert rules(lint("a.md", "--format", "json", "--select", "test-cures-arthritis,test-ozone-sauna",
                      "--ignore", "test-ozone-sauna")) == ["test-cures-arthritis"]


def test_an_unknown_rule_id_gets_a_did_you_mean(lint, project):
    write(project / "a.md", RISKY)
    res = lint("a.md", "--select", "test-cure-arthritis")
    assert res.code == 2
    assert res.error_line() == ("lintmed: error: --select: unknown rule id or category "
                                "'test-cure-arthritis'; did you mean 'test-cures-arthritis'?")
    write(project / ".lintmed.yaml", CONFIG + "ignore: [cure-claims]\n")
    res = lint("a.md")
    assert res.code == 2 and "did you mean 'cure-claim'?" in res.error_line()


def test_statistics_count_findings_per_rule(lint, project):
    write(project / "a.md", RISKY + "\n" + RISKY + "\nTry our ozone sauna.\n")
    res = lint("a.md", "--statistics")
    assert res.code == 1
    assert res.out.splitlines()[:2] == [
        "2  test-cures-arthritis      Test rule for cure claims about arthritis.",
        "1  test-ozone-sauna          Test rule for the ozone sauna.",
    ]
    assert res.summary.startswith("Found 3 claims")
    rows = lint("a.md", "--statistics", "--format", "json").json
    assert rows[0] == {"code": "test-cures-arthritis", "count": 2, "fixable": False,
                       "message": "Test rule for cure claims about arthritis."}


def test_exit_zero_and_output_format(lint, project):
    write(project / "a.md", RISKY)
    res = lint("a.md", "--exit-zero", "--output-format", "json")
    assert res.code == 0 and res.json["summary"]["findings"] == 1


def test_output_file_gets_the_report_and_the_terminal_only_the_summary(lint, project):
    write(project / "a.md", RISKY)
    res = lint("a.md", "--format", "sarif", "-o", "out.sarif")
    assert res.code == 1
    assert res.out == ""
    assert json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert res.summary.startswith("Found 1 claim")

    res = lint("a.md", "-o", "out.txt")
    assert res.out == ""
    assert (project / "out.txt").read_text(encoding="utf-8").endswith(res.summary + "\n")


def test_colour_follows_the_flag_and_the_environment(project, rule_file):
    rule_file(TEST_RULES)
    write(project / ".lintmed.yaml", CONFIG)
    write(project / "a.md", RISKY)

    def out(*flags, **env) -> str:
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        proc = subprocess.run([sys.executable, "-m", "lintmed", "check", "a.md", *flags],
                              cwd=project, env={**environ, **env},
                              capture_output=True, text=True)
        assert proc.returncode == 1, proc.stderr
        return proc.stdout

    assert "\x1b[" not in out(), "a pipe gets no colour"
    assert "\x1b[" in out("--color", "always")
    assert "\x1b[" in out(FORCE_COLOR="1")
    assert "\x1b[" not in out(FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b[" not in out("--color", "never", FORCE_COLOR="1")


def test_fix_only_is_quiet_and_exits_0_when_nothing_changes(run, project):
    write(project / "a.md", CLEAN)
    res = run("check", "--fix-only", "--no-detector", "a.md")
    assert (res.code, res.out, res.err) == (0, "", "")


# ------------------------------------------------------- catalogue and explain

def test_rules_marks_the_fixable_ones(run, project, rule_file):
    safe = TEST_RULES.replace("      safety: unsafe\n", "      safety: safe\n")
    rule_file(safe)
    out = run("rules", "--rules", "rules.yaml").out
    [cures] = [line for line in out.splitlines() if line.startswith("test-cures-arthritis ")]
    [sauna] = [line for line in out.splitlines() if line.startswith("test-ozone-sauna ")]
    assert "[*]" in cures and "[*]" not in sauna
    assert "[*] fixable with `lintmed check --fix`" in out
    records = {r["id"]: r["fixable"] for r in json.loads(run("rules", "--rules", "rules.yaml", "--format", "json").out)}
    assert records["test-cures-arthritis"] is True and records["test-ozone-sauna"] is False


def test_explain_shows_wording_on_real_examples_and_the_suppression_policy(run, project):
    res = run("explain", "cure-claim")
    assert res.code == 0
    wording = res.out.split("Suggested wording", 1)[1].split("Flagged:", 1)[0]
    assert "{" not in wording, "templates are shown filled in, on the rule's own examples"
    pairs = [line.strip() for line in wording.splitlines() if line.strip().startswith(("- ", "-> "))]
    assert pairs and pairs[0].startswith("- ") and pairs[1].startswith("-> ")
    assert "a negated claim" in res.out and "left alone" in res.out
    assert "<!-- lintmed-disable-next-line cure-claim -- " in res.out
    res = run("explain", "cure-claims")
    assert res.code == 2 and "did you mean 'cure-claim'?" in res.error_line()


# ------------------------------------------------------- suppressions visible to reviewers

SUPPRESSED_PAGE = ("# Testimonials\n\n"
                   "<!-- lintmed-disable-next-line test-cures-arthritis -- quoted from a signed patient letter -->\n"
                   "Our stem cell therapy cures arthritis.\n\n"
                   "Try our ozone sauna.\n")


def test_inline_suppressions_and_their_reasons_are_shown_to_reviewers(lint, project):
    write(project / "page.md", SUPPRESSED_PAGE)

    res = lint("page.md", "--show-suppressed")
    assert res.code == 1
    assert res.notices == ["page.md:4:23: suppressed test-cures-arthritis 'cures arthritis': lintmed-disable "
                           "comment on line 3, reason: quoted from a signed patient letter"]
    assert "1 hidden by lintmed-disable comments" in res.summary

    lint("page.md", "--format", "sarif", "-o", "out.sarif")
    results = json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    hidden = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in hidden] == ["test-cures-arthritis"]
    assert hidden[0]["suppressions"][0]["kind"] == "inSource"
    assert hidden[0]["suppressions"][0]["justification"] == "quoted from a signed patient letter"
    assert [r["ruleId"] for r in results if not r.get("suppressions")] == ["test-ozone-sauna"]

    lint("page.md", "--format", "html", "-o", "report.html")
    page = (project / "report.html").read_text(encoding="utf-8")
    section = page.split('<section id="suppressed"', 1)[1].split("</section>", 1)[0]
    assert "test-cures-arthritis" in section and "quoted from a signed patient letter" in section
    assert "page.md:4:23" in section


def test_links_point_to_the_projects_own_repository(lint, project):
    import tomllib
    from pathlib import Path

    urls = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]["urls"]
    write(project / "a.md", RISKY)
    lint("a.md", "--format", "sarif", "-o", "out.sarif")
    driver = json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == urls["Homepage"]
    rdjson = json.loads(lint("a.md", "--format", "rdjson").out)
    assert rdjson["source"]["url"] == urls["Homepage"]
    lint("a.md", "--format", "html", "-o", "r.html")
    assert f'href="{urls["Homepage"]}"' in (project / "r.html").read_text(encoding="utf-8")
    # A built-in rule links to its entry in the catalogue, in the text report too.
    write(project / "defaults" / "a.md", RISKY)
    write(project / "defaults" / ".lintmed.yaml", "detector: false\n")  # the nearest config: default rules
    text = lint("defaults/a.md", "--config", "defaults/.lintmed.yaml").out
    # (One finding per claim: "cures arthritis" is reported under the disease rule, naming cure-claim.)
    assert f"= see: {urls['Repository']}/blob/main/docs/rules.md#disease-treatment-claim" in text


# ------------------------------------------------------- configuration found per file

def test_a_folders_own_config_applies_to_its_files_from_the_root(lint, project):
    # The root config (lint fixture) selects both test rules; site/ has its own, which ignores one.
    write(project / "site" / ".lintmed.yaml", "rules: [../rules.yaml]\nselect: [test-cures-arthritis, "
                                              "test-ozone-sauna]\nignore: [test-ozone-sauna]\ndetector: false\n")
    page = RISKY + "\nTry our ozone sauna.\n"
    write(project / "index.md", page)
    write(project / "site" / "spa.md", page)

    found = {(f["path"], f["rule"]) for f in lint(".", "--format", "json").json["findings"]}

    assert found == {("index.md", "test-cures-arthritis"), ("index.md", "test-ozone-sauna"),
                     ("site/spa.md", "test-cures-arthritis")}
    # Named on the command line, from the root: the same.
    found = {(f["path"], f["rule"]) for f in lint("site/spa.md", "--format", "json").json["findings"]}
    assert found == {("site/spa.md", "test-cures-arthritis")}


def test_exclude_and_files_named_on_the_command_line(lint, project):
    write(project / ".lintmed.yaml", CONFIG + 'exclude: ["drafts"]\n')
    write(project / "drafts" / "idea.md", RISKY)
    write(project / "page.md", CLEAN)

    assert lint(".").out == "1 file checked, no claims.\n", "walking a folder skips drafts"
    assert lint("drafts/idea.md").code == 1, "a file named on the command line is checked, as in ruff"
    res = lint("drafts/idea.md", "page.md", "--force-exclude")
    assert (res.code, res.out) == (0, "1 file checked, no claims.\n")
    write(project / ".lintmed.yaml", CONFIG + 'exclude: ["drafts"]\nforce-exclude: true\n')
    assert lint("drafts/idea.md").out == "0 files checked, no claims.\n"


def test_a_folders_own_exclude_applies_when_walking_from_the_root(lint, project):
    write(project / "site" / ".lintmed.yaml", CONFIG.replace("rules.yaml", "../rules.yaml") + "exclude: [drafts]\n")
    write(project / "site" / "drafts" / "idea.md", RISKY)
    write(project / "site" / "page.md", CLEAN)
    assert lint(".").out == "1 file checked, no claims.\n"


def test_config_lookup_stops_at_the_repository_root(run, project):
    # A config above the repository (say, in a home folder) is someone else's.
    write(project / ".lintmed.yaml", "select: [no-such-rule]\n")
    repo = project / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "page.md", CLEAN)
    os.chdir(repo)
    res = run("check", "page.md", "--no-detector")
    assert (res.code, res.out) == (0, "1 file checked, no claims.\n"), res.err
    os.chdir(project)
    assert run("check", "repo/page.md", "--no-detector").code == 2, "from outside the repository it applies"


def test_under_pre_commit_the_summary_says_it_covers_one_batch(lint, project, monkeypatch):
    # pre-commit sets PRE_COMMIT=1 and may split a large commit's files into batches.
    monkeypatch.setenv("PRE_COMMIT", "1")
    write(project / "a.md", RISKY)
    write(project / "b.md", CLEAN)
    assert lint("a.md", "b.md").summary.startswith("Found 1 claim (1 error) in 1 of 2 files in this pre-commit batch.")
    assert lint("b.md").summary == "1 file checked in this pre-commit batch, no claims."


def test_every_ci_format_says_a_page_was_not_checked(lint, project):
    write(project / "es.md", SPANISH)
    write(project / "en.md", CLEAN)
    annotations = lint("es.md", "en.md", "--format", "github").out
    assert "::notice file=es.md,title=lintmed not checked::Not checked: the page is in Spanish (es)" in annotations
    junit = lint("es.md", "en.md", "--format", "junit").out
    assert 'skipped="1"' in junit and '<skipped message="not checked: the page is in Spanish (es)' in junit
    sarif = json.loads(lint("es.md", "en.md", "--format", "sarif").out)
    [note] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note" and "Spanish" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "es.md"
    summary = lint("es.md", "en.md", "--format", "markdown").out
    assert "- `es.md`: Spanish (es)" in summary


def test_fix_writes_a_file_back_in_the_encoding_it_was_read_in(run, project, rule_file):
    rule_file(TEST_RULES.replace("      safety: unsafe\n", "      safety: safe\n"))
    write(project / ".lintmed.yaml", CONFIG)
    wide = write(project / "wide.md", codecs.BOM_UTF16_LE + ("# Caf\u00e9\n\n" + RISKY).encode("utf-16-le"))
    latin = write(project / "latin.html", ('<meta charset="iso-8859-1"><p>Caf\u00e9: our therapy cures arthritis.</p>\n')
                  .encode("latin-1"))

    res = run("check", "--fix", "wide.md", "latin.html")

    assert res.code == 0, res.out + res.err
    assert wide.read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert wide.read_bytes()[2:].decode("utf-16-le") == "# Caf\u00e9\n\nOur stem cell therapy is being studied for arthritis.\n"
    assert latin.read_bytes().decode("cp1252") == ('<meta charset="iso-8859-1"><p>Caf\u00e9: our therapy is being '
                                                   "studied for arthritis.</p>\n")
