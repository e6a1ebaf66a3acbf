"""The codec (lintmed.storage.codec): records to JSON values and back, every value checked.

Records are decoded by code written for each record type: these tests hold it to what the
annotations say, on real findings and on entries damaged one value at a time."""
from __future__ import annotations

import copy
import dataclasses
import json
import random
from dataclasses import dataclass

import pytest

from cache_support import with_field

from lintmed.engine.linter import Linter, LintResult
from lintmed.engine.results import Verdict
from lintmed.findings import Context, Finding, InlineSuppression, Suggestion, Trigger
from lintmed.rules.load import load_ruleset
from lintmed.storage.codec import CodecError, decode, encode

PAGE = """\
# Knee clinic

Our stem cell therapy cures arthritis and is 100% safe. Is it FDA-approved? No, it is not.
Patients say it may help treat back pain.

<!-- lintmed-disable-next-line hype -- reviewed -->
We are the best clinic in the world.
"""


@pytest.fixture(scope="module")
def result() -> LintResult:
    return Linter(load_ruleset(), detector=True).lint(PAGE, "page.md")


def test_a_lint_result_comes_back_whole(result):
    assert result.findings and result.suppressed and result.disabled
    data = json.loads(json.dumps(encode(result)))
    back = decode(LintResult, data)
    assert encode(back) == encode(result)  # every field, the ones equality leaves out too
    assert type(back.findings[0]) is Finding and type(back.findings[0].suggestions) is tuple
    assert all(type(s) is Suggestion for f in back.findings for s in f.suggestions)
    assert isinstance(back.findings[0].confidence, float)


