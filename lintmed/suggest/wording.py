"""Suggested wording that agrees with the sentence it replaces a claim in.

A rule's ``fix.replacements`` are templates for the claim span. Placeholders:

- ``{term}``   the term-list word the rule matched (else the claim);
- ``{match}``  the claim as written;
- ``{verb}``   the claim's first word, a verb, in its base form ("cures" -> "cure");
- ``{object}`` the claim after its first word ("cures arthritis" -> "arthritis").

A template written as a verb phrase for "it" - starting with ``may``, a form of
*be* or *have*, or one of ``inflect.TEMPLATE_HEADS`` in its -s form
("helps", "aims to") - is made to agree with the claim's verb:

=====================  ===============  ===================================
claim in its sentence  form             "may help relieve X" becomes
=====================  ===============  ===================================
it cures X             -s               may help relieve X
they cure X / Cure X   base             may help relieve X
it cured X             past             may have helped relieve X
it has cured X         participle       potentially helped relieve X
it can / will cure X   after a modal    potentially help relieve X
it may cure X          after a hedge    help relieve X  (no "may may")
it is curing X         progressive      potentially helping relieve X
by curing X            gerund           potentially helping relieve X
=====================  ===============  ===================================

and "is designed to" becomes "are / was / were / be / been / being designed
to" in the same way. A verb listed after others takes the modal of its clause
("can ease X, cure Y": after a modal); after "helps (to)" the hedge drops its
own "help". A verb-phrase template is offered only when the claim
starts with a verb. A template may start with conditions in brackets:
``[verb]`` the claim starts with a verb, ``[finite]`` ... with a verb that
has its own subject (present or past), ``[predicative]`` the claim follows
a form of *be* ("is FDA-approved"), ``[attributive]`` the claim is an
adjective phrase before a noun ("FDA-approved exosomes"), ``[nonverb]``
the claim does not start with a verb, ``[start]`` the claim starts its sentence
or a segment (after a dash, colon, bullet or quote). A template whose conditions or
placeholders cannot be met is left out.

Then: "a"/"an" inside the replacement agree with the next word, a claim that
starts its sentence (or is written in capitals or Title Case) gets a
replacement that does too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lintmed.findings import SUGGESTION_KINDS
from lintmed.rules.templates import PLACEHOLDER, SCOPE_TAGS, SUBSTITUTION, leading_tags
from lintmed.suggest.inflect import (BASE, ED_FORM, ING_FORM, S_FORM, TITLE_SMALL_WORDS, article_for, fix_articles, forms, head_lemma,
                             match_case, verb_form)

HEDGE_MODALS = frozenset({"may", "might", "could"})
MODALS = HEDGE_MODALS | frozenset({"can", "will", "would", "should", "must", "shall", "cannot", "'ll", "’ll",
                                   "to", "do", "does", "did", "help", "helps", "helped", "helping"})
BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "'s", "’s", "'re", "’re"})
HAVE = frozenset({"has", "have", "had", "having", "'ve", "’ve"})
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "our", "your", "their", "its",
                         "my", "his", "her", "some", "any", "no", "every", "each", "all", "of", "for", "with",
                         "in", "on", "at", "from", "into", "about", "without", "via", "than"})
PLURAL_SUBJECTS = frozenset({"we", "you", "they"})
HELP = frozenset({"help", "helps", "helped", "helping"})
# Words that take the claim's place in a noun phrase: the replacement brings no article of its own.
_NOUN_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "our", "your", "their", "its", "my", "his",
                               "her"})
# After these a capital starts a segment ("Tonic – Stops hair fall"), not a name.
_SEGMENT_MARKS = ("–", "—", "-", ":", "•", "“", '"', "(", "|", "*", ">")
# Words that need no capital for a sentence to count as a Title Case heading.
_SMALL_WORDS = TITLE_SMALL_WORDS | {"from", "as", "is"}
# Words that may stand between an auxiliary and its verb: "can really cure", "has completely eliminated".
_SKIPPABLE = frozenset({"also", "even", "just", "really", "truly", "actually", "now", "still", "already", "often",
                        "quickly", "finally", "effectively", "naturally", "completely", "virtually", "totally",
                        "safely", "gently", "significantly", "dramatically", "greatly", "literally", "simply",
                        "thus", "therefore", "then", "further", "additionally", "indeed"})
# -ing words that are usually nouns or adjectives in this copy ("healing power", "anti-ageing").
_NOMINAL_ING = frozenset({"healing", "ageing", "aging", "lasting", "amazing", "slimming", "firming", "lifting",
                          "tightening", "whitening", "breathtaking", "groundbreaking", "life-changing",
                          "cutting-edge", "leading", "interesting", "surprising", "outstanding", "anti-aging",
                          "anti-ageing", "paradigm-shifting", "game-changing", "existing", "underlying"})
# Claim verbs that rules match, beyond the lemma sets written in the rules themselves.
CLAIM_VERBS = frozenset("""
cure treat heal reverse repair regenerate fight prevent eliminate remove stop end erase banish destroy kill
guarantee ensure promise prove show demonstrate document confirm establish shrink dissolve melt burn flush
cleanse detox detoxify purify restore rebuild renew rejuvenate revitalize revitalise boost stimulate
accelerate promote enhance speed kickstart kick-start trigger reduce relieve alleviate improve increase
strengthen regulate modulate mend optimize optimise amplify expedite hasten unlock reset supercharge
maximize maximise deliver fortify reawaken reignite turbocharge double triple balance suppress lower
control lose drop slim shed work beat defeat conquer overcome target attack resolve fix solve transform
revolutionize revolutionise outperform regrow grow thicken tighten lift firm smooth erase stop halt
combat protect shield boost block cut replace avoid rid say get put
""".split())

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
SHORT_WORDS = 4


@dataclass(frozen=True)
class Shape:
    """How the claim sits in its sentence."""

    form: str | None  # pres3 | pres | imper | modal | hedged | past | perf | prog | gerund; None: no verb
    lemma: str  # the claim's first word's lemma
    plural: bool  # subject is plural (or I / you): "are", "were", "have"
    first_person: bool
    after_be: bool
    attributive: bool
    sentence_start: bool
    whole_sentence: bool = False  # the claim is the whole sentence, but for its end punctuation
    object: str | None = None  # the claim after its verb (or first word)
    title: bool = False  # the sentence is written in Title Case (a heading)
    segment_start: bool = False  # the claim starts the sentence or follows a dash, colon, bullet or quote
    word_before: str = ""  # the word just before the claim, lower-cased
    after_help: bool = False  # "helps (to) <claim>": a hedge must not say "help" again
    end_mark: bool = False  # ".", "!" or "?" follows the claim at once (after closing quotes)
    before_to: bool = False  # "to" and a verb follow the claim ("clinically proven to reduce ...")
    verbal_word: bool = False  # the claim's first word is a form of a claim verb, whatever its slot
    after_hyphen: bool = False  # the claim is the second half of a hyphenated word ("non-healing")
    before_hyphen: bool = False  # the claim is the first half of one ("instant pain-free")
    listed_after: bool = False  # an -s word follows after a comma or "and": a list of verbs


def _lemma(word: str) -> str:
    from lintmed.lemmas import lemma_table

    key = word.lower().replace("’", "'")
    return lemma_table().get(key, key)


_LIGHT_VERBS = frozenset({"help", "aid", "use", "have", "be", "do", "make", "get", "give", "take", "go", "offer",
                          "provide", "work", "play", "see", "feel", "find", "keep", "let"})
_RULE_VERBS: dict[int, tuple[object, frozenset[str]]] = {}


def rule_verbs(rule) -> frozenset[str]:
    """Single-word lemmas a rule's own patterns and frames name: its claim verbs (cached per rule)."""
    cached = _RULE_VERBS.get(id(rule))
    if cached is not None and cached[0] is rule:
        return cached[1]
    words = set()
    for token in (t for pattern in rule.patterns for t in pattern):
        if isinstance(token, dict) and isinstance(token.get("lemma"), (list, tuple)):
            words.update(w for w in token["lemma"] if isinstance(w, str) and " " not in w)
    for frame in rule.frames:
        for part in frame.get("parts", ()) if isinstance(frame, dict) else ():
            if isinstance(part, dict) and isinstance(part.get("lemma"), (list, tuple)):
                words.update(w for w in part["lemma"] if isinstance(w, str) and " " not in w)
    from lintmed.lemmas import lemma_table

    table = lemma_table()
    # Only lemmas that the lemma table knows inflected forms of are verbs ("cure": "cured");
    # nouns in the same lists ("treatment", "therapy") and light verbs are left out.
    verbs = frozenset(w for w in words if w not in _LIGHT_VERBS and (
        table.get(forms(w).past) == w or table.get(forms(w).ing) == w))
    _RULE_VERBS[id(rule)] = (rule, verbs)  # the rule is kept, so its id is not reused
    return verbs


