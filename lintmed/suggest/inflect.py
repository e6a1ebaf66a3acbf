"""Small, table-driven English morphology for suggested wording.

Only what hedged replacements need: the forms of a closed set of verbs
(``help``, ``be``, ``have``, ``reduce`` ...), the form of a claim's verb
read from its spelling against its lookup lemma, and "a"/"an".

No tagger is involved: spaCy's blank pipeline has no POS tags, so a verb's
tense, person and number come from its own spelling (``cures`` is the
``-s`` form of ``cure``) and from the word before it (a modal, ``to``, a form
of *be* or *have*, a pronoun). ``lintmed.suggest.wording`` uses these to make a
template agree with the sentence it goes into.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Forms(NamedTuple):
    base: str
    s: str  # third person singular present
    past: str
    participle: str
    ing: str


# Irregular forms, and regular ones whose spelling the rules below get wrong.
_IRREGULAR = {
    "be": Forms("be", "is", "was", "been", "being"),
    "have": Forms("have", "has", "had", "had", "having"),
    "do": Forms("do", "does", "did", "done", "doing"),
    "go": Forms("go", "goes", "went", "gone", "going"),
    "make": Forms("make", "makes", "made", "made", "making"),
    "take": Forms("take", "takes", "took", "taken", "taking"),
    "give": Forms("give", "gives", "gave", "given", "giving"),
    "show": Forms("show", "shows", "showed", "shown", "showing"),
    "lead": Forms("lead", "leads", "led", "led", "leading"),
    "find": Forms("find", "finds", "found", "found", "finding"),
    "keep": Forms("keep", "keeps", "kept", "kept", "keeping"),
    "get": Forms("get", "gets", "got", "got", "getting"),
    "bring": Forms("bring", "brings", "brought", "brought", "bringing"),
    "grow": Forms("grow", "grows", "grew", "grown", "growing"),
    "fight": Forms("fight", "fights", "fought", "fought", "fighting"),
    "feel": Forms("feel", "feels", "felt", "felt", "feeling"),
    "build": Forms("build", "builds", "built", "built", "building"),
    "rebuild": Forms("rebuild", "rebuilds", "rebuilt", "rebuilt", "rebuilding"),
    "stop": Forms("stop", "stops", "stopped", "stopped", "stopping"),
    "rid": Forms("rid", "rids", "rid", "rid", "ridding"),
    "cut": Forms("cut", "cuts", "cut", "cut", "cutting"),
    "put": Forms("put", "puts", "put", "put", "putting"),
    "set": Forms("set", "sets", "set", "set", "setting"),
    "reset": Forms("reset", "resets", "reset", "reset", "resetting"),
    "slim": Forms("slim", "slims", "slimmed", "slimmed", "slimming"),
    "trim": Forms("trim", "trims", "trimmed", "trimmed", "trimming"),
    "see": Forms("see", "sees", "saw", "seen", "seeing"),
    "lose": Forms("lose", "loses", "lost", "lost", "losing"),
    "win": Forms("win", "wins", "won", "won", "winning"),
    "mean": Forms("mean", "means", "meant", "meant", "meaning"),
    "hold": Forms("hold", "holds", "held", "held", "holding"),
    "speed": Forms("speed", "speeds", "sped", "sped", "speeding"),
    "say": Forms("say", "says", "said", "said", "saying"),
    "begin": Forms("begin", "begins", "began", "begun", "beginning"),
    "become": Forms("become", "becomes", "became", "become", "becoming"),
}

_VOWELS = "aeiou"


def forms(base: str) -> Forms:
    """The five forms of a verb given in its base form."""
    base = base.lower()
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    consonant_y = base.endswith("y") and base[-2:-1] not in _VOWELS  # "carry" -> "carries", "carried"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        s = base + "es"
    elif consonant_y:
        s = base[:-1] + "ies"
    else:
        s = base + "s"
    if base.endswith("e"):
        past = base + "d"
    elif consonant_y:
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        ing = base[:-1] + "ing"
    else:
        ing = base + "ing"
    return Forms(base, s, past, past, ing)


# Verbs that a template may start with (written in its -s form: "helps", "aims").
TEMPLATE_HEADS = ("be", "have", "help", "aim", "support", "reduce", "lower", "relieve", "manage",
                  "improve", "carry", "suggest", "offer", "show", "ease", "need", "vary", "work",
                  "remain", "seem", "appear", "contain", "provide", "include", "use", "mean")
_HEAD_BY_FORM = {}
for _verb in TEMPLATE_HEADS:
    for _form in forms(_verb):
        _HEAD_BY_FORM.setdefault(_form, _verb)
_HEAD_BY_FORM.update({"is": "be", "are": "be", "am": "be"})


def head_lemma(word: str) -> str | None:
    """The base form of a template's first word if it is one of TEMPLATE_HEADS."""
    return _HEAD_BY_FORM.get(word.lower())


