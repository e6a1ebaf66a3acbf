"""The context pass: is a span negated, hedged, questioned or reported?

A small ConText-style scope algorithm (Chapman et al.; medspaCy's context
rules): cues from a lexicon, each with a kind, a direction and a window;
terminators ("but", "however", ";") end a cue's scope; pseudo-cues ("not
only", "no more") are matched first so that they hide the cues inside them.
It knows nothing of lintmed's rules: each rule decides which kinds suppress it.
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.findings import Context, Trigger

FORWARD, BACKWARD, NEAR, SENTENCE = "forward", "backward", "near", "sentence"


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # each matches a token's lowercased text or lemma
    # negated | status-negated | hedged | pseudo | rhetorical | source | report | distance
    # | claimant | claimverb | mention
    kind: str
    direction: str = FORWARD
    window: int = 10


def _cues(kind: str, phrases: str, direction: str = FORWARD, window: int = 10) -> list[Cue]:
    return [Cue(tuple(p.split()), kind, direction, window) for p in phrases.split("|")]


LEXICON: list[Cue] = [
    # Negation. "n't" and "cannot" arrive as tokens "n't" / "can" "not".
    *_cues("negated", "no|not|n't|never|none|neither|nor|without|nobody|no one|nothing|lack|lack of"
           "|absence of|fail to|yet to|rather than|instead of|cannot|unable to|free from|unproven"
           "|unapproved|unlicensed|unsubstantiated", FORWARD, 12),
    # "there is no evidence that ... can treat" governs a long clause.
    *_cues("negated", "no evidence|no scientific evidence|no proof|no reliable evidence|no good evidence"
           "|no data|no study|no clinical evidence|no credible evidence|no consensus|not show|not demonstrate"
           "|not establish|not be establish|not support|not be show", FORWARD, 20),
    *_cues("negated", "be untrue|be false|be a myth|be not true|not exist|be unfounded|be misleading"
           "|be not the same as", BACKWARD, 12),
    # A status denied after its subject: "stem cell treatments for macular degeneration are
    # not FDA-approved"; "therapies for knee pain have not been approved by the FDA".
    *_cues("negated", "be not fda|be not approve|have not be approve|be not clear|have not be clear"
           "|be not license|have not be license|be not authorize|be not authorise|be not prove"
           "|have not be prove|have not be show|have not be evaluate|be not evaluate|be not support by"
           "|be not back by|be unsupported|lack evidence|lack any evidence", BACKWARD, 12),
    # "registered does not mean approved" / "this does not mean it has no side effects".
    *_cues("negated", "not mean|n't mean", NEAR, 12),
    # What was shown or promised comes after the claim and denies it ("studies have shown
    # there is no benefit"; "a cure will not be realized for years").
    *_cues("negated", "no benefit|no effect|no significant|no clear benefit|no improvement|no difference"
           "|not effective|be ineffective|not work|n't work|no better than|not be realize|not be realise"
           "|year away|remain unproven|remain unclear|remain to be see|yet to be prove|yet to be show",
           BACKWARD, 8),
    # Evidence reported as negative denies every claim of its sentence ("for HIV, although
    # it works in vitro, trials have shown there is no benefit").
    *_cues("negated", "show there be no|find there be no|show no benefit|find no benefit|show no effect"
           "|find no effect|show no improvement|find no improvement", SENTENCE),
    # A sentence that says registration or a listing is not approval denies every
    # approval-status claim in it, on either side ("FDA-registered labs, but this does not
    # mean FDA approval"); it negates only claims about regulatory status (STATUS_WORDS).
    *_cues("status-negated", "not approval|not an approval|not fda approval|not mean approval"
           "|not mean fda approval|n't mean approval|n't mean fda approval|not imply approval"
           "|not imply fda approval|n't imply approval|not the same as approval|not equal approval"
           "|not indicate approval|not signify approval|not an endorsement", SENTENCE),
    # Pseudo-cues: look like negation but assert ("no more pain", "not only cures").
    *_cues("pseudo", "not only|not just|no doubt|no wonder|no more|no longer|never again|no need"
           "|nothing like|no other|not to mention|do not wait|n't wait|do not miss|n't miss"
           "|no matter|not least|not alone|can not wait|without delay|without waiting"),
    # Hedges: the claim is put as possible, early or individual.
    *_cues("hedged", "may|might|could|possibly|potentially|perhaps|potential|promising|promise of"
           "|hope|hopefully|aim to|design to|intend to|aim of|goal of|purpose of|intention of"
           "|suggest|preliminary|early study"
           "|early research|early stage|early evidence|early result|being study|be study|under investigation"
           "|investigational|experimental|believe|appear to|seem to|likely|not necessarily|some patient"
           "|some people|in some case|may vary|vary from|is being research"
           "|be investigate|be explore|be research"),
    # A modest or promising result named beside the claim ("has been shown to provide some
    # relief"; "some symptomatic relief in early arthritis"; "evidence demonstrates it as a
    # promising option").
    *_cues("hedged", "some relief|some symptomatic|some benefit|some improvement|some reduction"
           "|modest benefit|modest improvement|modest reduction|modest relief|slight improvement"
           "|slight reduction|partial relief|mild improvement|a promising|as promising|show promise"
           "|hold promise|promising result", NEAR, 10),
    # What most people get, said beside a testimonial, qualifies it (16 CFR 255.2(b)): "before-
    # and-after photos show individual results"; "most clients see a smaller change".
    *_cues("hedged", "individual result|individual patient|individual experience|not typical|n't typical"
           "|atypical|smaller change|milder change|smaller result|milder result|less dramatic|more modest"
           "|result vary|result may vary", NEAR, 12),
    # Stated limits of the evidence qualify every claim in the sentence (REGULATORY.md's
    # accepted wording: "small, preliminary studies found...; larger trials are needed").
    *_cues("hedged", "need further study|need further research|need more research|need more study"
           "|need large trial|need more evidence|more research be need|further research be need"
           "|more study be need|further study be need|large trial be need|more evidence be need"
           "|limited evidence|little evidence|evidence be limit|evidence be mixed|evidence be weak"
           "|not yet prove|not yet be prove|not yet establish", SENTENCE),
    # Evidence summaries that state their limits ("studies in animals have shown"; "a small
    # pilot study"; "results were mixed") qualify every claim of the sentence.
    *_cues("hedged", "in animal|animal study|animal model|in cell culture|test tube|test-tube|small study"
           "|pilot study|few study|handful of study|mixed result|result be mixed|inconclusive"
           "|insufficient evidence|not enough evidence|weak evidence|low-quality evidence|low quality evidence"
           "|more trial|large trial|further trial|randomized trial be need|randomised trial be need"
           "|uncertain|unclear whether|not clear whether|not know whether|unknown whether", SENTENCE),
    *_cues("hedged", "in some patient|for some patient|for some people|in some people|in early study"
           "|in preliminary study|in animal study|in laboratory study|in the laboratory|in vitro|in mice"
           "|in rat", BACKWARD, 12),
    # Rhetorical openers: a question that asserts ("Did you know we treat...?").
    *_cues("rhetorical", "did you know|do you know|have you hear|have you try|ever wonder|ready to"
           "|why wait|why suffer|why live|tired of"
           "|sick of|struggle with|look for|want to|what if|be it time|who would|would not it|would n't it"
           "|can you imagine|imagine", SENTENCE),
    # Reported speech: an authority or critic as source, with a reporting verb.
    *_cues("source", "fda|ftc|asa|cap|mhra|nih|cdc|ema|nhs|regulator|agency|authority|government"
           "|court|judge|attorney general|warning letter|critic|watchdog|investigator|the complaint"
           "|ruling|the guidance|the code|the law|the order|the settlement|department of health"
           "|food and drug administration|federal trade commission|advertising standards authority"
           "|consumer advocate|scientist|researcher|study author|the commission|the panel|nad|crn|asci"
           "|bbb|tga|fsa|health canada|attorney|prosecutor|the board|the committee|complainant|plaintiff"
           "|the state|the authority|the agency|the ruling|the adjudication|the guide", SENTENCE),
    *_cues("report", "warn|say|state|caution|report|find|rule|conclude|allege|argue|advise|note"
           "|consider|require|prohibit|ban|charge|accuse|explain|clarify|recommend|tell|uphold"
           "|challenge|order|bar|write|notify|question|criticize|criticise|declare|determine"
           "|according to|insist|stress|emphasize|emphasise|urge|acknowledge|accept|agree|contend"
           "|seek|issue|assert|maintain|observe|describe|deem|judge|instruct|demand|remind"
           "|point out|understand|investigate|sue|fine|settle|confirm", SENTENCE),
    # Distancing: the sentence holds a claim at arm's length, whoever speaks.
    *_cues("distance", "falsely|deceptively|deceptive|misleading|unsubstantiated|unproven claim"
           "|so-called|purported|purportedly|allegedly|touted|illegal|unlawful|against the law|breach"
           "|claims made|claims that|claims which"
           "|claims of|claims about|claim about|such claims|claiming|the claim that|a claim that|make the claim"
           "|implied claim|implied|market as|advertise as|promote as"
           "|bogus|fraudulent|scam|scammer|fraudster|quack|quackery|snake oil|debunk|myth|the impression"
           "|give the impression|imply that|should avoid"
           "|must not|should not|be prohibit|not permit|not allow|warning letter|injunction"
           "|we consider|we conclude|we understand|we note|we acknowledge|we told|be unable to substantiate"
           "|not substantiate|substantiation|words like|terms like|words such as|terms such as"
           "|phrases like|imply|you market|you promote|you advertise|your website|your product label"
           "|your labeling|your labelling|your social media|the product name|your product be intend"
           "|your products be intend|be intend for use in", SENTENCE),
    # A claim named as a topic: who may make it ("only licensed medicines may claim to
    # treat disease") is not the claim.
    *_cues("distance", "may claim|can claim|may only claim|can only claim|allow to claim|permit to claim"
           "|may not claim|entitle to claim|right to claim|legally claim|be able to claim", SENTENCE),
    # A risk named is not a benefit claimed ("an increased risk of certain cancers"; "side
    # effects can include"); "reduce the risk of" is the claim itself (see _RISK_REVERSERS).
    *_cues("risk", "risk of|risks of|at risk|a risk|possible risk|potential risk|serious risk|risk include"
           "|side effect|adverse effect|adverse event|complication|danger of|can cause|may cause|could cause"
           "|contraindicate|should not be use|should not use|not suitable for|not recommend for", FORWARD, 10),
    # Advice to see a doctor frames the sentence as caution, not as a promise ("patients with
    # diabetes should check with their doctor before a drip").
    *_cues("advice", "check with your|check with their|check with a|talk to your|talk with your|talk to a"
           "|consult your|consult a|consult with|ask your doctor|ask your pharmacist|see your doctor"
           "|see a doctor|see your gp|see a gp|speak to your|speak with your|seek medical|medical advice"
           "|call 911|emergency room|emergency department|a medical emergency", SENTENCE),
    # A third party's claim ("clinics claim to cure") is reported; "doctors claim" is not.
    *_cues("claimant", "clinic|company|seller|marketer|advertiser|ad|advert|advertisement|website"
           "|provider|firm|manufacturer|business|promoter|vendor|retailer|advertising|marketing|other"
           "|proponent|supporter|advocate|product|supplement|remedy|pill|device|cream|brand|treatment"
           "|therapy|app|influencer|practitioner", SENTENCE),
    *_cues("claimverb", "claim|promise|tout|advertise|market|purport|boast|peddle|call|say|state|tell|urge"
           "|push|pressure|pressurise|pressurize", SENTENCE),
    # A claim someone else might make, put as a condition ("If anyone tells you a cryo
    # session can cure inflammation, ask for the evidence").
    *_cues("distance", "if anyone tell|if someone tell|if anybody tell|if somebody tell|if anyone say"
           "|if someone say|if anyone promise|if someone promise|if anyone claim|if someone claim"
           "|if a clinic|if a provider|if a seller|if an ad|if a website|if a product", SENTENCE),
    # Beliefs reported from a survey or third party ("27% said they thought it would ease
    # pain"); what our own patients say is a testimonial and stays a claim.
    *_cues("distance", "they think|they believe|they expect|they hope|respondent|survey respondent"
           "|participant believe|participant think", SENTENCE),
    # Words about wording: a quoted claim beside one of these is mentioned, not made
    # ('the claim "FDA approved"', 'an ad which stated "hurry"'). Speech verbs ("say",
    # "tell") are left out: a quoted patient is a testimonial.
    *_cues("mention", "claim|term|phrase|word|wording|label|labelling|labeling|statement|state|mean"
           "|headline|tagline|slogan|ad|advert|advertisement|advertising|describe|market|promote"
           "|brand|call|red flag|warning sign|watch for|watch out for|wary|beware|avoid|ban|forbid"
           "|guideline|ask", SENTENCE),
]

# A claim followed by one of these nouns is named, not made ("non-toxic claims").
MENTION_NOUNS = frozenset("claim claims label labels labelling labeling wording language terminology "
                          "statement statements".split())
# Lemmas of a regulatory-status claim, the only claims a "status-negated" cue negates.
STATUS_WORDS = frozenset("fda mhra ema approve approval register registration clear clearance certify "
                         "certification compliant regulate license licence licensed authorize authorise "
                         "authorization authorisation endorse endorsement".split())
OPEN_QUOTES, CLOSE_QUOTES, STRAIGHT_QUOTES = frozenset("“‘«"), frozenset("”’»"), frozenset('"')
FIRST_PERSON = frozenset("our my we i".split())
ARTICLES = frozenset("the a an".split())

TERMINATORS = frozenset(
    "but however although though yet except whereas unlike nevertheless nonetheless still "
    "; : — – ( ) [ ] because since while which".split()
)
CLAUSE_STARTS = frozenset(
    "it they we you this these those he she there has have had is are was were can could will "
    "would does do it's they're we're you're".split()
)
# "since"/"while"/"because"/"which" end a scope ("not cheap, because it cures";
# "does not replicate, which removes the risk").

# Negations that open a noun phrase, and the verbs that end it ("no X ... can", "nothing
# ... will"), within this many tokens; the predicate after the verb is then negated too.
NOUN_PHRASE_NEGATORS = frozenset("no none nothing neither nobody".split())
MODALS = frozenset("can could will would may might should does do did is are was were has have".split())
_SUBJECT_REACH, _PREDICATE_REACH = 20, 10
# Commas within a negation's window (and a little beyond) that make what follows a list.
_LIST_COMMAS, _LIST_REACH = 2, 6
DOUBTING_VERBS = frozenset("doubt deny dispute question disagree argue regret forget".split())
# "reduce the risk of", "no risk of": the risk is what the claim takes away, not a risk named.
_RISK_REVERSERS = frozenset("reduce lower decrease cut minimize minimise eliminate mitigate prevent less low "
                            "no without zero avoid".split())
_RISK_REVERSER_REACH = 3

# Words that open a question, and the marks after which a clause may open one.
QUESTION_OPENERS = frozenset("what which who whom whose when where why how whether is are was were am do does did "
                             "can could will would shall should may might must have has had be isn't aren't "
                             "don't doesn't didn't can't won't wouldn't shouldn't couldn't".split())
CLAUSE_BREAKS = frozenset(": ; , – — - (".split())
LEADING_WORDS = frozenset("but and so then now really also however well ok okay plus or".split())

_RHETORICAL_AT_START = 3
_HEADING_REACH = 6  # a heading before a colon is at most this many tokens  # rhetorical openers count only near the start of the sentence
_CLAIMANT_GAP = 3  # "clinics (often) claim": at most this many tokens from claimant to verb

_INDEX: dict[str, list[Cue]] = {}
for _cue in LEXICON:
    _INDEX.setdefault(_cue.words[0], []).append(_cue)
for _cues_list in _INDEX.values():
    _cues_list.sort(key=lambda c: -len(c.words))


@dataclass(frozen=True)
class _Found:
    cue: Cue
    start: int  # token index
    end: int


def _token_forms(tokens) -> list[tuple[str, str]]:
    return [(t.lower_.replace("\u2019", "'"), t.lemma_ or t.lower_) for t in tokens]


def _find_cues(forms: list[tuple[str, str]]) -> list[_Found]:
    found: list[_Found] = []
    covered_until = 0  # pseudo-cues hide the cues inside them
    for i, (lower, lemma) in enumerate(forms):
        if lower not in _INDEX and lemma not in _INDEX:
            continue  # most words start no cue
        # A cue of several words needs its second word next: "the", "be" and "not"
        # each start dozens of cues, and the next word rules out most of them.
        after = forms[i + 1] if i + 1 < len(forms) else ()
        candidates = [c for c in _INDEX.get(lower, []) + _INDEX.get(lemma, [])
                      if len(c.words) == 1 or c.words[1] in after]
        kinds: set[str] = set()  # the longest cue of each kind here ("say": report and claimverb)
        for cue in sorted(candidates, key=lambda c: -len(c.words)):
            n = len(cue.words)
            if cue.kind in kinds or i + n > len(forms):
                continue
            # The first two words are known to match: compare the rest.
            if all(w in forms[i + k] for k, w in enumerate(cue.words[2:], 2)):
                kinds.add(cue.kind)
                if cue.kind == "pseudo":
                    covered_until = max(covered_until, i + n)
                    found.append(_Found(cue, i, i + n))
                elif i >= covered_until:
                    found.append(_Found(cue, i, i + n))
    return found


def _scope(found: _Found, forms, n: int) -> tuple[int, int]:
    """Token range [start, end) that a cue governs, cut at terminators."""
    direction = found.cue.direction
    if direction == SENTENCE:
        return 0, n
    start = _scope_start(found, forms) if direction in (BACKWARD, NEAR) else found.end
    end = _scope_end(found, forms, n) if direction in (FORWARD, NEAR) else found.start
    return start, end


def _scope_end(found: _Found, forms, n: int) -> int:
    """Where a cue's forward scope ends: its window, a terminator or a new clause."""
    end = min(n, found.end + found.cue.window)
    if found.cue.kind == "negated" and found.cue.words[0] in NOUN_PHRASE_NEGATORS:
        # "No pill, potion, lotion or device on sale can cure arthritis": a negated subject,
        # however long, denies its verb and what follows it.
        for i in range(found.end, min(n, found.end + _SUBJECT_REACH)):
            if forms[i][0] in TERMINATORS:
                break
            if forms[i][0] in MODALS:
                # "no one ... will doubt that it cures": two negations assert.
                if not any(forms[j][1] in DOUBTING_VERBS for j in range(i + 1, min(n, i + 3))):
                    end = max(end, min(n, i + _PREDICATE_REACH))
                break
    if found.cue.kind == "negated" and sum(
            forms[i][0] == "," for i in range(found.end, min(n, end + _LIST_REACH))) >= _LIST_COMMAS:
        end = n  # a negation before a list ("not established for AIDS, asthma, autism, ...") covers it all
    for i in range(found.end, end):
        if forms[i][0] in TERMINATORS:
            return i
        # ", it is very safe" / "and is very safe": a comma or "and" before a new subject
        # or verb starts a new clause.
        if forms[i][0] in (",", "and") and i + 1 < n and forms[i + 1][0] in CLAUSE_STARTS:
            return i
    return end