# Words after which a noun phrase opens: prepositions, conjunctions and the verbs of getting a
# result ("such as improved texture", "it offers enhanced healing", "experience relief").
_NOUN_PHRASE_AFTER = frozenset({"and", "or", "with", "for", "of", "to", "by", "in", "as", "like", "offer", "offers",
                                "provide", "provides", "deliver", "delivers", "enjoy", "enjoys", "experience",
                                "experiences", "see", "sees", "notice", "get", "gets", "achieve", "achieves"})
# ... where an "-ed" word heads the noun phrase, not a past tense.
_ADJECTIVE_SLOT = _NOUN_PHRASE_AFTER | frozenset({"include", "includes", "including", "offering", "providing",
                                                  "give", "gives"})


def shape_of(sentence: str, start: int, end: int, verbs: frozenset[str] = frozenset()) -> Shape:
    """The shape of the claim ``sentence[start:end]``."""
    before = [w.lower() for w in _WORD.findall(sentence[:start])]
    claim = sentence[start:end]
    words = list(_WORD.finditer(claim))
    # A leading adverb is not the verb: "virtually eliminates the risk" -> eliminate; nor is
    # "help" before one ("help regulate X" -> regulate, hedged as "potentially help regulate").
    while len(words) > 1 and (words[0].group(0).lower() in _SKIPPABLE | HELP or (
            words[0].group(0).lower().endswith("ly") and len(words[0].group(0)) > 4)):
        words.pop(0)
    first = words[0].group(0) if words else ""
    rest = claim[words[0].end():].strip() if words else ""
    lemma = _lemma(first) if first else ""
    # The word before the claim, skipping adverbs between an auxiliary and its verb.
    i = len(before) - 1
    while i >= 0 and (before[i] in _SKIPPABLE or (before[i].endswith("ly") and len(before[i]) > 4)):
        i -= 1
    prev = before[i] if i >= 0 else ""
    prev_raw = before[-1] if before else ""
    head = sentence[:start].rstrip()
    sentence_start = not before and not re.search(r"[A-Za-z0-9]", head)
    segment_start = sentence_start or head.endswith(_SEGMENT_MARKS)
    plural = prev in PLURAL_SUBJECTS or prev == "i"
    if not plural and prev.endswith("s") and not prev.endswith(("ss", "us", "is")) and prev not in BE | HAVE:
        plural = _lemma(prev) != prev  # a plural noun: "treatments", "cells"
    after = sentence[end:].lstrip()
    attributive = bool(after[:1].isalpha())

    form = None
    vf = verb_form(first, lemma) if first and (lemma in CLAIM_VERBS or lemma in verbs) else None
    low = first.lower()
    # A base form that ends its sentence mid-way is a noun: "A Natural Cure".
    noun_at_end = vf == BASE and not rest and not sentence_start and not re.search(r"[A-Za-z0-9]", after)
    # ... and so is one followed by "in" or "of": "an increase in thickness", "GIRTH increase in length".
    noun_at_end = noun_at_end or (vf == BASE and re.match(r"(?:in|of)\b", rest.lower()) is not None)
    # "that"/"which" before a present-tense verb is its subject: "growth factors that stimulate X".
    relative = prev_raw in ("that", "which", "who") and vf in (BASE, S_FORM) and not sentence[:start].rstrip().endswith(",")
    if vf and low not in _NOMINAL_ING and (relative or (prev_raw not in DETERMINERS and not (
            prev in DETERMINERS and vf != ING_FORM))) and not noun_at_end:
        if vf == BASE:
            if prev in HEDGE_MODALS:
                form = "hedged"
            elif prev in MODALS:
                form = "modal"
            elif governor := _list_governor(head):
                form = "hedged" if governor in HEDGE_MODALS else "modal"
            elif sentence_start or prev in ("and", "or") or head.endswith((":", ";", "-", "–", "—")):
                form = "imper"
            elif prev in BE | HAVE:
                form = None
            else:
                form = "pres"
        elif vf == S_FORM:
            form = "pres3"
        elif vf == ED_FORM:
            # "-ed" after "and", a comma, a preposition or nothing is read as an adjective
            # ("decreased pain, and improved function"): a past verb needs its subject before it.
            no_subject = not prev or prev in _ADJECTIVE_SLOT or head.endswith((",", ":", ";"))
            form = "perf" if prev in HAVE else (None if prev in BE or no_subject else "past")
        elif vf == ING_FORM:
            form = "prog" if prev in BE else "gerund"
    whole = sentence_start and not re.search(r"[A-Za-z0-9]", sentence[end:])
    title = _is_title(sentence)
    after_help = prev in HELP or (prev == "to" and i > 0 and before[i - 1] in HELP)
    return Shape(form=form, lemma=lemma, plural=plural, first_person=prev == "i", after_be=prev in BE,
                 attributive=attributive and form is None, sentence_start=sentence_start, whole_sentence=whole,
                 object=rest or None, title=title, segment_start=segment_start, word_before=prev_raw,
                 after_help=after_help, end_mark=bool(re.match(r"[\s\"'”’)*_]*[.!?]", sentence[end:])),
                 verbal_word=vf is not None and low not in _NOMINAL_ING,
                 after_hyphen=sentence[:start].endswith("-"),
                 before_hyphen=sentence[end:].startswith("-"),
                 # "proven to reduce", not "proven to be", "been shown to treat" or "to cure"
                 before_to=prev_raw != "been" and bool(re.match(
                     r"\s+to\s+(?!be\b|have\b|treat|cure|heal|prevent|fight|reverse|kill|beat)\w", sentence[end:],
                     flags=re.IGNORECASE)),
                 listed_after=bool(re.match(r"\s*(?:,|and\b|or\b)\s*(?:also |even |then )?[a-z]+s\b(?<!ss)(?<!\bis)(?<!\bhas)(?<!\bthis)",
                                            sentence[end:])))


