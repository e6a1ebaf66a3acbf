"""The context pass's lexicon, as data: the cues (a table of kind, phrases, direction and
window) and the word lists the scope algorithm (lintmed.engine.context.scope) reads.
Adding a cue is a row here; the algorithm does not change."""
from __future__ import annotations

from dataclasses import dataclass

FORWARD, BACKWARD, NEAR, SENTENCE = "forward", "backward", "near", "sentence"


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # each matches a token's lowercased text or lemma
    # negated | status-negated | hedged | pseudo | rhetorical | source | report | distance
    # | claimant | claimverb | mention | risk | advice
    kind: str
    direction: str = FORWARD
    window: int = 10


# The cue table: (kind, phrases separated by "|", direction, window). A phrase's words
# each match a token's lowercased text or its lemma; direction and window default to
# FORWARD and 10 tokens.
CUE_TABLE: tuple[tuple, ...] = (
    # Negation. "n't" and "cannot" arrive as tokens "n't" / "can" "not".
    ("negated", "no|not|n't|never|none|neither|nor|without|nobody|no one|nothing|lack|lack of"
     "|absence of|fail to|yet to|rather than|instead of|cannot|unable to|free from|unproven"
     "|unapproved|unlicensed|unsubstantiated", FORWARD, 12),
    # "there is no evidence that ... can treat" governs a long clause.
    ("negated", "no evidence|no scientific evidence|no proof|no reliable evidence|no good evidence"
     "|no data|no study|no clinical evidence|no credible evidence|no consensus|not show|not demonstrate"
     "|not establish|not be establish|not support|not be show", FORWARD, 20),
    ("negated", "be untrue|be false|be a myth|be not true|not exist|be unfounded|be misleading"
     "|be not the same as", BACKWARD, 12),
    # A status denied after its subject: "stem cell treatments for macular degeneration are
    # not FDA-approved"; "therapies for knee pain have not been approved by the FDA".
    ("negated", "be not fda|be not approve|have not be approve|be not clear|have not be clear"
     "|be not license|have not be license|be not authorize|be not authorise|be not prove"
     "|have not be prove|have not be show|have not be evaluate|be not evaluate|be not support by"
     "|be not back by|be unsupported|lack evidence|lack any evidence", BACKWARD, 12),
    # "registered does not mean approved" / "this does not mean it has no side effects".
    ("negated", "not mean|n't mean", NEAR, 12),
    # What was shown or promised comes after the claim and denies it ("studies have shown
    # there is no benefit"; "a cure will not be realized for years").
    ("negated", "no benefit|no effect|no significant|no clear benefit|no improvement|no difference"
     "|not effective|be ineffective|not work|n't work|no better than|not be realize|not be realise"
     "|year away|remain unproven|remain unclear|remain to be see|yet to be prove|yet to be show",
           BACKWARD, 8),
    # Evidence reported as negative denies every claim of its sentence ("for HIV, although
    # it works in vitro, trials have shown there is no benefit").
    ("negated", "show there be no|find there be no|show no benefit|find no benefit|show no effect"
     "|find no effect|show no improvement|find no improvement", SENTENCE),
    # A sentence that says registration or a listing is not approval denies every
    # approval-status claim in it, on either side ("FDA-registered labs, but this does not
    # mean FDA approval"); it negates only claims about regulatory status (STATUS_WORDS).
    ("status-negated", "not approval|not an approval|not fda approval|not mean approval"
     "|not mean fda approval|n't mean approval|n't mean fda approval|not imply approval"
     "|not imply fda approval|n't imply approval|not the same as approval|not equal approval"
     "|not indicate approval|not signify approval|not an endorsement", SENTENCE),
    # Pseudo-cues: look like negation but assert ("no more pain", "not only cures").
    ("pseudo", "not only|not just|no doubt|no wonder|no more|no longer|never again|no need"
     # ranked first, not denied: "no better way to detox than...", "nothing beats"
     # (unlike "no better than placebo")
     "|no better way|no better time|no better place|no better choice|no better option"
     "|nothing better than|nothing beat"
     "|nothing like|no other|not to mention|do not wait|n't wait|do not miss|n't miss"
     "|no matter|not least|not alone|can not wait|without delay|without waiting"),
    # Hedges: the claim is put as possible, early or individual.
    ("hedged", "may|might|could|possibly|potentially|perhaps|potential|promising|promise of"
     "|hope|hopefully|aim to|design to|intend to|aim of|goal of|purpose of|intention of"
     "|suggest|preliminary|early study"
     "|early research|early stage|early evidence|early result|being study|be study|under investigation"
     "|investigational|experimental|believe|appear to|seem to|likely|not necessarily|some patient"
     "|some people|in some case|may vary|vary from|is being research"
     "|be investigate|be explore|be research"),
    # A modest or promising result named beside the claim ("has been shown to provide some
    # relief"; "some symptomatic relief in early arthritis"; "evidence demonstrates it as a
    # promising option").
    ("hedged", "some relief|some symptomatic|some benefit|some improvement|some reduction"
     "|modest benefit|modest improvement|modest reduction|modest relief|slight improvement"
     "|slight reduction|partial relief|mild improvement|a promising|as promising|show promise"
     "|hold promise|promising result", NEAR, 10),
    # What most people get, said beside a testimonial, qualifies it (16 CFR 255.2(b)): "before-
    # and-after photos show individual results"; "most clients see a smaller change".
    ("hedged", "individual result|individual patient|individual experience|not typical|n't typical"
     "|atypical|smaller change|milder change|smaller result|milder result|less dramatic|more modest"
     "|result vary|result may vary", NEAR, 12),
    # Stated limits of the evidence qualify every claim in the sentence (REGULATORY.md's
    # accepted wording: "small, preliminary studies found...; larger trials are needed").
    ("hedged", "need further study|need further research|need more research|need more study"
     "|need large trial|need more evidence|more research be need|further research be need"
     "|more study be need|further study be need|large trial be need|more evidence be need"
     "|limited evidence|little evidence|evidence be limit|evidence be mixed|evidence be weak"
     "|not yet prove|not yet be prove|not yet establish", SENTENCE),
    # Evidence summaries that state their limits ("studies in animals have shown"; "a small
    # pilot study"; "results were mixed") qualify every claim of the sentence.
    ("hedged", "in animal|animal study|animal model|in cell culture|test tube|test-tube|small study"
     "|in mouse|in rodent|in yeast|in worm|laboratory animal|lab animal"
     "|pilot study|few study|handful of study|mixed result|result be mixed|inconclusive"
     "|insufficient evidence|not enough evidence|weak evidence|low-quality evidence|low quality evidence"
     "|more trial|large trial|further trial|randomized trial be need|randomised trial be need"
     "|uncertain|unclear whether|not clear whether|not know whether|unknown whether", SENTENCE),
    # A prognosis is no promise: "the best chance of a cure comes with early detection";
    # "the odds of a cure are higher".
    ("hedged", "chance of|chance for|likelihood of|odds of|probability of", FORWARD, 6),
    ("hedged", "in some patient|for some patient|for some people|in some people|in early study"
     "|in preliminary study|in animal study|in laboratory study|in the laboratory|in vitro"
     "|in rat", BACKWARD, 12),
    # Rhetorical openers: a question that asserts ("Did you know we treat...?").
    ("rhetorical", "did you know|do you know|have you hear|have you try|ever wonder|ready to"
     "|why wait|why suffer|why live|tired of"
     "|sick of|struggle with|look for|want to|what if|be it time|who would|would not it|would n't it"
     "|can you imagine|imagine", SENTENCE),
    # Reported speech: an authority or critic as source, with a reporting verb.
    ("source", "fda|ftc|asa|cap|mhra|nih|cdc|ema|nhs|regulator|agency|authority|government"
     "|court|judge|attorney general|warning letter|critic|watchdog|investigator|the complaint"
     "|ruling|the guidance|the code|the law|the order|the settlement|department of health"
     "|food and drug administration|federal trade commission|advertising standards authority"
     "|consumer advocate|scientist|researcher|study author|the commission|the panel|nad|crn|asci"
     "|bbb|tga|fsa|health canada|attorney|prosecutor|the board|the committee|complainant|plaintiff"
     "|the state|the authority|the agency|the ruling|the adjudication|the guide", SENTENCE),
    ("report", "warn|say|state|caution|report|find|rule|conclude|allege|argue|advise|note"
     "|consider|require|prohibit|ban|charge|accuse|explain|clarify|recommend|tell|uphold"
     "|challenge|order|bar|write|notify|question|criticize|criticise|declare|determine"
     "|according to|insist|stress|emphasize|emphasise|urge|acknowledge|accept|agree|contend"
     "|seek|issue|assert|maintain|observe|describe|deem|judge|instruct|demand|remind"
     "|point out|understand|investigate|sue|fine|settle|confirm", SENTENCE),
    # Distancing: the sentence holds a claim at arm's length, whoever speaks.
    ("distance", "falsely|deceptively|deceptive|misleading|unsubstantiated|unproven claim"
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
    ("distance", "may claim|can claim|may only claim|can only claim|allow to claim|permit to claim"
     "|may not claim|entitle to claim|right to claim|legally claim|be able to claim", SENTENCE),
    # A risk named is not a benefit claimed ("an increased risk of certain cancers"; "side
    # effects can include"); "reduce the risk of" is the claim itself (see _RISK_REVERSERS).
    ("risk", "risk of|risks of|at risk|a risk|possible risk|potential risk|serious risk|risk include"
     "|risk factor"
     "|side effect|adverse effect|adverse event|complication|danger of|can cause|may cause|could cause"
     "|contraindicate|should not be use|should not use|not suitable for|not recommend for", FORWARD, 10),
    # A higher risk measured is a statistic about a condition, not a result promised
    # ("smokers are several times more likely to develop gum disease"; the claim's own "more"
    # is not the cue's); "less likely to" is the claim itself (RISK_REVERSERS).
    ("risk", "likely to suffer|likely to develop|likely to die|likely to be diagnose|prone to"
     "|susceptible to", NEAR, 12),
    # So is how common a condition is ("some 30 million adults live with migraine"; "eye
    # disease becomes more prevalent with age"). A share of patients is a result claimed
    # ("80% of patients improve"), so the counts name a population, never patients.
    ("risk", "million people|million americans|million adults|million women|million men"
     "|million children|million britons|million canadians|million australians|million individuals"
     "|billion people|more prevalent|more common with age|more common as we age"
     "|become more common|becomes more common", NEAR, 12),
    # Advice to see a doctor frames the sentence as caution, not as a promise ("patients with
    # diabetes should check with their doctor before a drip").
    ("advice", "check with your|check with their|check with a|talk to your|talk with your|talk to a"
     "|consult your|consult a|consult with|ask your doctor|ask your pharmacist|see your doctor"
     "|see a doctor|see your gp|see a gp|speak to your|speak with your|seek medical|medical advice"
     "|call 911|emergency room|emergency department|a medical emergency"
     # the professional named, with the advice to talk it over ("go over the results with your
     # primary care team"; "a talk with a healthcare provider first is wise")
     "|discuss this with your|discuss it with your|discuss with your|with your primary care"
     "|with a healthcare provider|with your healthcare provider|with a health care provider"
     "|with your health care provider|with a qualified healthcare provider", SENTENCE),
    # A third party's claim ("clinics claim to cure") is reported; "doctors claim" is not.
    ("claimant", "clinic|company|seller|marketer|advertiser|ad|advert|advertisement|website"
     "|provider|firm|manufacturer|business|promoter|vendor|retailer|advertising|marketing|other"
     "|proponent|supporter|advocate|product|supplement|remedy|pill|device|cream|brand|treatment"
     "|therapy|app|influencer|practitioner", SENTENCE),
    ("claimverb", "claim|promise|tout|advertise|market|purport|boast|peddle|call|say|state|tell|urge"
     "|push|pressure|pressurise|pressurize", SENTENCE),
    # A claim someone else might make, put as a condition ("If anyone tells you a cryo
    # session can cure inflammation, ask for the evidence").
    ("distance", "if anyone tell|if someone tell|if anybody tell|if somebody tell|if anyone say"
     "|if someone say|if anyone promise|if someone promise|if anyone claim|if someone claim"
     "|if a clinic|if a provider|if a seller|if an ad|if a website|if a product", SENTENCE),
    # Beliefs reported from a survey or third party ("27% said they thought it would ease
    # pain"); what our own patients say is a testimonial and stays a claim.
    ("distance", "they think|they believe|they expect|they hope|respondent|survey respondent"
     "|participant believe|participant think", SENTENCE),
    # Words about wording: a quoted claim beside one of these is mentioned, not made
    # ('the claim "FDA approved"', 'an ad which stated "hurry"'). Speech verbs ("say",
    # "tell") are left out: a quoted patient is a testimonial.
    ("mention", "claim|term|phrase|word|wording|label|labelling|labeling|statement|state|mean"
     "|headline|tagline|slogan|ad|advert|advertisement|advertising|describe|market|promote"
     "|brand|call|red flag|warning sign|watch for|watch out for|wary|beware|avoid|ban|forbid"
     "|guideline|ask", SENTENCE),
)


def _expand(kind: str, phrases: str, direction: str = FORWARD, window: int = 10) -> list[Cue]:
    return [Cue(tuple(p.split()), kind, direction, window) for p in phrases.split("|")]


# Every cue, one per phrase, in table order.
LEXICON: list[Cue] = [cue for row in CUE_TABLE for cue in _expand(*row)]

# The one-word hedges and negations: a writer's own qualifier is context, never a learned
# claim's evidence ("may help" scores high on real claims, but hedges the sentence it is in).
QUALIFIER_WORDS = frozenset(cue.words[0] for cue in LEXICON
                            if cue.kind in ("hedged", "negated") and len(cue.words) == 1)

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

# "since"/"while"/"because"/"which" end a scope ("not cheap, because it cures";
# "does not replicate, which removes the risk").
TERMINATORS = frozenset(
    "but however although though yet except whereas unlike nevertheless nonetheless still "
    "; : — – ( ) [ ] because since while which".split()
)
CLAUSE_STARTS = frozenset(
    "it they we you this these those he she there has have had is are was were can could will "
    "would does do it's they're we're you're".split()
)

# Negations that open a noun phrase, and the verbs that end it ("no X ... can", "nothing
# ... will"); the predicate after the verb is then negated too.
NOUN_PHRASE_NEGATORS = frozenset("no none nothing neither nobody".split())

MODALS = frozenset("can could will would may might should does do did is are was were has have".split())

DOUBTING_VERBS = frozenset("doubt deny dispute question disagree argue regret forget".split())

# "reduce the risk of", "no risk of", "very few side effects": the risk is what the claim
# takes away or makes light of, not a risk named.
RISK_REVERSERS = frozenset("reduce lower decrease cut minimize minimise eliminate mitigate prevent less low "
                           "no without zero avoid few fewer minimal negligible little".split())

# Words that open a question, and the marks after which a clause may open one.
QUESTION_OPENERS = frozenset("what which who whom whose when where why how whether is are was were am do does did "
                             "can could will would shall should may might must have has had be isn't aren't "
                             "don't doesn't didn't can't won't wouldn't shouldn't couldn't".split())

CLAUSE_BREAKS = frozenset(": ; , – — - (".split())

LEADING_WORDS = frozenset("but and so then now really also however well ok okay plus or".split())

# Verbs through which a negation before a claim denies it.
DENYING_VERBS = frozenset("be mean guarantee promise claim say imply suggest call offer".split())
