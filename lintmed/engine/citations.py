"""Is a block of prose an entry of a reference list?

Clinic pages end with their sources: "Egger A, Tomic-Canic M, Tosti A. Advances in Stem
Cell-Based Therapy for Hair Loss. CellR4. 2020;8:e2894." A paper's title names a claim; it
does not make one on the page's behalf, so the claims in such a block are reported speech
(lintmed.engine.linter). An entry opens with its authors (Vancouver "Surname AB," or APA
"Surname, A. B.,") and carries a bibliographic mark: a DOI, a PubMed id, "et al." or a
year with its volume ("2019;8(11):1867", "(2019)."). A sentence that cites a study in
passing ("Stem cells cure arthritis (Smith et al., 2019).") opens with no author list and
stays the page's own claim.
"""
from __future__ import annotations

import re

# An optional list number, then one author: "D’Arrigo D," "Li JJ," "van Dooremalen SFJ,"
# (Vancouver) or "Smith, J. A.," (APA).
_NUMBER = r"(?:\[?\d{1,3}[\].)]?\s+)?"
_VANCOUVER = r"(?:[a-z]{1,3}\s)?[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?\s[A-Z]{1,3}"
_APA = r"[A-Z][\w'’\-]+,\s(?:[A-Z]\.\s?){1,3}"
_AUTHORS = re.compile(
    rf"^{_NUMBER}(?:{_VANCOUVER}(?:,\s{_VANCOUVER}){{1,}}|{_VANCOUVER},?\set al\.|"
    rf"{_APA}(?:,?\s(?:&\s)?{_APA}){{1,}}|{_APA}\s\(\d{{4}}\))")
_MARK = re.compile(
    r"\bdoi:?\s*10\.\d{4,}|\bdoi\.org/10\.|\bPMID:?\s*\d|\bPMCID\b|\bet al\.|"
    r"\b(?:19|20)\d{2}\s?;\s?\d+|\((?:19|20)\d{2}\)\.")
# An entry is short: a paragraph of copy that happens to open with names is not one.
_MAX_CHARS = 600


def reference_entry(block: str) -> str | None:
    """The author list that opens ``block`` when the block is a reference-list entry,
    else None."""
    text = block.strip()
    if len(text) > _MAX_CHARS:
        return None
    authors = _AUTHORS.match(text)
    if authors is None or not _MARK.search(text):
        return None
    return authors.group(0)