def _is_title(sentence: str) -> bool:
    """Whether the sentence is written in Title Case: more than one word that needs a
    capital, and all have one. Most sentences show that they are not by their second word."""
    significant = 0
    for m in _WORD.finditer(sentence):
        word = m.group(0)
        if word[:1].isalpha() and word.lower() not in _SMALL_WORDS:
            if not word[0].isupper():
                return False
            significant += 1
    return significant > 1


def _list_governor(head: str) -> str | None:
    """The modal that governs a base-form verb listed after others ("can ease pain,
    increase energy" -> "can"): the last modal of the clause, when the claim follows a
    comma, "and" or "or"."""
    clause = re.split(r"[.;:!?]", head)[-1]
    words = [w.lower() for w in _WORD.findall(clause)]
    if not (head.endswith(",") or (words and words[-1] in ("and", "or"))):
        return None
    return next((w for w in reversed(words) if w in MODALS and w not in ("do", "does", "did")), None)


def _inflect_head(template: str, shape: Shape) -> str | None:
    """Make a verb-phrase template agree with the claim's verb; None if it cannot."""
    words = template.split(" ")
    head = words[0].lower()
    rest = words[1:]
    form = shape.form
    if head == "may":
        if form == "imper":
            return None  # "Boost your energy" cannot become "May help boost ...": no subject to hedge
        if shape.after_help and len(rest) > 1 and rest[0] == "help":
            rest = rest[1:]  # "helps to regulate X" -> "helps to potentially regulate X"
        if not rest:
            return None
        verb = rest[0]
        lemma = head_lemma(verb) or verb.lower()
        f = forms(lemma)
        tail = " ".join(rest[1:])
        phrase = {
            "pres3": f"may {f.base}", "pres": f"may {f.base}", "imper": f"may {f.base}",
            "hedged": f.base, "modal": f"potentially {f.base}",
            "past": f"may have {f.participle}", "perf": f"potentially {f.participle}",
            "prog": f"potentially {f.ing}", "gerund": f"potentially {f.ing}",
        }[form]
        return f"{phrase} {tail}".strip()
    lemma = head_lemma(head)
    if lemma is None:
        return template
    f = forms(lemma)
    tail = " ".join(rest)
    if lemma == "be" and shape.after_help:
        return None  # "helps treat X" cannot become "helps be studied for X"
    if lemma == "be":
        word = {
            "pres3": "is", "pres": "am" if shape.first_person else "are", "imper": None,
            "hedged": "be", "modal": "be", "past": "were" if shape.plural and not shape.first_person else "was",
            "perf": "been", "prog": None, "gerund": "being",
        }[form]
    else:
        word = {
            "pres3": f.s, "pres": f.base, "imper": f.base, "hedged": f.base, "modal": f.base,
            "past": f.past, "perf": f.participle, "prog": f.ing, "gerund": f.ing,
        }[form]
    if word is None:
        return None
    if lemma == "be" and word in ("be", "been", "being") and tail.startswith("being "):
        tail = tail[len("being "):]  # "can be studied", not "can be being studied"
    return f"{word} {tail}".strip()


