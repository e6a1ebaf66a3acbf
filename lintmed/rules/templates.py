"""The syntax of a rule's replacement templates (``fix.replacements``): checked here when
a rule file is loaded, realised by lintmed.suggest.wording, which says what each part means.

A template is optional conditions in brackets (``[verb] [hedge] may help {object}``), then
either wording with placeholders or a substitution ``/pattern/replacement/`` that edits only
the claim's words the pattern matches. Kept apart from the wording engine so that loading
rules needs no more than this.
"""
from __future__ import annotations

import re

from lintmed.findings import SUGGESTION_KINDS

PLACEHOLDERS = ("term", "match", "verb", "object")
PLACEHOLDER = re.compile(r"\{(%s)\}" % "|".join(PLACEHOLDERS))
TAG = re.compile(r"^\s*\[(\w+)\]\s*")
# Conditions on the claim's shape (see lintmed.suggest.wording).
CONDITION_TAGS = frozenset({"verb", "finite", "predicative", "attributive", "nonverb", "sentence", "short", "start",
                            "to", "notto", "notbe"})
# What the wording replaces: the whole sentence ([whole]), nothing but an addition after the
# sentence ([after]), or the claim's words, deleted ([drop]); else the claim's words.
SCOPE_TAGS = frozenset({"whole", "after", "drop"})
# ... and the kind of suggestion it is ([hedge], [remove], ...).
TAGS = CONDITION_TAGS | SCOPE_TAGS | frozenset(SUGGESTION_KINDS)
# "/pattern/replacement/": edit only the words of the claim that the pattern matches.
SUBSTITUTION = re.compile(r"^/((?:[^/\\]|\\.)+)/((?:[^/\\]|\\.)*)/$")


def leading_tags(template: str) -> tuple[frozenset[str], str]:
    """The known tags a template starts with, and the template without them."""
    tags = set()
    while (m := TAG.match(template)) and m.group(1) in TAGS:
        tags.add(m.group(1))
        template = template[m.end():]
    return frozenset(tags), template


def check_template(template: str) -> str | None:
    """What is wrong with a replacement template, or None (for the rule-file loader and tests)."""
    text = template
    while (m := TAG.match(text)):
        if m.group(1) not in TAGS:
            return f"unknown condition [{m.group(1)}] (known: {', '.join(sorted(TAGS))})"
        text = text[m.end():]
    sub = SUBSTITUTION.match(text.strip())
    if sub:
        try:
            re.compile(sub.group(1))
        except re.error as exc:
            return f"invalid pattern /{sub.group(1)}/: {exc}"
        return None
    unknown = [p for p in re.findall(r"\{([^}]*)\}", text) if p not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("{%s}" % p for p in PLACEHOLDERS)
        return f"unknown placeholder {{{unknown[0]}}} (known: {known})"
    return None
