"""A generated clinic website for the speed benchmarks: Markdown and HTML pages whose every
sentence is made afresh, so that no cache (lintmed's results cache, the OS's page cache of
a repeated file) flatters a figure.

Each sentence is a template filled from word lists with a seeded random generator: most
are ordinary clinic copy (opening hours, services, staff, directions), about one in
eight is a claim of the kinds the rules look for (cures, guarantees, approval, urgency,
testimonials), hedged or negated now and then. Every page gets a different mix, its own
names and numbers, and one in three is HTML with a title and a meta description. All
text is written for this repository.

    python bench/sitegen.py OUT_DIR [--words 450000] [--seed 17]
"""
from __future__ import annotations

import argparse
import html
import random
from pathlib import Path

CLINICS = ["Harbourview", "Northgate", "Elm Street", "Riverside", "Old Mill", "Kingsway", "Meadowbank",
           "Station Road", "Larchfield", "Westcliff", "Ashdown", "Brookside", "Fernhill", "Granary Lane"]
KINDS = ["Family Practice", "Skin Clinic", "Dental Studio", "Physiotherapy", "Wellness Centre", "Aesthetics",
         "Pharmacy", "Eye Care", "Medical Spa", "Health Hub"]
STAFF = ["Dr Amara Osei", "Dr Lewis Park", "Nurse Priya Nair", "Sam Fletcher", "Dr Hannah Moreau",
         "Dr Tomasz Nowak", "Grace Liu", "Dr Ifeoma Eze", "Owen Price", "Dr Sofia Rossi"]
SERVICES = ["blood tests", "travel vaccinations", "skin checks", "hearing tests", "eye examinations",
            "sports massage", "dental hygiene visits", "physiotherapy sessions", "facials",
            "chemical peels", "microneedling", "IV drips", "laser hair removal", "nutrition advice"]
CONDITIONS = ["arthritis", "back pain", "eczema", "acne", "migraine", "diabetes", "anxiety", "insomnia",
              "psoriasis", "tendinitis", "hair loss", "asthma"]
PRODUCTS = ["serum", "cream", "supplement", "therapy", "treatment", "programme", "drip", "injection"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
STREETS = ["Mill Lane", "Church Road", "the High Street", "Victoria Square", "Park Avenue", "Quay Street"]

ORDINARY = [
    "We are open on {day} from {h1}:00 to {h2}:30, and the phone lines open at {h1}:00.",
    "Parking is free for the first {n} hours in the car park on {street}.",
    "The number {n} bus stops outside, and the station is a {n}-minute walk along {street}.",
    "{staff} leads our team and has worked in {town} for {n} years.",
    "Appointments for {service} last about {n}0 minutes; please arrive five minutes early.",
    "Please bring a list of the medicines you take and any letters from your hospital.",
    "You can book {service} by telephone, at reception or through our website.",
    "If you cannot come, please let us know a day before so that someone else can have the slot.",
    "Our privacy notice explains what we keep about you, why, and for how long.",
    "The building has step-free access, a lift and an accessible toilet on each floor.",
    "Prices for {service} start at {n}5 pounds, and we explain every cost before you decide.",
    "{staff} will talk you through the risks, the costs and the alternatives at your first visit.",
    "We reply to every written comment within {n} working days.",
    "Side effects of {service} can include redness and swelling that settle within a day or two.",
    "Results vary from person to person, and some people see little change.",
    "Our {product} is one option among several; your doctor can tell you which suits you.",
    "We are closed on public holidays; the out-of-hours number is on our answering message.",
    "Children under {n} must be seen with a parent or guardian.",
    "Research into {service} for {condition} is at an early stage.",
    "Ask {staff} whether {service} is right for you.",
]
CLAIMS = [
    "Our {product} cures {condition} in just {n} sessions.",
    "This {product} is guaranteed to work, with no side effects.",
    "Our {product} is FDA-approved for {condition}.",
    "Book now: only {n} places left this week!",
    "Clinically proven to reverse {condition} for good.",
    "\"My {condition} was gone after one visit,\" says {first}.",
    "The best {kind_lower} in {town}, and the only one with a 100% success rate.",
    "Our {product} may help with {condition}, but it is not approved to treat it.",
    "Does our {product} cure {condition}? No, and no treatment we offer does.",
    "Ditch your {condition} medication with our natural {product}.",
    "Completely safe and painless, with instant results.",
    "Hurry, this offer ends on {day}!",
]
HEADINGS = ["About us", "Opening hours", "Getting here", "Our services", "Our team", "Prices", "Your visit",
            "Frequently asked questions", "Contact", "What to expect", "Your privacy", "Results"]


def _fill(template: str, rng: random.Random, page: dict) -> str:
    return template.format(
        day=rng.choice(DAYS), h1=rng.randint(7, 10), h2=rng.randint(16, 19), n=rng.randint(2, 9),
        street=rng.choice(STREETS), staff=rng.choice(STAFF), town=page["town"], service=rng.choice(SERVICES),
        condition=rng.choice(CONDITIONS), product=rng.choice(PRODUCTS), first=rng.choice(STAFF).split()[-1],
        kind_lower=page["kind"].lower())


def page_text(rng: random.Random) -> tuple[str, list[list[str]], str]:
    """(title, sections of sentences, description) for one page."""
    page = {"town": rng.choice(CLINICS), "kind": rng.choice(KINDS)}
    title = f"{page['town']} {page['kind']}"
    sections = []
    for heading in rng.sample(HEADINGS, rng.randint(4, 8)):
        paragraphs = []
        for _ in range(rng.randint(1, 4)):
            sentences = [_fill(rng.choice(CLAIMS if rng.random() < 0.125 else ORDINARY), rng, page)
                         for _ in range(rng.randint(2, 6))]
            paragraphs.append(" ".join(sentences))
        sections.append([heading, *paragraphs])
    description = _fill(rng.choice(ORDINARY), rng, page)
    return title, sections, description


def markdown(title: str, sections, description: str) -> str:
    out = [f"---\ntitle: {title}\ndescription: \"{description}\"\n---\n", f"# {title}\n"]
    for heading, *paragraphs in sections:
        out.append(f"## {heading}\n")
        out += [f"{p}\n" for p in paragraphs]
    return "\n".join(out)


def html_page(title: str, sections, description: str) -> str:
    e = html.escape
    body = []
    for heading, *paragraphs in sections:
        body.append(f"<h2>{e(heading)}</h2>")
        body += [f"<p>{e(p)}</p>" for p in paragraphs]
    return (f"<!doctype html>\n<html><head><title>{e(title)}</title>\n"
            f"<meta name=\"description\" content=\"{e(description)}\"></head>\n"
            f"<body><h1>{e(title)}</h1>\n" + "\n".join(body) + "\n</body></html>\n")


def generate(folder: Path, words: int, seed: int = 17) -> tuple[list[Path], int]:
    """Pages in ``folder`` until they hold at least ``words`` words; (files, words)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files, total, i = [], 0, 0
    while total < words:
        title, sections, description = page_text(rng)
        is_html = i % 3 == 2
        text = html_page(title, sections, description) if is_html else markdown(title, sections, description)
        path = folder / f"page-{i:05d}.{'html' if is_html else 'md'}"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        total += sum(len(p.split()) for _, *ps in sections for p in ps) + len(title.split()) + len(description.split())
        i += 1
    return files, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--words", type=int, default=450_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    files, words = generate(Path(args.out), args.words, args.seed)
    print(f"{len(files)} files, {words} words of prose in {args.out}")


if __name__ == "__main__":
    main()