def _after_determiner(text: str, shape: Shape) -> str:
    """"the most trusted clinic" -> "the [a trusted] clinic" would say "the a": a claim
    that follows a determiner gives up its own leading article."""
    if shape.word_before in _NOUN_DETERMINERS:
        stripped = re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.IGNORECASE)
        if stripped:
            return stripped
    return text


def is_verbal(template: str) -> bool:
    """A template written as a verb phrase for "it": "may ...", "is ...", "has ...", "helps ..."."""
    first = template.split(" ", 1)[0].lower()
    lemma = head_lemma(first)
    return first in ("may", "is", "has") or (lemma is not None and lemma not in ("be", "have")
                                              and first == forms(lemma).s)


@lru_cache(maxsize=None)
def _parse(template: str) -> tuple[frozenset[str], str, bool, tuple[str, str] | None]:
    """A template's conditions, its text without them, whether it is a verb phrase, and
    its (pattern, replacement) if it is a substitution; once per template, not per claim."""
    tags, template = leading_tags(template)
    sub = SUBSTITUTION.match(template.strip())
    return tags, template, is_verbal(template), sub.groups() if sub else None


def _fits(tags, shape: Shape, claim: str) -> bool:
    """Whether the claim's shape meets a template's conditions (its CONDITION_TAGS)."""
    has_verb = shape.form is not None
    if "verb" in tags and not has_verb:
        return False
    if "finite" in tags and shape.form not in ("pres3", "pres", "past"):
        return False
    if "predicative" in tags and not (shape.after_be and not has_verb):
        return False
    if "attributive" in tags and not shape.attributive:
        return False
    # "potential {match}" in a noun slot only: not on a verb the shape did not read as one
    # ("that stimulate X", "in promoting X") nor after a hyphen ("non-healing").
    if "nonverb" in tags and (has_verb or shape.verbal_word or shape.after_hyphen):
        return False
    if "nonverb" in tags and not _takes_potential(shape, claim):
        return False
    if "sentence" in tags and not shape.whole_sentence:
        return False
    if "short" in tags and len(claim.split()) > SHORT_WORDS:
        return False
    if "start" in tags and not shape.segment_start:
        return False
    if ("to" in tags and not shape.before_to) or ("notto" in tags and shape.before_to):
        return False
    return not ("notbe" in tags and shape.word_before in BE)


def realise(template: str, shape: Shape, claim: str, term: str | None) -> str | None:
    """The replacement text for one template, or None when the template does not fit."""
    tags, template, verbal, sub = _parse(template)
    if not _fits(tags, shape, claim) or ((verbal or "{verb}" in template) and shape.form is None):
        return None
    if sub:
        return _substitute(*sub, claim, shape)
    fills = {"term": term or claim, "match": claim, "verb": shape.lemma, "object": shape.object}
    if "{object}" in template and fills["object"] is None:
        return None
    if verbal:
        template = _inflect_head(template, shape)
        if template is None:
            return None
    text = PLACEHOLDER.sub(lambda m: fills[m.group(1)], template)
    text = " ".join(text.split())
    # "is being studied for {object}" with "for post-menopause": one "for".
    text = re.sub(r"\b(for|to|of|in|on|with|the|a|an) \1\b", r"\1", text, flags=re.IGNORECASE)
    text = _after_determiner(fix_articles(text), shape)
    # Capitals on a claim that is a verb phrase are a heading's, not a name's ("to Promote Healing").
    text = match_case(text, claim, title=shape.title or shape.form is not None)
    first = claim.split(None, 1)[0] if claim.strip() else ""
    # A capital only where the claim had one: after ". . ." a sentence may start in lower case.
    if text and first[:1].isupper() and (shape.sentence_start or (
            (shape.title or shape.segment_start) and not first[1:2].isupper())):
        text = text[0].upper() + text[1:]
    # Punctuation the claim span starts or ends with stays: "FDA-approved." -> "not approved.".
    lead = re.match(r"[^\w]*", claim).group(0)
    trail = re.search(r"[^\w]*$", claim).group(0)
    if text and lead.strip() and not text.startswith(lead):
        text = lead + text
    if text and trail.strip() and not text.endswith(trail):
        text = text + trail
    # A sentence put in place of a sentence keeps the page's end mark ("Act fast!" ->
    # "Book a consultation ...!"), not both ("... for you.!").
    if "sentence" in tags and shape.end_mark:
        text = text.rstrip(".!?")
    return text or None


# Words after which "potential" can open a noun phrase: "the potential healing response",
# "with potential rapid results", "experience potential relief".
_BEFORE_POTENTIAL = DETERMINERS | _NOUN_DETERMINERS | _NOUN_PHRASE_AFTER | frozenset({
    "from", "on", "into", "than", "experienced", "notices", "noticed", "noticing", "seeing", "seek", "seeks",
    "seeking", "show", "shows", "shown", "support", "supports", "bring", "brings", "promote", "promotes"})


def _takes_potential(shape: Shape, claim: str) -> bool:
    """Whether "potential" reads well before the claim: after a determiner, a preposition or
    a verb of getting (not after an adjective or a noun: "the limited potential healing
    response", "wound potential healing"), and not before a verb ("potential are
    anti-inflammatory", "potential helping to regulate") or inside a compound ("potential
    instant pain-free")."""
    words = claim.split()
    if not words or words[0].lower() in BE or words[0].lower() in HELP or shape.before_hyphen:
        return False
    if shape.word_before and shape.word_before not in _BEFORE_POTENTIAL and not shape.segment_start:
        return False
    return True


def _verb_offset(claim: str) -> int:
    """Where the claim's verb starts (after leading adverbs)."""
    pos = 0
    for m in _WORD.finditer(claim):
        word = m.group(0).lower()
        if word in _SKIPPABLE or (word.endswith("ly") and len(word) > 4):
            pos = m.end()
            continue
        return m.start() if pos else 0
    return 0