def _field_by_field(value):
    """The encoding every record gets: its fields' values in order, each encoded alike."""
    if dataclasses.is_dataclass(value):
        return [_field_by_field(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (tuple, list)):
        return [_field_by_field(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(_field_by_field(v) for v in value)
    if isinstance(value, dict):
        return {k: _field_by_field(v) for k, v in value.items()}
    return value


def test_records_are_encoded_field_by_field_through_their_annotations(result):
    # (each record kind's encoder is made from its fields' annotations)
    assert encode(result) == _field_by_field(result)
    rules = load_ruleset()
    assert json.dumps(encode(rules), sort_keys=True) == json.dumps(_field_by_field(rules), sort_keys=True)

    @dataclass(frozen=True)
    class Loud(Trigger):  # a kind no annotation names still has all its fields
        volume: int = 11

    finding = dataclasses.replace(result.findings[0], context=Context(triggers=(Loud("hype", "best", 0, 4),)))
    context = [f.name for f in dataclasses.fields(Finding)].index("context")
    assert encode(finding) == _field_by_field(finding) and encode(finding)[context][-1][0][-1] == 11


def test_a_record_is_built_as_its_constructor_builds_it():
    trigger = Trigger("hedged", "may", 3, 6)
    finding = Finding("p.md", 1, 2, 1, 9, "r", "c", "error", "m", "cures x", (Suggestion("helps", "softer"),),
                      ("ref",), 5, 12, Context(hedged=True, triggers=(trigger,)), 0.5, ("cures",), ("q",))
    back = decode(Finding, json.loads(json.dumps(encode(finding))))
    assert back == finding and hash(back) == hash(finding)
    # every field, those the comparison leaves out too, nested records included
    assert dataclasses.astuple(back) == dataclasses.astuple(finding)
    assert [type(getattr(back, f.name)) for f in dataclasses.fields(Finding)] == \
        [type(getattr(finding, f.name)) for f in dataclasses.fields(Finding)]
    with pytest.raises(AttributeError):
        back.line = 3  # still frozen


def test_an_int_is_a_float_but_a_bool_is_no_number():
    data = with_field(encode(Finding("p", 1, 1, 1, 2, "r", "c", "error", "m", "t", confidence=1.0)),
                      Finding, "confidence", 1)
    assert decode(Finding, data).confidence == 1.0 and type(decode(Finding, data).confidence) is float
    for name, bad in (("line", True), ("confidence", False), ("line", 1.5), ("path", None), ("text", 3)):
        with pytest.raises(CodecError):
            decode(Finding, with_field(data, Finding, name, bad))


def test_a_record_is_the_array_of_its_fields_in_order_and_nothing_else_is_one():
    trigger = Trigger("hedged", "may", 3, 6)
    assert encode(trigger) == ["hedged", "may", 3, 6]
    assert decode(Trigger, ["hedged", "may", 3, 6]) == trigger
    for bad in (["hedged", "may", 3], ["hedged", "may", 3, 6, 7], ["may", "hedged", "3", 6],
                {"kind": "hedged", "text": "may", "start": 3, "end": 6}, ("hedged", "may", 3, 6), None):
        with pytest.raises(CodecError):
            decode(Trigger, bad)


def _damaged(value, rng: random.Random):
    """``value`` with one thing changed somewhere inside it: a value replaced, dropped or
    added (a record is stored as the array of its fields)."""
    if isinstance(value, list) and value:
        out, i, roll = list(value), rng.randrange(len(value)), rng.random()
        if roll < 0.15:
            del out[i]
        elif roll < 0.25:
            out.insert(i, rng.choice([None, 1, "s", [], {}]))
        elif roll < 0.6 and isinstance(value[i], list) and value[i]:
            out[i] = _damaged(value[i], rng)
        else:
            out[i] = rng.choice([None, 1, 1.5, True, "s", [], {}, ["s"], [1]])
        return out
    return rng.choice([None, 1, 1.5, True, "s", [], {}])


def _accepts(data) -> bool:
    """Whether ``data`` is a LintResult as its annotations have it, checked by hand."""
    def is_str(v):
        return isinstance(v, str)

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    def strs(v):
        return isinstance(v, list) and all(type(x) is str for x in v)

    def record(v, fields, kind):
        """``v`` is a ``kind`` record as stored: an array of its fields' values, in order."""
        names = [f.name for f in dataclasses.fields(kind)]
        assert set(names) == fields.keys()  # this check names every field, and no other
        return isinstance(v, list) and len(v) == len(names) and all(fields[n](x) for n, x in zip(names, v))

    def optional(ok):
        return lambda v: v is None or ok(v)

    def many(ok):
        return lambda v: isinstance(v, list) and all(ok(x) for x in v)

    def trigger(v):
        return record(v, {"kind": is_str, "text": is_str, "start": is_int, "end": is_int}, Trigger)

    def context(v):
        return record(v, {**{k: lambda x: isinstance(x, bool) for k in ("negated", "hedged", "question", "reported")},
                          "triggers": many(trigger)}, Context)

    def suggestion(v):
        return record(v, {"replacement": is_str, "description": is_str, "kind": optional(is_str),
                          **{k: optional(is_int) for k in ("start", "end", "line", "column", "end_line",
                                                           "end_column")},
                          "original": optional(is_str), "scope": is_str}, Suggestion)

    def finding(v):
        number = optional(lambda x: isinstance(x, (int, float)) and not isinstance(x, bool))
        hidden = optional(lambda x: record(x, {"line": is_int, "directive": is_str, "reason": optional(is_str)},
                                           InlineSuppression))
        return record(v, {**{k: is_str for k in ("path", "rule", "category", "severity", "message", "text")},
                          **{k: is_int for k in ("line", "column", "end_line", "end_column", "start", "end")},
                          "suggestions": many(suggestion), "references": strs, "context": optional(context),
                          "confidence": number, "evidence": strs, "related": strs, "suppression": hidden},
                      Finding)

    def verdict(v):
        return record(v, {"finding": finding, "context": context, "suppressed_by": strs}, Verdict)

    return record(data, {"findings": many(finding), "suppressed": many(verdict), "disabled": many(finding),
                         "not_checked_language": optional(is_str)}, LintResult)


def test_a_damaged_entry_is_refused_exactly_when_it_is_no_lint_result(result):
    good = json.loads(json.dumps(encode(result)))
    assert _accepts(good)
    rng = random.Random(17)
    refused = 0
    for _ in range(3000):
        data = _damaged(copy.deepcopy(good), rng)
        try:
            back = decode(LintResult, data)
        except CodecError:
            refused += 1
            assert not _accepts(data)
        else:
            assert _accepts(data)
            assert encode(back) == json.loads(json.dumps(data))  # what was read is what was there
    assert 1000 < refused < 3000


@dataclass(frozen=True)
class _Checked:
    n: int

    def __post_init__(self):
        if self.n < 0:
            raise CodecError("negative")


def test_a_record_with_its_own_check_runs_it():
    assert decode(_Checked, [2]) == _Checked(2)
    with pytest.raises(CodecError):
        decode(_Checked, [-1])


@dataclass(frozen=True, slots=True)
class _CheckedInSlots:
    n: int

    def __post_init__(self):
        if self.n < 0:
            raise CodecError("negative")


@dataclass(frozen=True, slots=True)
class _Slotted:
    n: int
    label: str = ""


def test_a_record_in_slots_is_filled_slot_by_slot_or_by_its_constructor_when_it_checks():
    assert decode(_Slotted, [2, "a"]) == _Slotted(2, "a") and not hasattr(decode(_Slotted, [2, "a"]), "__dict__")
    assert decode(_CheckedInSlots, [2]) == _CheckedInSlots(2)
    with pytest.raises(CodecError):
        decode(_CheckedInSlots, [-1])
