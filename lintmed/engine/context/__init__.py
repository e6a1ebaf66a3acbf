"""The context pass: is a claim negated, hedged, questioned or reported?

``scope`` is the algorithm (cues found in a sentence, each governing a scope);
``cues`` is its lexicon, as data (the cue table and the word lists it reads).
"""
from lintmed.engine.context.cues import LEXICON, Cue
from lintmed.engine.context.scope import SentenceCues, assess_context, assess_tokens, is_status_claim, read_cues

__all__ = ["LEXICON", "Cue", "SentenceCues", "assess_context", "assess_tokens", "is_status_claim", "read_cues"]