def _scope_start(found: _Found, forms) -> int:
    """Where a cue's backward scope starts: its window or just after a terminator."""
    start = max(0, found.start - found.cue.window)
    for i in range(found.start - 1, start - 1, -1):
        if forms[i][0] in TERMINATORS:
            return i + 1
    return start


# Verbs through which a negation before a claim denies it.
DENYING_VERBS = frozenset("be mean guarantee promise claim say imply suggest call offer".split())


def _denies(forms, start: int, end: int) -> bool:
    return any(forms[i][1] in DENYING_VERBS for i in range(start, end))


def is_status_claim(forms, parts) -> bool:
    # "FDA-registered" is one token: its parts count too.
    return any(forms[i][1] in STATUS_WORDS or any(w in STATUS_WORDS for w in forms[i][0].split("-"))
               for s, e in parts for i in range(s, e))


def _asks(forms, last: int) -> bool:
    """Whether a sentence ending in "?" asks something: it opens with a question word or an
    auxiliary ("Is it safe?", "What is PRP?"), or a clause of it does ("PRP: is it safe?").
    A bare phrase with a question mark is a headline that asserts ("The miracle cure of our
    age?")."""
    starts = [0] + [i + 1 for i in range(last) if forms[i][0] in CLAUSE_BREAKS]
    for start in starts:
        i = start
        while i < last and (not any(ch.isalnum() for ch in forms[i][0]) or forms[i][0] in LEADING_WORDS):
            i += 1  # quotes, bullets, "but", "so"
        if i < last and (forms[i][0] in QUESTION_OPENERS or forms[i][1] in QUESTION_OPENERS):
            return True
    return any(forms[i][0] == "or" for i in range(last))  # "safe or not?", "X or Y?"


