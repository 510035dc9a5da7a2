"""Respondents against the population: shares, Wilson intervals, shortfalls, score, dashboard."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from toolkit.stats.representativeness import (
    DimensionSpec,
    RepresentativenessError,
    build_dashboard,
    compare_dimension,
    extra_responses_needed,
    representativeness_score,
    who_we_still_need_to_hear_from,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # by hand: centre 0.5, half-width 1.96 * sqrt(0.025 + 0.0096) / 1.3841
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_interval_matches_published_values(successes: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(successes, n) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_with_no_responses_is_everything() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_narrows_at_lower_confidence() -> None:
    low95, high95 = wilson_interval(30, 100)
    low80, high80 = wilson_interval(30, 100, confidence=0.8)
    assert low95 < low80 < 0.3 < high80 < high95


@pytest.mark.parametrize(
    ("respondents", "answered", "share", "expected"),
    [
        (10, 100, 0.2, 13),  # (20 - 10) / 0.8 = 12.5 -> 13
        (0, 50, 0.1, 6),  # 5 / 0.9 = 5.56 -> 6
        (20, 100, 0.2, 0),  # already at its share
        (30, 100, 0.2, 0),  # over-represented
        (8, 100, 0.1, 3),  # 2 / 0.9 = 2.22 -> 3
    ],
)
def test_extra_responses_needed(respondents: int, answered: int, share: float, expected: int) -> None:
    needed = extra_responses_needed(respondents, answered, share)
    assert needed == expected
    if needed:
        assert (respondents + needed) / (answered + needed) >= share
        assert (respondents + needed - 1) / (answered + needed - 1) < share


def test_compare_dimension() -> None:
    result = compare_dimension("sex", {"Female": 700, "Male": 300}, {"Female": 51_000, "Male": 49_000})
    female, male = result.groups
    assert female.respondent_share == pytest.approx(0.7)
    assert female.population_share == pytest.approx(0.51)
    assert female.ratio == pytest.approx(0.7 / 0.51)
    assert (male.ci_low, male.ci_high) == pytest.approx(wilson_interval(300, 1000))
    assert male.under_represented and not male.over_represented
    assert female.over_represented and not female.under_represented
    assert result.answered == 1000
    assert result.dissimilarity == pytest.approx(0.19)
    assert result.score == pytest.approx(0.81)


def test_a_small_gap_is_not_flagged() -> None:
    result = compare_dimension("sex", {"Female": 52, "Male": 48}, {"Female": 50, "Male": 50})
    assert not any(g.under_represented for g in result.groups)


def test_groups_only_respondents_have_are_compared_with_zero() -> None:
    result = compare_dimension("x", {"a": 5, "b": 5}, {"a": 10})
    b = result.groups[1]
    assert b.category == "b" and b.population_share == 0 and b.ratio is None


def test_no_population_is_an_error() -> None:
    with pytest.raises(RepresentativenessError):
        compare_dimension("x", {"a": 1}, {"a": 0})


def test_score_is_one_for_a_perfect_match_and_zero_for_no_overlap() -> None:
    perfect = compare_dimension("a", {"x": 30, "y": 70}, {"x": 300, "y": 700})
    disjoint = compare_dimension("b", {"x": 10, "y": 0}, {"x": 0, "y": 10})
    score = representativeness_score([perfect, disjoint])
    assert score.by_dimension == pytest.approx({"a": 1.0, "b": 0.0})
    assert score.score == pytest.approx(0.5)
    assert "0.50 out of 1" in score.explanation
    assert "on average over the 2 equality questions, 50% of the responses" in score.explanation


def test_no_answers_means_no_score() -> None:
    empty = compare_dimension("a", {}, {"x": 1})
    score = representativeness_score([empty])
    assert score.score is None
    assert "nobody has answered" in score.explanation


def test_who_we_still_need_to_hear_from_orders_by_shortfall() -> None:
    age = compare_dimension("age", {"young": 50, "old": 950}, {"young": 300, "old": 700})
    sex = compare_dimension("sex", {"F": 450, "M": 550}, {"F": 510, "M": 490})
    channels = {"age": {"web": {"young": 40, "old": 400}, "paper": {"young": 10, "old": 550}}}
    shortfalls = who_we_still_need_to_hear_from([sex, age], channels)
    assert [(s.dimension, s.category) for s in shortfalls] == [("age", "young"), ("sex", "F")]
    young = shortfalls[0]
    assert young.extra_responses_needed == math.ceil((0.3 * 1000 - 50) / 0.7)
    assert [c.channel for c in young.best_channels] == ["web", "paper"]
    assert young.best_channels[0].share_of_channel == pytest.approx(40 / 440)
    assert shortfalls[1].best_channels == ()


# The dashboard from a DataFrame --------------------------------------------------------------------


def responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sex": ["Female"] * 60 + ["Male"] * 30 + ["Prefer not to say"] * 5 + [None] * 4 + ["Other"],
            "age": ["16 to 24"] * 4 + ["25 or over"] * 96,
            "channel": ["web"] * 50 + ["paper"] * 50,
        }
    )


def specs() -> list[DimensionSpec]:
    return [
        DimensionSpec("sex", "sex", {"Female": 510, "Male": 490}),
        DimensionSpec(
            "age",
            "age",
            {"Aged 16 to 24 years": 150, "Aged 25 years and over": 850},
            {"16 to 24": "Aged 16 to 24 years", "25 or over": "Aged 25 years and over", "Prefer not to say": None},
        ),
    ]


def test_dashboard_counts_match_the_manual_comparison() -> None:
    dashboard = build_dashboard(responses(), specs(), channel_column="channel")
    sex = dashboard.dimensions[0]
    expected = compare_dimension("sex", {"Female": 60, "Male": 30}, {"Female": 510, "Male": 490})
    assert sex.groups == expected.groups
    assert (sex.answered, sex.excluded, sex.unmatched) == (90, 9, 1)
    assert dashboard.responses == 100


def test_dashboard_maps_answers_to_census_groups() -> None:
    dashboard = build_dashboard(responses(), specs(), channel_column="channel")
    age = dashboard.dimensions[1]
    assert [g.respondents for g in age.groups] == [4, 96]
    assert dashboard.channels["age"] == {
        "web": {"Aged 16 to 24 years": 4, "Aged 25 years and over": 46},
        "paper": {"Aged 25 years and over": 50},
    }


def test_dashboard_lists_groups_to_hear_from_with_channels() -> None:
    dashboard = build_dashboard(responses(), specs(), channel_column="channel")
    young = next(s for s in dashboard.still_to_hear_from if s.dimension == "age")
    assert young.category == "Aged 16 to 24 years"
    assert young.best_channels[0].channel == "web"
    assert dashboard.score.score == pytest.approx(
        np.mean([d.score for d in dashboard.dimensions]),
    )


def test_dashboard_works_with_categorical_columns_and_without_channels() -> None:
    frame = responses().astype("category")
    dashboard = build_dashboard(frame, specs())
    assert dashboard.dimensions[0].answered == 90
    assert dashboard.channels == {"sex": {}, "age": {}}


def test_dashboard_missing_column_is_an_error() -> None:
    with pytest.raises(RepresentativenessError, match="no column religion"):
        build_dashboard(responses(), [DimensionSpec("religion", "religion", {"x": 1})])


def test_dashboard_on_many_rows_uses_vectorised_counting() -> None:
    rng = np.random.default_rng(3)
    size = 200_000
    frame = pd.DataFrame(
        {
            "sex": rng.choice(np.array(["Female", "Male", "Prefer not to say"], dtype=object), size),
            "channel": rng.choice(np.array(["web", "paper"], dtype=object), size),
        }
    )
    dashboard = build_dashboard(
        frame, [DimensionSpec("sex", "sex", {"Female": 1, "Male": 1})], channel_column="channel"
    )
    counts = frame["sex"].value_counts()
    sex = dashboard.dimensions[0]
    assert [g.respondents for g in sex.groups] == [counts["Female"], counts["Male"]]
    assert sex.excluded == counts["Prefer not to say"]
