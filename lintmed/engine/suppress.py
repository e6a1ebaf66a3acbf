"""Inline suppression directives, parsed into objects with a ``used`` flag.

Syntax (in an HTML or Markdown comment, or on a line after ``#``, ``//`` or
``/*``, or at the start of a line)::

    <!-- lintmed-disable-next-line absolute-safety-no-risk -- reviewed by legal, 2024-05 -->
    <!-- lintmed-disable-line RULE[,RULE] -- reason -->      (the directive's own line)
    <!-- lintmed-disable [RULE...] -- reason --> ... <!-- lintmed-enable [RULE...] -->
    # lintmed-disable-file [RULE...] -- reason

No rule list means every rule; a name may be a rule id or a category.
Directives are read from the raw source, because comments are not prose.

Directives produce findings of their own (category ``suppression``, which is
not a regulatory category and never comes from rules.yaml):

- ``invalid-suppression`` (error): an unknown directive or an unknown rule id
  or category. The directive is then ignored as a whole, so the claims it
  meant to hide are reported too; a typo never silently hides nor silently
  fails.
- ``unused-suppression`` (warning): a directive that suppressed nothing, or a
  ``lintmed-enable`` that ends no ``lintmed-disable``.
- ``suppression-without-reason`` (warning): a directive without ``-- reason``.
  It still suppresses; the warning asks for the reason a reviewer needs.

These findings are not themselves suppressible inline; ignore them with the
config's ``ignore`` or ``per-path-ignores`` if needed.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from lintmed.findings import Finding, InlineSuppression
from lintmed.positions import LineIndex

ACTIONS = ("disable-next-line", "disable-line", "disable", "enable", "disable-file")
CATEGORY = "suppression"
INVALID, UNUSED, NO_REASON = "invalid-suppression", "unused-suppression", "suppression-without-reason"
# rule id -> (severity, message): the rules that directives themselves can break.
META_RULES = {
    INVALID: ("error", "Malformed suppression directive"),
    UNUSED: ("warning", "Suppression directive that suppresses nothing"),
    NO_REASON: ("warning", "Suppression directive without a reason (add `-- reason`)"),
}

MARK = "lintmed-"  # every directive holds it: a source without it has none
_DIRECTIVE = re.compile(
    r"(?:<!--|\{?/\*|//|#|^)[ \t]*(lintmed-[a-z][a-z-]*[a-z])(?![\w-])([^\n]*)", re.M
)
_CLOSER = re.compile(r"\s*(?:-->|\*/\}?)[\s\S]*$")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_ALL = "*"


@dataclass(eq=False)
class Directive:
    action: str
    rules: tuple[str, ...]  # empty: every rule
    reason: str | None
    line: int
    start: int  # source offsets of the directive's text
    end: int
    text: str
    # The source span of the whole comment line, from its marker ("<!--", "#") to the end
    # of the line: what a plain-text page reads as blank.
    line_span: tuple[int, int] = (0, 0)
    used: bool = False
    # For "disable": the last line each name (or "*") is disabled on; open ones run to the end.
    ends: dict[str, float] = field(default_factory=dict)

    def names(self) -> tuple[str, ...]:
        return self.rules or (_ALL,)

    def _named(self, finding: Finding) -> list[str]:
        return [n for n in self.names() if n in (_ALL, finding.rule, finding.category)]

    def covers(self, finding: Finding) -> bool:
        if self.action == "enable":
            return False
        named = self._named(finding)
        if not named:
            return False
        if self.action == "disable-file":
            return True
        if self.action == "disable-line":
            return finding.line <= self.line <= finding.end_line
        if self.action == "disable-next-line":
            return finding.line <= self.line + 1 <= finding.end_line
        return any(self.line <= finding.line <= self.ends.get(n, math.inf) for n in named)


@dataclass
class Outcome:
    findings: list[Finding]  # what is left, plus the directives' own findings
    suppressed: list[Finding]  # what the directives hid, each with the directive that hid it (``suppression``)
    directives: list[Directive]


Parsed = tuple[list[Directive], list[tuple[Directive, str]]]


def parse(source: str, index: LineIndex | None = None) -> Parsed:
    """Directives in the source, and (directive, problem) for malformed ones."""
    directives: list[Directive] = []
    problems: list[tuple[Directive, str]] = []
    if MARK not in source:
        return directives, problems
    index = index or LineIndex(source)
    for m in _DIRECTIVE.finditer(source):
        rest = _CLOSER.sub("", m.group(2))
        parts = _REASON.split(rest, maxsplit=1)
        names = tuple(n for n in re.split(r"[\s,]+", parts[0]) if n)
        reason = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
        end = m.start(2) + len(rest.rstrip())
        d = Directive(
            action=m.group(1)[len("lintmed-"):],
            rules=names,
            reason=reason,
            line=index.position(m.start(1))[0],
            start=m.start(1),
            end=end,
            text=source[m.start(1):end],
            line_span=m.span(),
        )
        if d.action not in ACTIONS:
            problems.append((d, f"unknown directive 'lintmed-{d.action}' "
                                f"(expected one of {', '.join('lintmed-' + a for a in ACTIONS)})"))
        else:
            directives.append(d)
    return directives, problems


def blank_directives(source: str, parsed: Parsed | None = None) -> str:
    """The source with each directive line's comment (from its marker to the end
    of the line) replaced by spaces: same length, so offsets do not move.
    For plain text, where a comment line would otherwise read as prose.
    ``parsed``: ``parse(source)``, when the caller has it."""
    directives, problems = parsed or parse(source)
    if not directives and not problems:
        return source
    chars = list(source)
    for d in [*directives, *(d for d, _ in problems)]:
        for i in range(*d.line_span):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _close_regions(directives: list[Directive]) -> list[Directive]:
    """Give each disable its end lines; return the enables that ended nothing."""
    open_: list[Directive] = []
    dangling = []
    for d in sorted(directives, key=lambda d: d.start):
        if d.action == "disable":
            open_.append(d)
        elif d.action == "enable":
            closed = False
            for o in open_:
                for n in o.names():
                    if n not in o.ends and (not d.rules or n in d.rules):
                        o.ends[n] = d.line - 1
                        closed = True
            open_ = [o for o in open_ if any(n not in o.ends for n in o.names())]
            if not closed:
                dangling.append(d)
    return dangling


def apply(source: str, findings: list[Finding], path: str, known: set[str] | frozenset[str],
          index: LineIndex | None = None, parsed: Parsed | None = None) -> Outcome:
    """Hide the findings the directives cover; add the directives' own findings.

    ``known`` is every rule id and category a directive may name; ``parsed``:
    ``parse(source)``, when the caller has it (it is used up: directives get marked used).
    """
    index = index or LineIndex(source)
    directives, problems = parsed or parse(source, index)
    problems = list(problems)
    valid = []
    for d in directives:
        unknown = [n for n in d.rules if n not in known]
        if unknown:
            problems.append((d, f"unknown rule id or category {', '.join(map(repr, unknown))} "
                                f"in lintmed-{d.action}"))
        else:
            valid.append(d)
    dangling = _close_regions(valid)

    kept, suppressed = [], []
    for f in findings:
        if any(d.start <= f.start < d.end for d in directives):
            continue  # words in a directive's own text (e.g. its reason) are not copy
        covering = [d for d in valid if d.covers(f)]
        for d in covering:
            d.used = True
        if covering:
            d = covering[0]  # the first in the file: the one a reviewer reads first
            suppressed.append(replace(f, suppression=InlineSuppression(d.line, d.text, d.reason)))
        else:
            kept.append(f)

    meta = [_meta(INVALID, d, problem, path, index) for d, problem in problems]
    for d in valid:
        if d in dangling:
            names = " ".join(d.rules) or "(all rules)"
            meta.append(_meta(UNUSED, d, f"lintmed-enable {names} ends no lintmed-disable", path, index))
        elif d.action != "enable" and not d.used:
            meta.append(_meta(UNUSED, d, f"lintmed-{d.action} suppresses nothing here; remove it", path, index))
        if d.action != "enable" and d.reason is None:
            meta.append(_meta(NO_REASON, d, f"lintmed-{d.action} has no reason; add `-- why this is acceptable`",
                              path, index))
    return Outcome(kept + meta, suppressed, valid)


def _meta(rule: str, d: Directive, message: str, path: str, index: LineIndex) -> Finding:
    line, column = index.position(d.start)
    end_line, last = index.position(max(d.end - 1, d.start))
    return Finding(
        path=path, line=line, column=column, end_line=end_line, end_column=last + 1,
        rule=rule, category=CATEGORY, severity=META_RULES[rule][0],
        message=f"{META_RULES[rule][1]}: {message}", text=d.text, start=d.start, end=d.end,
    )