def _owned(found: _Found, forms) -> bool:
    """Whether a risk cue is what the claim takes away ("lowers the risk of")."""
    before = range(max(0, found.start - _RISK_REVERSER_REACH), found.start)
    return any(forms[i][1] in _RISK_REVERSERS or forms[i][0] in _RISK_REVERSERS for i in before)


def _first_person_before(forms, start: int) -> bool:
    """"our clinic claims": a first-person claimant makes the claim itself."""
    return any(forms[i][0] in FIRST_PERSON for i in range(max(0, start - 2), start))


def _quotes(tokens, forms) -> list[tuple[int, int]]:
    """Token ranges (open, close) of the quotations in a sentence, curly or straight."""
    spans, opened = [], None
    for i, (lower, _) in enumerate(forms):
        if lower == "'":
            # A straight single quote opens before a word and closes after one; one after
            # a word with no word of its own to quote is a plural possessive ("patients'").
            attached_before = i > 0 and not tokens[i - 1].whitespace_
            if opened is None and not attached_before and not tokens[i].whitespace_:
                opened = i
            elif opened is not None and attached_before:
                spans.append((opened, i))
                opened = None
        elif lower in STRAIGHT_QUOTES:
            if opened is None:
                opened = i
            else:
                spans.append((opened, i))
                opened = None
        elif lower in OPEN_QUOTES and lower != "‘":
            opened = i
        elif lower in CLOSE_QUOTES and lower != "’" and opened is not None:
            spans.append((opened, i))
            opened = None
    return spans