# The form of a claim's verb, from its spelling against its lemma.
BASE, S_FORM, ED_FORM, ING_FORM = "base", "s", "ed", "ing"


def verb_form(word: str, lemma: str) -> str | None:
    """``base``, ``s``, ``ed`` (past or participle) or ``ing``; None if not an inflection of ``lemma``."""
    w, lemma = word.lower(), lemma.lower()
    if w == lemma:
        return BASE
    f = forms(lemma)
    if w == f.s or w in (lemma + "s", lemma + "es"):
        return S_FORM
    if w == f.ing or (w.endswith("ing") and w[:2] == lemma[:2]):
        return ING_FORM
    if w in (f.past, f.participle) or (w.endswith("ed") and w[:2] == lemma[:2]):
        return ED_FORM
    if w[:1] == lemma[:1] or lemma in _IRREGULAR:  # other irregular pasts: "shown", "made"
        return ED_FORM
    return None


# --------------------------------------------------------------------- articles

_AN_EXCEPTIONS = ("hour", "honest", "honour", "honor", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ewe")
_AN_LETTERS = set("aefhilmnorsx")  # letters whose name starts with a vowel sound: "an FDA", "an MRI"


def article_for(word: str) -> str:
    """'a' or 'an' before ``word`` (by sound, approximately)."""
    letters = re.sub(r"[^A-Za-z0-9]", "", word)
    if not letters:
        return "a"
    if letters[0].isdigit():
        return "an" if letters.startswith(("8", "11", "18")) and not letters.startswith("80") else "a"
    if len(letters) > 1 and letters.isupper():  # an acronym, spelled out
        return "an" if letters[0].lower() in _AN_LETTERS else "a"
    low = letters.lower()
    if low.startswith(_AN_EXCEPTIONS):
        return "an"
    if low.startswith(_A_EXCEPTIONS):
        return "a"
    return "an" if low[0] in _VOWELS else "a"


_ARTICLE = re.compile(r"\b([Aa]n?)(\s+)([\w’'-]+)")


def fix_articles(text: str) -> str:
    """Make every "a"/"an" in ``text`` agree with the word after it."""
    def swap(m: re.Match) -> str:
        want = article_for(m.group(3))
        have = m.group(1)
        if have.lower() == want:
            return m.group(0)
        new = want if have[0].islower() else want.capitalize()
        return new + m.group(2) + m.group(3)

    return _ARTICLE.sub(swap, text)


# Words a Title Case heading leaves in lower case.
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "to", "and", "or", "in", "on", "with", "by", "at"})


def match_case(text: str, like: str, title: bool = True) -> str:
    """Upper-case ``text`` when ``like`` is shouting, title-case it when ``like`` is a title
    (and ``title``: capitals that are names, as in "Europe's No.1", make no title)."""
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text.upper()
    words = [w for w in like.split() if w[:1].isalpha()]
    if title and len(words) > 1 and all(w[0].isupper() for w in words):
        out = []
        for i, w in enumerate(text.split(" ")):
            out.append(w if (i and w in TITLE_SMALL_WORDS) or not w[:1].islower() else w[0].upper() + w[1:])
        return " ".join(out)
    return text
