"""The stratified sample (panel/sampling.py): margins near the population's, fair exclusions, plain reports."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from panel.sampling import UNKNOWN, SamplingError, draw

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
POPULATION = {
    "age": {"18-24": 0.11, "25-44": 0.33, "45-64": 0.32, "65+": 0.24},
    "sex": {"female": 0.51, "male": 0.49},
    "ethnicity": {"white": 0.86, "asian": 0.08, "black": 0.02, "other": 0.04},
    "carer": {"yes": 0.10, "no": 0.90},
}
# Stated tolerance: when every category can be filled, each margin of the sample is the exact
# proportional target rounded down or up (|drawn - target| < 1 member), and over many seeds the
# average count is within a quarter of a member of the exact target (the rounding is unbiased).
TOLERANCE = 1.0
MEAN_TOLERANCE = 0.25


def make_panel(n: int = 3000, seed: int = 7, **skews: list[float]) -> pd.DataFrame:
    """A panel that leans older, whiter and with fewer carers than the population, as real ones do."""
    rng = np.random.default_rng(seed)
    mix = {
        "age": (["18-24", "25-44", "45-64", "65+", None], skews.get("age", [0.04, 0.24, 0.36, 0.34, 0.02])),
        "sex": (["female", "male"], [0.6, 0.4]),
        "ethnicity": (["white", "asian", "black", "other", "prefer not to say"], [0.88, 0.05, 0.02, 0.03, 0.02]),
        "carer": (["yes", "no"], skews.get("carer", [0.06, 0.94])),
    }
    columns = {name: rng.choice(np.array(values, dtype=object), n, p=p) for name, (values, p) in mix.items()}
    return pd.DataFrame({"member_id": np.arange(1, n + 1), **columns})


def test_over_200_seeds_every_margin_is_within_tolerance_of_its_target() -> None:
    panel = make_panel()
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    targets: dict[tuple[str, str], float] = {}
    for seed in range(200):
        sample = draw(panel, POPULATION, 500, seed=seed, now=NOW)
        assert sample.drawn == 500
        assert len(set(sample.member_ids)) == 500
        assert sample.shortfalls == ()
        for row in sample.margins:
            assert abs(row.drawn - row.target) < TOLERANCE, (seed, row)
            totals[row.dimension, row.category].append(row.drawn)
            targets[row.dimension, row.category] = row.target
    for key, counts in totals.items():
        assert abs(np.mean(counts) - targets[key]) < MEAN_TOLERANCE, key


def test_targets_follow_the_population_and_not_known_keeps_its_panel_share() -> None:
    panel = make_panel()
    sample = draw(panel, POPULATION, 1000, seed=1, now=NOW)
    rows = {(row.dimension, row.category): row for row in sample.margins}
    assert rows["sex", "female"].target == pytest.approx(510)
    unknown_age = rows["age", UNKNOWN]
    assert unknown_age.target == pytest.approx(1000 * unknown_age.panel_share)
    assert rows["age", "18-24"].target == pytest.approx(0.11 * (1000 - unknown_age.target))
    # "prefer not to say" is not a population category: it is "not known".
    assert rows["ethnicity", UNKNOWN].eligible == (panel["ethnicity"] == "prefer not to say").sum()


def test_the_same_seed_draws_the_same_members_and_another_seed_others() -> None:
    panel = make_panel()
    first = draw(panel, POPULATION, 300, seed=42, now=NOW)
    again = draw(panel.sample(frac=1, random_state=3), POPULATION, 300, seed=42, now=NOW)
    other = draw(panel, POPULATION, 300, seed=43, now=NOW)
    assert first.member_ids == again.member_ids
    assert first.member_ids != other.member_ids
    assert first.seed == 42


def test_members_invited_within_the_rest_period_and_paused_members_are_never_drawn() -> None:
    panel = make_panel(n=2000)
    resting = set(range(1, 401))
    paused = set(range(401, 601))
    panel["last_invited_at"] = [
        NOW - timedelta(days=10) if i in resting else NOW - timedelta(days=100) for i in panel.member_id
    ]
    panel.loc[panel.member_id == 2000, "last_invited_at"] = None
    panel["paused_until"] = [NOW + timedelta(days=30) if i in paused else None for i in panel.member_id]
    panel.loc[panel.member_id == 1999, "paused_until"] = NOW - timedelta(days=1)  # a pause that has ended
    for seed in range(20):
        sample = draw(panel, POPULATION, 1000, seed=seed, now=NOW, rest_days=90)
        assert not set(sample.member_ids) & (resting | paused)
        assert sample.excluded_resting == 400
        assert sample.excluded_paused == 200
        assert sample.eligible == 1400
    everyone = draw(panel, POPULATION, None, seed=1, now=NOW, rest_days=90)
    assert set(everyone.member_ids) == set(range(601, 2001))
    # With a shorter rest period the members invited 10 days ago may be asked again.
    short_rest = draw(panel, POPULATION, None, seed=1, now=NOW, rest_days=7)
    assert short_rest.eligible == 1800


def test_a_category_that_cannot_be_filled_is_reported_and_its_places_go_to_the_others() -> None:
    panel = make_panel(n=3000, age=[0.005, 0.3, 0.35, 0.335, 0.01])
    young = int((panel.age == "18-24").sum())
    sample = draw(panel, POPULATION, 1000, seed=5, now=NOW)
    assert sample.drawn == 1000
    (short,) = sample.shortfalls
    assert (short.dimension, short.category) == ("age", "18-24")
    assert short.drawn == short.eligible == young
    assert short.wanted > young + 50
    ages = {row.category: row for row in sample.margins if row.dimension == "age"}
    assert sum(row.drawn for row in ages.values()) == 1000
    assert ages["25-44"].drawn > ages["25-44"].target
    # The other dimensions still mirror the population.
    for row in sample.margins:
        if row.dimension != "age":
            assert abs(row.drawn - row.target) < TOLERANCE, row


def test_a_category_with_no_eligible_member_is_reported() -> None:
    panel = make_panel(n=1500)
    panel.loc[panel.carer == "yes", "carer"] = "no"
    sample = draw(panel, POPULATION, 200, seed=2, now=NOW)
    assert [(s.dimension, s.category, s.eligible, s.drawn) for s in sample.shortfalls] == [("carer", "yes", 0, 0)]
    assert sample.drawn == 200


def test_asking_for_more_than_can_be_invited_or_for_a_missing_dimension_is_a_plain_error() -> None:
    panel = make_panel(n=100)
    with pytest.raises(SamplingError, match="Only 100 members"):
        draw(panel, POPULATION, 101, seed=1, now=NOW)
    with pytest.raises(SamplingError, match="'region'"):
        draw(panel, {**POPULATION, "region": {"north": 1.0}}, 10, seed=1, now=NOW)
    with pytest.raises(SamplingError, match="negative"):
        draw(panel, POPULATION, -1, seed=1, now=NOW)


def test_an_empty_panel_and_a_sample_of_none() -> None:
    empty = make_panel(n=0)
    assert draw(empty, POPULATION, None, seed=1, now=NOW).member_ids == ()
    assert draw(make_panel(n=50), POPULATION, 0, seed=1, now=NOW).member_ids == ()


def test_a_seed_is_chosen_when_none_is_given() -> None:
    sample = draw(make_panel(n=200), POPULATION, 20, now=NOW)
    assert 0 <= sample.seed < 10**6
    assert draw(make_panel(n=200), POPULATION, 20, seed=sample.seed, now=NOW).member_ids == sample.member_ids