def _mention(forms, quotes, parts, cues: list[_Found]) -> tuple[int, int] | None:
    """Token range of the words showing that the sentence names the claim instead of
    making it: a quoted claim beside words about wording, or a claim followed by
    "claims"/"labels". None when the claim is made."""
    first, last = parts[0][0], parts[-1][1]
    while last > first and not any(ch.isalnum() for ch in forms[last - 1][0]):
        last -= 1  # a match may take in the closing quote
    after = last
    while after < len(forms) and forms[after][0] in {"-", "”", "’", '"', "'"}:
        after += 1
    if after < len(forms) and forms[after][0] in MENTION_NOUNS:
        return after, after + 1
    for open_, close in quotes:
        if open_ < first and last <= close:
            # A quotation that is the whole sentence is the sentence's own claim.
            outside = [i for i, (lower, _) in enumerate(forms)
                       if (i < open_ or i > close) and any(ch.isalnum() for ch in lower)]
            beside = [c for c in cues if c.end <= open_ or c.start > close]
            if len(outside) >= 2 and beside:
                return beside[0].start, beside[0].end
    return None


@dataclass(frozen=True)
class SentenceCues:
    """A sentence read for cues: its tokens, their (lowercase, lemma) forms, the
    cues found in them and its quotations, whatever claim is judged in it."""

    tokens: list
    forms: list[tuple[str, str]]
    found: list[_Found]
    quotes: list[tuple[int, int]]


