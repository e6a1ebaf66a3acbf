"""lintmed.report.jsontext writes what json.dumps(indent=2, ensure_ascii=False) writes."""
from __future__ import annotations

import json
import random

from lintmed.report.jsontext import dumps_indented


def _value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth < 4 and roll < 0.2:
        return {rng.choice(["path", "é", '\n"x', "", "\u2028"]) + str(rng.randint(0, 5)): _value(rng, depth + 1)
                for _ in range(rng.randint(0, 4))}
    if depth < 4 and roll < 0.4:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 4 and roll < 0.45:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return rng.choice([None, True, False, 0, -3, 10 ** 20, 1.5, 1e-7, 1e22, 0.1 + 0.2, float("nan"), float("inf"),
                       "", 'ü\u2028\x00"\\\t', "\ud800", "plain words"])


def test_the_same_text_as_json_dumps():
    rng = random.Random(5)
    for _ in range(3000):
        value = _value(rng)
        assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_it_does_not_write_itself_is_still_written_as_json_dumps_would():
    for value in ({1: "a", "b": [2]}, {"a": {None: 1}}, [1.0, float("-inf")], {"n": 2 ** 70}):
        assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
