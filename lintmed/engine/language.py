"""Which language a page is in, cheaply, so that a page lintmed cannot read is reported
as not checked instead of passing in silence (lintmed's rules and lemmas are English).

The page's own declaration wins: ``<html lang="es">`` in HTML (or raw HTML in
Markdown), ``lang:`` / ``language:`` / ``locale:`` in Markdown front matter. A page
declared English is always checked. Otherwise the prose is counted against short
lists of each language's commonest function words: a page is another language's
when those words are frequent and English ones are rare. Short texts are always
checked: there is too little to tell.
"""
from __future__ import annotations

import re

ENGLISH = "en"
NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
         "pt": "Portuguese", "nl": "Dutch"}
# Function words, none of them an English word a health page uses often ("a", "in",
# "is", "son" are left out; "die" stays: an English page has many more English ones).
# Elided articles ("l'", "d'") are words of their own here.
_FUNCTION_WORDS = {
    "en": "the and of to for with that this you your our we it on are be by or from at not can "
          "have has will was were which who what how do does been its their they",
    "es": "el la los las del que y un una por con para es son su sus nuestro nuestra nuestros "
          "como más pero sin sobre también muy hoy al lo se le usted ya está están puede",
    "fr": "le les des du et une est sont pour avec dans qui vous votre vos nos notre sur pas "
          "plus au aux ce cette ces leur être avons d l qu n",
    "de": "der das und ist sind mit für von den dem ein eine nicht zu auf im wir unser unsere "
          "sie ihr ihre auch bei oder wird werden die des dass wurde war",
    "it": "il lo gli di della che è per con sono non nel nella ai dei delle più nostro nostra "
          "questo questa anche del l dell all nell",
    "pt": "os do da dos das que em um uma para com não é são seu sua nosso nossa mais pelo "
          "pela você está",
    "nl": "het een van zijn met voor op niet dat wij ons onze uw ook naar bij wordt worden "
          "deze",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
# Thresholds: how much function-word evidence makes a page another language's.
MIN_WORDS = 12  # fewer words than this: always checked
SAMPLE_WORDS = 400  # the first words of the prose are enough
MIN_SHARE = 0.12  # the other language's function words among all words
ENGLISH_RATIO = 3  # and at least this many times the English ones

_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.I)
_FRONT_MATTER_LANG = re.compile(
    r"""\A(?:---|\+\+\+)[ \t]*\r?\n(?:.*?\r?\n)??[ \t]*(?:lang|language|locale)[ \t]*[:=][ \t]*["']?([A-Za-z]{2,3})\b""",
    re.S)


def declared(source: str, fmt: str) -> str | None:
    """The primary language subtag the page declares, lowercased ("es" for "es-MX")."""
    m = _HTML_LANG.search(source[:20000]) if fmt in ("html", "markdown") else None
    if not m and fmt == "markdown":
        m = _FRONT_MATTER_LANG.match(source)
    return m.group(1).lower() if m else None


def _first_words(prose: str) -> list[str]:
    """The first SAMPLE_WORDS words of ``prose`` (all, when it has fewer), found in a
    prefix that grows until it holds one more word than that (the last may be cut short
    at the prefix's end): one findall in C, where a page's prose is far longer."""
    size = SAMPLE_WORDS * 8
    while True:
        words = _WORD.findall(prose, 0, size)
        if len(words) > SAMPLE_WORDS or size >= len(prose):
            return words[:SAMPLE_WORDS]
        size *= 2


def guess(prose: str) -> str | None:
    """The language of the prose by its function words; None when it cannot tell or it is English."""
    words = [word.lower() for word in _first_words(prose)]
    if len(words) < MIN_WORDS:
        return None
    counts = {lang: sum(map(vocab.__contains__, words)) for lang, vocab in _WORDS.items()}
    english = counts.pop(ENGLISH)
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    if hits >= MIN_SHARE * len(words) and hits >= ENGLISH_RATIO * max(english, 1):
        return lang
    return None


def page_language(source: str, fmt: str, prose: str) -> str:
    """The page's language: declared, else guessed from ``prose``, else English."""
    return declared(source, fmt) or guess(prose) or ENGLISH


def describe(lang: str) -> str:
    """'Spanish (es)' for a known code, the code itself otherwise."""
    return f"{NAMES[lang]} ({lang})" if lang in NAMES else lang