def read_cues(tokens) -> SentenceCues:
    """``tokens`` (a spaCy Span or token list, one sentence) read for cues."""
    tokens = list(tokens)
    forms = _token_forms(tokens)
    return SentenceCues(tokens, forms, _find_cues(forms), _quotes(tokens, forms))


def assess_tokens(tokens, span_start: int, span_end: int, base: int = 0,
                  parts: tuple[tuple[int, int], ...] = (), cues: SentenceCues | None = None) -> Context:
    """Context of tokens[span_start:span_end] within ``tokens`` (one sentence).

    ``tokens`` is a spaCy Span or token list; ``base`` is subtracted from
    token character offsets so triggers are reported relative to the sentence.
    ``parts`` are the token ranges of the claim's own words when they are not
    the whole span (a frame's parts): cues between them are context, not claim.
    ``cues`` is the sentence as ``read_cues`` read it, for a sentence with
    several claims; otherwise it is read here.
    """
    parts = parts or ((span_start, span_end),)

    def in_claim(f: _Found) -> bool:
        return any(f.start < e and s < f.end for s, e in parts)

    cues = cues or read_cues(tokens)
    tokens, forms, found = cues.tokens, cues.forms, cues.found
    n = len(tokens)
    triggers: dict[str, list[Trigger]] = {"negated": [], "hedged": [], "question": [], "reported": []}

    def trigger(kind, start, end):
        first, last = tokens[start], tokens[end - 1]
        text_start, text_end = first.idx - base, last.idx + len(last.text) - base
        triggers[kind].append(Trigger(kind, " ".join(t.text for t in tokens[start:end]), text_start, text_end))

    # A negation among the claim's own words is part of the claim ("no risk", "can't
    # overdose", "days, not months"). Such a claim is negated from outside only through a
    # verb that denies it ("no procedure is risk-free", "this does not mean there is no
    # risk"), not by the next item of a list ("no pain, no risk").
    def starts_in_claim(f: _Found) -> bool:
        return any(s <= f.start < e for s, e in parts)

    claim_start = parts[0][0]
    own_negation = any(f.cue.kind == "negated" and starts_in_claim(f) for f in found)

    for f in found:
        if f.cue.kind == "negated" and own_negation and (
                starts_in_claim(f) or f.end <= claim_start and not _denies(forms, f.start, claim_start)):
            continue
        # A hedge that starts inside the claim is part of the claim ("new hope",
        # "boundless potential"); one that only runs into it qualifies it ("a modest
        # reduction in fine lines").
        if f.cue.kind == "negated" or (f.cue.kind == "hedged" and not starts_in_claim(f)):
            lo, hi = _scope(f, forms, n)
            if lo < span_end and span_start < hi:
                trigger(f.cue.kind, f.start, f.end)
        elif f.cue.kind == "status-negated" and not in_claim(f) and is_status_claim(forms, parts):
            trigger("negated", f.start, f.end)
        elif f.cue.kind == "advice" and not in_claim(f):
            trigger("reported", f.start, f.end)
        elif f.cue.kind == "risk" and not in_claim(f) and not _owned(f, forms):
            lo, hi = _scope(f, forms, n)
            if lo < span_end and span_start < hi:
                trigger("reported", f.start, f.end)

    # A short heading before a colon takes its hedge from what follows ("Faster healing: the
    # therapy has the potential to speed recovery").
    colon = next((i for i, (lower, _) in enumerate(forms[:_HEADING_REACH + 1]) if lower == ":"), None)
    if colon is not None and span_end <= colon and not triggers["hedged"]:
        after = next((f for f in found if f.cue.kind == "hedged" and f.start > colon), None)
        if after:
            trigger("hedged", after.start, after.end)

    rhetorical = any(f.cue.kind == "rhetorical" and f.start <= _RHETORICAL_AT_START for f in found)
    # "Why risk surgery when one visit can fix it?" asserts what follows "when".
    rhetorical = rhetorical or bool(forms) and forms[0][0] == "why" and any(w == "when" for w, _ in forms[2:])
    last = n - 1
    while last >= 0 and forms[last][0] in {'"', "'", "”", "’", ")", "*", "_"}:
        last -= 1
    if last >= 0 and forms[last][0] == "?" and not rhetorical and _asks(forms, last):
        trigger("question", last, last + 1)

    # Cues inside the claim are the claim's own words ("FDA-approved" is no
    # source of reported speech); a source and its verb are different words.
    outside = [f for f in found if not in_claim(f)]
    sources = [f for f in outside if f.cue.kind == "source"]
    reports = [f for f in outside if f.cue.kind == "report"]
    distance = [f for f in outside if f.cue.kind == "distance"]
    attributed = [(s, r) for s in sources for r in reports if r.start >= s.end or r.end <= s.start]
    claimed = [
        (c, v) for c in outside if c.cue.kind == "claimant" and not _first_person_before(forms, c.start)
        for v in outside if v.cue.kind == "claimverb" and 0 < v.start - c.end + 1 <= _CLAIMANT_GAP
        and forms[v.start - 1][0] not in ARTICLES  # "products on the market": a noun, no verb
        and forms[v.start][0] != "promising"  # "treatments, promising results": no verb
    ]
    if attributed:
        source, report = attributed[0]
        trigger("reported", source.start, source.end)
        trigger("reported", report.start, report.end)
    elif distance:
        trigger("reported", distance[0].start, distance[0].end)
    elif claimed:
        trigger("reported", claimed[0][0].start, claimed[0][1].end)
    elif mention := _mention(forms, cues.quotes, parts, [f for f in outside if f.cue.kind == "mention"]):
        trigger("reported", *mention)

    return Context(
        negated=bool(triggers["negated"]),
        hedged=bool(triggers["hedged"]),
        question=bool(triggers["question"]),
        reported=bool(triggers["reported"]),
        triggers=tuple(t for kind in triggers.values() for t in kind),
    )


def assess_context(sentence: str, start: int, end: int, model: str | None = None) -> Context:
    """The context of the character span [start, end) of one sentence."""
    from lintmed.engine.nlp import get_nlp, set_lemmas

    if not 0 <= start < end <= len(sentence):
        raise ValueError(f"span [{start}, {end}) is outside the sentence")
    doc = get_nlp(model).make_doc(sentence)
    set_lemmas(doc)
    tok_start = next(t.i for t in doc if t.idx + len(t.text) > start)
    tok_end = max(t.i for t in doc if t.idx < end) + 1
    return assess_tokens(doc, tok_start, tok_end)
