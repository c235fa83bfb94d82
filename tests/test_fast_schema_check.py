"""The fast schema check (jsonschema-rs) and the full one (jsonschema, which our messages come from) give the same
verdict on every entry: the build takes an entry the fast check passes without asking the full one
(platforma.content.practices.schema_problems), so a difference would let a wrong entry through."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.synthetic import synthetic_data
from platforma.content.schema import validation_schema
from platforma.content.schema_messages import SchemaValidator

SCHEMA = validation_schema()
FULL = SchemaValidator(SCHEMA)
FAST = jsonschema_rs.validator_for(SCHEMA)

# values that break one rule each: wrong type, empty, pattern (`$` at the end of the text), enum, range, length
ODD_VALUES: list[Any] = [
    None, True, 0, -1, 1.5, 10**12, 10**12 + 1, "", " ", "x", "x\n", "2026-01-10\n", "2026-13-01", "PL-99", "pl",
    "PL", "ngo", "https://example.org", "javascript:alert(1)", "a" * 20_001, [], [""], ["minors", "minors"], {},
    {"pl": ""}, {"pl": "x", "xx": "y"}, {"organisation": "iom"}, {"organisation": "Not An Id"},
    {"actor_type": "unspecified"}, {"name": {"short": "A B"}, "actor_type": "ngo"},
]  # fmt: skip


def _paths(node: Any, here: tuple = ()) -> list[tuple]:
    """Every place in an entry that holds a value (keys of mappings, indexes of lists)."""
    found = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*here, index))
    return found


@st.composite
def changed_entries(draw) -> dict:
    """A valid synthetic entry with up to three changes: a value replaced by an odd one, removed, or a key added."""
    entry = copy.deepcopy(synthetic_data(draw(st.integers(0, 60))))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(entry)))
        parent = entry
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "remove" and isinstance(parent, dict):
            parent.pop(path[-1])
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(["extra", "organisation", "name", "en", "short", "country"]))
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return entry


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_entries())
def test_the_fast_check_and_the_full_one_agree(entry):
    assert FAST.is_valid(entry) == (next(FULL.iter_errors(entry), None) is None)


def _replaced(entry: dict, path: tuple, value: Any) -> dict:
    changed = copy.deepcopy(entry)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = copy.deepcopy(value)
    return changed


def test_every_odd_value_in_every_place_gets_the_same_verdict():
    """Each place of an entry with each odd value in turn (one change at a time): about 2,000 entries."""
    entry = synthetic_data(11)  # a component: it has part_of, partners, results and funding
    differ = [
        (path, value)
        for path in _paths(entry)
        for value in ODD_VALUES
        if FAST.is_valid(changed := _replaced(entry, path, value)) != (next(FULL.iter_errors(changed), None) is None)
    ]
    assert not differ, differ[:5]


def test_a_synthetic_entry_passes_both():
    entry = synthetic_data(3)
    assert FAST.is_valid(entry) and next(FULL.iter_errors(entry), None) is None