def _substitute(pattern: str, replacement: str, claim: str, shape: Shape) -> str | None:
    """The claim with the first match of ``pattern`` replaced; None if it does not match."""
    try:
        m = re.search(pattern, claim, flags=re.IGNORECASE)
    except re.error:
        return None
    if not m:
        return None
    groups = m
    if m.start() == 0 and shape.segment_start and claim[:1].isupper() and not claim[1:2].isupper():
        # The first word is capitalised only because it starts the sentence (or a segment
        # after a dash or colon): moved later it is lower-case ("Studies show" -> "Early
        # studies suggest").
        groups = re.search(pattern, claim[0].lower() + claim[1:], flags=re.IGNORECASE)
    new = groups.expand(replacement.replace("\\/", "/"))
    if m.start() == _verb_offset(claim) and shape.form is not None and is_verbal(new):
        new = _inflect_head(new, shape)  # "stopped X" -> "may have helped reduce X"
        if new is None:
            return None  # no form of the wording fits the slot ("ease and even eliminate X")
    new = match_case(new, m.group(0), title=shape.title)
    word = m.group(0).split(None, 1)[0] if m.group(0).strip() else ""
    if (shape.title or shape.segment_start) and word[:1].isupper() and not word[1:2].isupper() \
            and new[:1].islower():
        new = new[0].upper() + new[1:]
    text = claim[:m.start()] + new + claim[m.end():]
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    text = fix_articles(text)
    if m.start() == 0:
        text = _after_determiner(text, shape)
    if text and m.start() == 0 and shape.sentence_start and text[:1].islower() and claim[:1].isupper():
        text = text[0].upper() + text[1:]
    return text  # "": the template deletes the claim's words


# Word sequences that a template put in the wrong slot leaves behind, read across the seams
# of the rewritten sentence: a finite verb after "to", a modal, an article or "doesn't"
# ("designed to is being studied", "a natural are being studied"), "be" with no modal or
# "to" before it ("injections be studied"), an infinitive where the claim was one ("uses
# them to be studied for"), "as harmless as" emptied ("as generally well tolerated, but it
# carries risks as"), "aims to support" or "results vary" in a slot that wanted something
# else ("results, aimed to support"; "results vary to calm your gut").
_BROKEN = re.compile(
    r"\b(?:to|a|an|the|natural|just|not|n't|can|will|may|might|could|should|would|must|cannot) (?:is|are) being\b"
    r"|\b(?!(?:to|can|could|may|might|will|would|should|must|cannot|not|also|never|shall|and|or)\b)\w+ be studied\b"
    r"|\bto be studied for\b"
    r"|\b(?:as|completely|totally|perfectly|absolutely|entirely|100%|very|extremely) generally well tolerated\b"
    r"|\baim(?:s|ed)? to support(?!\s+(?!(?:you|that|it|your|we|they|to)\b)[a-z])"
    r"|\bresults vary (?:to|for)\b|\b(?:is|are|was|were|be) results vary\b"
    # "IV drips that help the body are not approved": the new verb lost its subject
    r"|\bhelp(?:s|ed)? (?:[\w'’-]+ ){0,2}(?:is|are) (?:not|being)\b"
    # a disease has no appearance to improve
    r"|\bappearance of (?:[\w'’-]+ ){0,3}(?:disease|disorder|syndrome|diabetes|cancer|infection|failure|injury"
    r"|sclerosis|[a-z]+itis|dementia|depression|anxiety|autism)\b",
    re.IGNORECASE)


def _reads_broken(sentence: str, start: int, end: int, text: str) -> bool:
    """Whether ``text`` in place of ``sentence[start:end]`` leaves a sequence of _BROKEN
    that the sentence did not have: only the seams and the new words are read."""
    before, after = sentence[max(0, start - 40):start], sentence[end:end + 40]
    new = before + text + after
    old = sentence[max(0, start - 40):end + 40]
    return any(m.group(0).lower() not in old.lower() for m in _BROKEN.finditer(new))


def suggest(templates, sentence: str, start: int, end: int, term: str | None = None,
            verbs: frozenset[str] = frozenset()) -> list[str]:
    """Replacements for ``sentence[start:end]``, one per template that fits, in order, no
    repeats, and none that leaves the sentence ungrammatical in a way _BROKEN knows."""
    claim = sentence[start:end]
    shape = shape_of(sentence, start, end, verbs)
    out: list[str] = []
    for template in templates:
        text = realise(template, shape, claim, term)
        if text and text not in out and text != claim and not _reads_broken(sentence, start, end, text):
            out.append(text)
    return out


def describe(template: str) -> str:
    """A template as readers of the catalogue see it: conditions dropped, substitutions spelled out."""
    tags, text = leading_tags(template)
    if "drop" in tags:
        return "(delete the claim's words where the sentence reads without them)"
    if not text.strip() and "remove" in tags:
        return "(remove the sentence)"
    sub = SUBSTITUTION.match(text.strip())
    if sub:
        replacement = re.sub(r"\\(\d)", r"…", sub.group(2)) or "(nothing)"
        return f"{replacement} (in place of the matching words)"
    if "whole" in tags:
        return f"{text} (in place of the sentence)"
    if "after" in tags:
        return f"{text} (added after the sentence)"
    return text


# ------------------------------------------------------------ proposals (issue 16)

@dataclass(frozen=True)
class Proposal:
    """One suggestion for a claim: its wording, its kind, and the span of the sentence it
    replaces, ``[start, end)`` relative to the sentence (an empty span adds text there;
    empty wording deletes). ``sentence`` marks a whole-sentence removal, which the caller
    widens over the whitespace that follows the sentence."""

    text: str
    kind: str
    start: int
    end: int
    removes_sentence: bool = False
    scope: str = "claim"  # claim | words | sentence | after


# Words that a deleted modifier's neighbour cannot be left with: "proven to" without
# "proven", "safe and" without "safe".
_DANGLING_AFTER = frozenset({"to", "that", "than", "as", "and", "or", "of", "but", "nor", "&"})
_DANGLING_BEFORE = BE | HAVE | MODALS | DETERMINERS | frozenset({"and", "or", "very", "so", "too", "more", "most"})
_INTENSIFIERS = frozenset({"totally", "completely", "very", "so", "truly", "really", "absolutely", "entirely",
                           "perfectly", "utterly", "highly", "extremely", "incredibly", "remarkably"})
