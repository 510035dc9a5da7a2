"""The disclosure-control layer: the perturbation itself, and the attacker as a property test over
random small datasets."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from surveys.equality import dashboard
from surveys.equality.dashboard import Comparison
from surveys.model import Question
from tests.disclosure_attacker import observe, observe_question, watch
from toolkit.population import area_population, category_mapping
from toolkit.stats.disclosure import (
    KEY_SPACE,
    MAX_NOISE,
    Audit,
    Count,
    DisclosureError,
    Policy,
    Protected,
    Status,
    _Search,
    _Solver,
    consistent_values,
    count_of,
    feasible_ranges,
    noise,
    perturbation_table,
    protect,
    protect_table,
)

LSC = "E54000048"


def test_the_same_cell_always_shows_the_same_value() -> None:
    keys = [17, 200, 3, 99, 45, 8, 250]
    first = protect(count_of(keys))
    assert all(protect(count_of(list(reversed(keys)))) == first for _ in range(3))
    assert count_of(keys).key == sum(keys) % KEY_SPACE


def test_small_cells_are_never_shown_and_shown_cells_never_drop_below_the_threshold() -> None:
    for n in range(0, 5):
        for key in range(KEY_SPACE):
            cell = protect(Count(n, key))
            assert cell.status is Status.SMALL and cell.value is None and (cell.low, cell.high) == (0, 4)
    for n in range(5, 40):
        for key in range(KEY_SPACE):
            cell = protect(Count(n, key))
            assert cell.value is not None and cell.value >= 5 and abs(cell.value - n) <= MAX_NOISE
            assert cell.low <= n <= cell.high and cell.high - cell.low >= 2  # never pins the real count


def test_the_perturbation_table_is_fixed_and_unbiased_away_from_the_threshold() -> None:
    table = perturbation_table(5)
    assert table == perturbation_table(5) and all(len(row) == KEY_SPACE for row in table)
    last = table[-1]
    assert sum(last) == 0 and Counter(last) == {-2: 26, -1: 51, 0: 102, 1: 51, 2: 26}
    assert noise(1000, 0) == noise(7, 0) == -2  # every larger count uses the last row
    for shown in range(5, 30):
        low, high = consistent_values(shown)
        assert high - low >= 2


def test_a_table_is_checked_the_way_a_reader_would_attack_it() -> None:
    # 40, 1 and an exact total of 41: 41 - (40 +- 2) would pin the small cell near 0 or 4, so it
    # is checked, and the shown cell hidden where needed.
    for key in range(KEY_SPACE):
        table = protect_table({"a": Count(40, key), "b": Count(1, 3)}, Count(41, (key + 3) % 256), exact_total=True)
        ranges, _ = feasible_ranges([c.bounds for c in table.cells.values()], table.total.bounds)
        assert all(high > low for low, high in ranges)
        assert table.total.value == 41  # the total the reader knows anyway


def test_totals_are_consistent_with_their_cells() -> None:
    counts = {"a": Count(30, 1), "b": Count(12, 2), "c": Count(2, 3)}
    table = protect_table(counts, Count(44, 6))
    assert table.total.low <= 44 <= table.total.high
    estimates = table.estimates()
    assert set(estimates) == set(counts)
    with pytest.raises(DisclosureError):
        protect_table(counts, Count(45, 6))


def test_the_threshold_cannot_go_below_three() -> None:
    with pytest.raises(DisclosureError):
        Policy(2)
    assert (Policy(5).minimum_base, Policy(5).score_minimum) == (10, 50)


# --- the attacker as a property test --------------------------------------------------------------------------


def comparison(dimension: str) -> Comparison:
    mapping = category_mapping(dimension)
    return Comparison(dimension, mapping, area_population([LSC], dimension, mapping.base))


SEX, AGE = comparison("sex"), comparison("age")
START = date(2025, 3, 1)
person = st.tuples(
    st.sampled_from(["web", "poster", "event"]),
    st.integers(0, 9),  # day
    st.sampled_from([None, "Female", "Male"]),
    st.sampled_from([None, "16 to 24", "25 to 34", "65 to 74"]),
    st.integers(0, 10**6),  # seeds the record key: random as a real one, not chosen to be unlucky
)


def _frame(people: list[tuple[str, int, str | None, str | None, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            dashboard.CHANNEL: [p[0] for p in people],
            dashboard.DAY: [START + timedelta(days=p[1]) for p in people],
            dashboard.KEY: [random.Random(p[4] * 7919 + i).randrange(KEY_SPACE) for i, p in enumerate(people)],
            "sex": [p[2] for p in people],
            "age": [_age_group(p[3]) for p in people],
        }
    )


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(person, min_size=50, max_size=200))
def test_no_combination_of_views_pins_any_hidden_count(
    people: list[tuple[str, int, str | None, str | None, int]],
) -> None:
    frame = _frame(people)
    for found in (SEX, AGE):
        assert observe(frame, found, Policy(5)).pinned() == []


POSTCODE = Question("eq_postcode_district", "short_text", "What is the first half of your postcode?")
DISTRICTS = ["PR7", "PR6", "LA1", "M1", None]


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(person, st.sampled_from(DISTRICTS)), min_size=50, max_size=160))
def test_postcode_district_tables_are_audited_with_every_other_view(
    people: list[tuple[tuple[str, int, str | None, str | None, int], str | None]],
) -> None:
    """Postcode districts are counted in every view the dashboard publishes (all responses and
    each channel, block by block), so they go through the same cross-view audit as the census
    dimensions: no combination of district figures pins a hidden count."""
    frame = _frame([p for p, _ in people]).assign(eq_postcode_district=[d for _, d in people])
    assert observe_question(frame, POSTCODE, Policy(5)).pinned() == []


def test_a_district_is_named_only_where_its_protected_count_is_shown() -> None:
    """A district given by a few people of one channel: the channel's view and all responses would
    differ by exactly them, so it is never named, and the view says "Other districts: not shown"."""
    people = [("web", i // 20, "Female", None, i) for i in range(80)] + [("poster", 0, "Male", None, 7)] * 12
    districts = ["PR7"] * 40 + [None] * 40 + ["LA1"] * 3 + ["PR7"] * 9
    frame = _frame(people).assign(eq_postcode_district=districts)
    published = dashboard.publish_views(frame, [], Policy(5), START + timedelta(days=9), [POSTCODE])
    for key in published.keys:
        shown = dashboard.other_count_table(POSTCODE, published.tables[POSTCODE.id][key])
        names = [c.category for c in shown.cells]
        assert "LA1" not in names and "PR7" in names
        assert dict((c.category, c.display) for c in shown.cells)["Other districts"] == "not shown"


def test_watching_the_all_view_between_submissions_pins_nothing() -> None:
    """Someone refreshes the dashboard after every one of 150 submissions: a view, once shown,
    always shows the same figures, a new one appears only when a whole block is complete, and all
    they saw together pins no hidden count."""
    rng = random.Random(9)
    people = [
        (rng.choice(["web", "poster", "event"]), rng.randrange(6), rng.choice([None, "Female", "Male"]),
         rng.choice([None, "16 to 24", "25 to 34", "65 to 74"]), rng.randrange(10**6))
        for _ in range(150)
    ]  # fmt: skip
    attack = watch(_frame(people), SEX, Policy(5))
    assert attack.observations  # something was shown
    assert attack.pinned() == []


def test_the_figures_do_not_change_until_a_block_is_complete() -> None:
    """The all view between two submissions on the same day: identical, so there is nothing to
    difference. (Each day's own responses join a block only once the day is over.)"""
    people = [("web", i // 30, ["Female", "Male", None][i % 3], None, i) for i in range(120)]
    frame = _frame(people)
    today = START + timedelta(days=3)
    before = dashboard.publish_views(frame.iloc[:95], [SEX], Policy(5), today)
    after = dashboard.publish_views(frame.iloc[:96], [SEX], Policy(5), today)
    assert before.keys == after.keys and before.tables == after.tables
    # The first block needs 10 responses (day 1's 30), later ones 50 (days 2 and 3); today's wait.
    assert before.ends == (START, START + timedelta(days=2))
    assert [k[0] for k in before.keys] == ["until", "channel", "until", "channel"]


def _age_group(answer: str | None) -> str | None:
    if answer is None:
        return None
    groups = list(AGE.mapping.group_population(AGE.population))
    return next((g for g in groups if answer.split()[0] in g), groups[0])


def _shown(value: int) -> Protected:
    low, high = consistent_values(value)
    return Protected(Status.SHOWN, value, 5, low, high)


def test_the_audit_solves_the_figures_together_where_propagation_cannot() -> None:
    """What CI found on the demo: a channel up to its third block shows 13 (11 to 15) people with
    no religion, up to its fourth 10 (8 to 12). The figures differ, so the fourth block added
    someone: up to the third is 11, up to the fourth exactly 12. Bounds propagation, one unknown
    at a time, cannot see it; solving the figures together can, and the audit's check says so."""
    audit = Audit(["No religion", "Other"])
    blocks = {("web", b): size for b, size in enumerate((22, 27, 20, 16))}
    audit.add_atoms(blocks)
    shown = (None, 6, 13, 10)  # up to block 0 is "fewer than 5"
    for b, value in enumerate(shown):
        atoms = [("web", i) for i in range(b + 1)]
        size = sum(blocks[a] for a in atoms)
        cell = _shown(value) if value is not None else protect(Count(3, 0))
        other = _shown(size - (value or 2))
        audit.add_view(atoms, {"No religion": cell, "Other": other})
    assert audit.closed(audit.propagate(range(len(audit.rows)))) == set()
    assert "No religion" in audit.solved_closed()


def test_the_audit_finds_a_count_that_only_whole_numbers_pin() -> None:
    """Two sets of three one-person atoms where any two of each set hold at least one person in
    "A", and seven atoms together hold exactly 4: in whole numbers each set holds at least 2, so
    the seventh atom's person is pinned outside "A". A linear programme can split people in
    halves (1.5 a set), lets the seventh atom hold 0 or 1 and so misses it; a reader counting
    whole people does not, and neither may the audit."""
    audit = Audit(["A", "B"])
    atoms = [f"a{i}" for i in range(6)]
    audit.add_atoms(dict.fromkeys([*atoms, "y"], 1))
    at_least_one = Protected(Status.HIDDEN, None, 5, 1, 2)  # no "differ" facts between these
    for group in (atoms[:3], atoms[3:]):
        for pair in ((0, 1), (1, 2), (0, 2)):
            audit.add_view([group[i] for i in pair], {"A": at_least_one})
    audit.add_view([*atoms, "y"], {"A": Protected(Status.HIDDEN, None, 5, 4, 4)})
    assert audit.closed(audit.propagate(range(len(audit.rows)))) == set()
    assert audit.solved_closed() >= {"A"}


def test_a_count_open_in_whole_numbers_is_not_withheld() -> None:
    """Three one-person atoms, any two holding at least one person: the linear programme's least
    total is 1.5 (half a person each), which is no whole-number answer; in whole numbers the
    total may be 2 or 3, so it is open, and the audit's whole-number search must show it rather
    than withhold it out of doubt."""
    rows = [([0, 1], 1.0, math.inf), ([1, 2], 1.0, math.inf), ([0, 2], 1.0, math.inf)]
    search = _Search(_Solver(rows, [0.0] * 3, [1.0] * 3), [[0, 1, 2]], 3)
    search.solve(np.ones(1))  # least: 0.5 each, not whole
    search.solve(-np.ones(1))  # greatest: 1 each
    assert search.least[0] == 1.5 and not search.closed()[0] and search.undecided()[0]
    search.solver.in_whole_numbers()
    assert not search.pinned(0, whole=True)
    assert (search.whole_least[0], search.whole_most[0]) == (2, 3)