# Nouns that say nothing without their modifier: "antiviral activity" is not "activity".
_EMPTY_WITHOUT_MODIFIER = frozenset({"properties", "property", "activity", "activities", "action", "actions",
                                     "effect", "effects", "benefits", "qualities", "agent", "agents", "capabilities",
                                     "power", "potential", "ability", "abilities", "profile", "record", "track"})
_LEADING_INTENSIFIER = re.compile(r"\b(?:significantly|dramatically|greatly|markedly|drastically|hugely|massively|"
                                  r"vastly|totally|completely|really|truly|actually|heavily|strongly|powerfully|profoundly|"
                                  r"substantially|considerably|remarkably|tremendously|enormously|immensely)\s+$",
                                  re.IGNORECASE)
# An adverb in -ly just before the claim ("intensely stimulates"), and the hedge a wording opens with.
_LEADING_ADVERB = re.compile(r"\b(?!(?:family|supply|apply|reply|belly|jelly|assembly|anomaly|italy|july)\b)"
                             r"([A-Za-z]{3,}ly)\s+$", re.IGNORECASE)
_HEDGE_HEAD = re.compile(r"(?:may (?:have helped|help)|may|potentially help(?:ing)?|potentially) ", re.IGNORECASE)
_TRAILING_ADJUNCT = re.compile(r"^(?:in|within|without|for|forever|permanently|overnight|instantly|immediately|"
                               r"fast|quickly|at once|right away|with|from|after|by)\b", re.IGNORECASE)
_END_MARK = re.compile(r"([.!?…]+)([\s\"'”’)*_\]]*)$")


# Words a modifier cannot stand before (beyond DETERMINERS' prepositions): "achieving
# astonishing results like these" is not "achieving like these", nor "over and above what".
_NOT_A_HEAD = frozenset({"like", "unlike", "what", "which", "who", "whom", "whose", "where", "when", "how", "over",
                         "under", "through", "during", "after", "before", "within", "beyond", "around", "among",
                         "despite", "per", "versus", "vs", "because", "since", "while", "if", "so"})
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "2nd", "3rd", "4th", "5th", "6th", "next"})


def _drop(sentence: str, start: int, end: int, shape: Shape) -> Proposal | None:
    """Delete the claim's words where what is left is still a sentence: a modifier before
    its noun or verb ("FDA-approved exosomes", "permanently removes"), or a trailing
    adjunct ("in 7 days", "forever"). The span takes in one space, an "a"/"an" that must
    change, and the next word when it must take the capital; None where it cannot."""
    before_words = [w.lower() for w in _WORD.findall(sentence[:start])]
    prev = before_words[-1] if before_words else ""
    after = sentence[end:]
    nxt = _WORD.match(after.lstrip())
    claim = sentence[start:end]
    words = [w.lower() for w in _WORD.findall(claim)]
    if shape.whole_sentence or not words or re.search(r"\w['’]s\b", claim):
        return None  # a possessive heads its phrase: "the world's number one" has no modifier to lose
    # (An "-ed" or "-en" word before a noun is read as its modifier: "guaranteed results".)
    if (shape.form is not None or shape.verbal_word) and not words[0].endswith(("ly", "ed", "en")):
        return None  # a verb is no modifier: "further guarantees 100% restoration"
    trailing = bool(_TRAILING_ADJUNCT.match(claim)) and not re.search(r"[A-Za-z0-9]", sentence[end:])
    # Only a modifier goes: a few words, none of them the determiner of a noun phrase (a
    # verb with its object is no modifier: "your body's inability to expel").
    if not trailing and (len(words) > 3 or any(w in _NOUN_DETERMINERS or w in ("these", "those") for w in words)):
        return None
    # An intensifier of the claim goes with it: "totally non-toxic", "100% safe".
    lead = re.search(r"(?:\b(?:%s)|100%%)\s+$" % "|".join(sorted(_INTENSIFIERS)), sentence[:start], re.IGNORECASE)
    if lead:
        start = lead.start()
        before_words = [w.lower() for w in _WORD.findall(sentence[:start])]
        prev = before_words[-1] if before_words else ""
        claim = sentence[start:end]
    if nxt and after[:1].isspace():
        word = nxt.group(0)
        adverb = words[-1].endswith("ly") and len(words) == 1  # "has been permanently restored"
        if word.lower() in _DANGLING_AFTER or word.lower() in _EMPTY_WITHOUT_MODIFIER or (
                (prev in BE or prev in HAVE or prev in MODALS) and not adverb):
            return None  # "have proven ineffectual" loses its verb without "proven"
        # A modifier goes before its noun or verb, never before a preposition ("the best
        # clinic in London" is not "the in London"), and a comparison keeps its "than".
        if word.lower() in DETERMINERS | _NOT_A_HEAD or re.search(r"\b(?:than|as)\b", claim, re.IGNORECASE):
            return None
        # "the second most powerful X" is not "the second X".
        if prev in _ORDINALS:
            return None
        # Nor a phrase that ends in a preposition ("better to", "a cornerstone of"), nor the
        # subject of the verb that follows ("Many studies have reported").
        if words[-1] in DETERMINERS or words[-1] == "to" or word.lower() in BE | HAVE | MODALS:
            return None
        if (words[-1].endswith("er") or words[0] in ("more", "less")) and re.search(
                r"\bthan\b", sentence[end:], re.IGNORECASE):
            return None
        # "the most trusted and effective": a modifier in a list is not dropped alone.
        if prev in ("and", "or") or sentence[:start].rstrip().endswith(","):
            return None
        s, e = start, end + (len(after) - len(after.lstrip()))
        text = ""
        article = re.search(r"(?<![\w’'-])([Aa][Nn]?)(\s+)$", sentence[:start])
        if article:
            want = article_for(word)
            have = article.group(1)
            if have.lower() != want:
                s = article.start()
                text = (want.capitalize() if have[0].isupper() else want) + article.group(2)
        if s == 0 or (shape.segment_start and claim[:1].isupper() and not text):
            if claim[:1].isupper() and word[:1].islower():
                # "Revolutionary therapy ..." -> "Therapy ...": the next word takes the capital.
                e += len(word)
                text += word[0].upper() + word[1:]
        return Proposal(text, "remove", s, e, scope="words")
    # The claim ends its clause: only a trailing adjunct goes ("Lose weight in 7 days.").
    if not _TRAILING_ADJUNCT.match(claim) and not claim.lower().endswith("ly"):
        return None
    if prev in _DANGLING_BEFORE or not before_words:
        return None
    head = sentence[:start]
    s = len(head.rstrip())
    return Proposal("", "remove", s, end, scope="words")


def _whole(template: str, shape: Shape, claim: str, term: str | None, sentence: str) -> str | None:
    """A sentence-length template put in place of the whole sentence: placeholders filled,
    the sentence's own bullets, quotes and end mark kept, Title Case for a heading."""
    fills = {"term": term or claim, "match": claim, "verb": shape.lemma, "object": shape.object}
    if "{object}" in template and fills["object"] is None:
        return None
    text = PLACEHOLDER.sub(lambda m: fills[m.group(1)], template).strip()
    text = fix_articles(" ".join(text.split()))
    body = text.rstrip(".")
    mark = _END_MARK.search(sentence.rstrip())
    if mark:
        text = body + ("." if mark.group(1) in ("!", "?", "…") or mark.group(1).startswith(".") else mark.group(1))
    else:
        text = body  # a heading or bullet has no end mark
    if shape.title:
        text = match_case(text, "Title Case", title=True)
    # A bullet or number that opens the sentence stays: the list keeps its form.
    bullet = re.match(r"[\s\-–—•*>]+(?=\w)|\d+[.)]\s+", sentence)
    return (bullet.group(0) if bullet else "") + text if text else None


def _addition(template: str, sentence: str) -> str:
    """Wording added after the sentence: a sentence of its own after an end mark, else a
    bracketed aside (a heading or a quote with no full stop)."""
    text = " ".join(template.split())
    if _END_MARK.search(sentence.rstrip()):
        return " " + text
    return " (" + text[0].lower() + text[1:].rstrip(".") + ")"


def propose(templates, sentence: str, start: int, end: int, term: str | None = None,
            verbs: frozenset[str] = frozenset(), default_kind: str = "hedge") -> list[Proposal]:
    """The suggestions a rule's templates make for ``sentence[start:end]``, in order, no
    repeats. A template names its kind with a tag ([hedge], [qualify], [reframe],
    [remove], [typicality]; else ``default_kind``) and its scope with another ([whole],
    [after], [drop]; else the claim's words); ``[remove]`` alone removes the sentence."""
    claim = sentence[start:end]
    shape = shape_of(sentence, start, end, verbs)
    out: list[Proposal] = []
    if _quoted(sentence, start, end):
        # Someone else's words are never rewritten: a typicality statement after them, or
        # their removal.
        templates = [t for t in templates if "after" in _parse(t)[0] or not _parse(t)[1].strip()]
        templates = ["[typicality] [after] Individual results vary."] + templates
    for template in templates:
        tags, body, _, sub = _parse(template)
        kind = next((k for k in SUGGESTION_KINDS if k in tags), default_kind)
        proposal = None
        if kind == "remove" and not body.strip() and not tags & SCOPE_TAGS:
            if _conditions_met(tags, shape, claim):
                proposal = Proposal("", "remove", 0, len(sentence), removes_sentence=True, scope="sentence")
        elif "drop" in tags:
            if _conditions_met(tags, shape, claim):
                proposal = _drop(sentence, start, end, shape)
        elif "whole" in tags:
            # A person's own words ("I've cut my insulin ...") are not replaced by ours.
            if _conditions_met(tags, shape, claim) and not _FIRST_PERSON.search(sentence):
                text = _whole(body, shape, claim, term, sentence)
                proposal = Proposal(text, kind, 0, len(sentence), scope="sentence") if text else None
        elif "after" in tags:
            # "Every client gets X. Individual results vary." contradicts itself: a disclosure
            # must change the net impression (16 CFR 255.2(b)), not sit beside an
            # "every" or "always" that still says the opposite.
            universal = kind == "typicality" and not _quoted(sentence, start, end) and _UNIVERSAL.search(sentence)
            # Nor is it said twice: "Individual results vary, but you will see ...".
            said = kind == "typicality" and _RESULTS_VARY.search(sentence)
            if _conditions_met(tags, shape, claim) and not universal and not said:
                proposal = Proposal(_addition(body, sentence), kind, len(sentence), len(sentence), scope="after")
        else:
            text = realise(template, shape, claim, term)
            if text == "" and sub:
                dropped = _drop(sentence, start, end, shape)
                proposal = replace(dropped, kind=kind if kind != default_kind else "remove") if dropped else None
            elif text and text != claim and not _reads_broken(sentence, start, end, text):
                proposal = Proposal(text, kind, start, end)
                lead = _LEADING_INTENSIFIER.search(sentence, 0, start)
                if lead and text.lower().startswith(("may ", "potentially ")):
                    # "significantly improving X" -> "potentially helping improve X", not
                    # "significantly potentially helping": the intensifier goes with the hedge.
                    proposal = replace(proposal, start=lead.start())
                elif (adverb := _LEADING_ADVERB.search(sentence, 0, start)) and (hedge := _HEDGE_HEAD.match(text)):
                    # "naturally boosts X" -> "may help naturally boost X", not "naturally may help
                    # boost X": the hedge comes first, the writer's adverb stays with the verb.
                    proposal = replace(proposal, start=adverb.start(),
                                       text=hedge.group(0) + adverb.group(1) + " " + text[hedge.end():])
                if shape.listed_after and shape.form == "pres3" and text.lower().startswith("may "):
                    # "boosts X, increases Y and controls Z": the hedge takes the whole list,
                    # each verb in the base form after "may".
                    listed = _base_forms_after(sentence, end, verbs)
                    proposal = replace(proposal, text=text + listed[1], end=listed[0]) if listed else None
        if proposal and _HEDGE_HEAD.match(proposal.text) and _PROOF_BEFORE.search(sentence, 0, proposal.start):
            # "proven to potentially help reduce X" still says it is proven: a hedge under a
            # claim of proof contradicts it. The proof is what must change (its own finding).
            proposal = None
        if proposal and proposal.text.startswith("potentially ") and not proposal.removes_sentence:
            proposal = _hedge_the_help(sentence, proposal)
        if proposal and not proposal.removes_sentence:
            proposal = _no_echo(sentence, proposal)
        if proposal and proposal not in out:
            out.append(proposal)
    return out


# "has been proven to", "clinically shown to": a claim of proof just before the claim.
_PROOF_BEFORE = re.compile(r"\b(?:proven|proved|shown|demonstrated|guaranteed|found)\s+to\s+$", re.IGNORECASE)


# "reduce or eliminate X": the verb coordinated just before the claim.
_COORDINATED_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:or|and|and/or)\s+$", re.IGNORECASE)


def _no_echo(sentence: str, proposal: Proposal) -> Proposal:
    """"reduce or eliminate your symptoms" hedged is "reduce your symptoms", not "reduce or
    potentially help reduce your symptoms": where the softer verb is the one already
    coordinated before the claim, the claim's verb and its "or" go."""
    before = _COORDINATED_BEFORE.search(sentence, 0, proposal.start)
    hedge = _HEDGE_HEAD.match(proposal.text)
    if not before or not hedge:
        return proposal
    softer = proposal.text[hedge.end():].split(" ", 1)[0]
    if _lemma(softer) != _lemma(before.group(1)):
        return proposal
    verb = _WORD.search(sentence, proposal.start)
    if not verb:
        return proposal
    return replace(proposal, text="", start=before.end(1), end=verb.end())


# "helps boost X", "to help boost X": the help-verb just before a hedged claim.
_HELP_BEFORE = re.compile(r"\b(?P<aux>(?:to|can|could|will|would|should|must|do|does|did)\s+)?"
                          r"(?P<help>helps|help|helped|helping)\s+(?P<to>to\s+)?$", re.IGNORECASE)


def _hedge_the_help(sentence: str, proposal: Proposal) -> Proposal:
    """The hedge goes before a help-verb in front of the claim, not between the two:
    "helps boost X" -> "may help boost X" (not "helps potentially boost X"), "to help
    boost X" -> "to potentially help boost X"."""
    m = _HELP_BEFORE.search(sentence, 0, proposal.start)
    if not m:
        return proposal
    verb = proposal.text[len("potentially "):]
    help_word, to = m.group("help"), m.group("to") or ""
    if m.group("aux") or help_word.lower() == "helping":
        text = f"potentially {help_word} {to}{verb}"
    elif help_word.lower() == "helped":
        text = f"may have helped {to}{verb}"
    else:
        text = f"may help {to}{verb}"
    if help_word[:1].isupper():
        text = text[0].upper() + text[1:]
    return replace(proposal, text=text, start=m.start("help"))


_OPEN_QUOTES = "\"“‘"
_CLOSE_QUOTES = "\"”’"


_FIRST_PERSON = re.compile(r"\b(?:I|my|me|mine|I'm|I’m|I've|I’ve|I'd|I’d)\b")
_RESULTS_VARY = re.compile(r"\bresults?\s+(?:may\s+|will\s+|can\s+|do\s+)?(?:vary|differ)|\bnot\s+typical\b",
                           re.IGNORECASE)
# Words that say a result is everyone's or certain: "every client", "all of our patients",
# "always", "guaranteed" (not "every day" or "all day").
_UNIVERSAL = re.compile(r"\b(?:every|each|all)\s+(?:(?:of|the|our|one|single|these|those)\s+)*(?:\w+\s+)?"
                        r"(?:clients?|patients?|customers?|users?|people|persons?|members?|children|kids|men|"
                        r"women|adults?|guests?|one)\b|\b(?:always|everyone|everybody|anyone|guaranteed?|"
                        r"without fail|no matter)\b|\b100\s?%", re.IGNORECASE)


def _quoted(sentence: str, start: int, end: int) -> bool:
    """Whether the claim sits inside a quotation in a person's own voice (a testimonial):
    an opening double quote before it that no closing one follows until after it, and the
    first person singular inside."""
    before = sentence[:start]
    opens = max(before.rfind("“"), before.rfind('"') if before.count('"') % 2 else -1)
    if opens < 0 or "”" in before[opens:]:
        return False
    closes = [i for i in (sentence.find('"', end), sentence.find("”", end)) if i >= 0]
    if not closes:
        return False
    return bool(_FIRST_PERSON.search(sentence[opens:min(closes)]))


_LIST_ITEM = re.compile(r"(\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)((?:also |even |then )?)([a-z]+)\b")


def _base_forms_after(sentence: str, end: int, verbs: frozenset[str]) -> tuple[int, str] | None:
    """The verbs listed after a claim's -s verb, each put in its base form: (where the
    list ends, the list so rewritten); None if no -s verb follows."""
    clause_end = re.search(r"[.;:!?]|$", sentence[end:]).start() + end
    text = sentence[end:clause_end]
    out, pos, found = [], 0, False
    for m in _LIST_ITEM.finditer(text):
        word = m.group(3)
        lemma = _lemma(word)
        if verb_form(word, lemma) != S_FORM or not (lemma in CLAIM_VERBS or lemma in verbs) or word == lemma:
            continue
        out.append(text[pos:m.start(3)] + forms(lemma).base)
        pos = m.end(3)
        found = True
    if not found:
        return None
    return clause_end, "".join(out) + text[pos:]


def _conditions_met(tags, shape: Shape, claim: str) -> bool:
    """Whether a template's shape conditions hold, for a template that does not word the
    claim itself (realise checks them for span wording): the claim has words, and ``_fits``."""
    return bool(claim.split()) and _fits(tags, shape, claim)
