"""Raking: a worked example, agreement with weightipy, trimming, errors, ESS and margin of error."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.stats import raking
from toolkit.stats.raking import (
    RakingError,
    TrimLimits,
    design_effect,
    effective_sample_size,
    margin_of_error,
    rake,
)


def frame_from_cells(cells: dict[tuple[str, str], int], columns: tuple[str, str]) -> pd.DataFrame:
    rows = [key for key, count in cells.items() for _ in range(count)]
    return pd.DataFrame(rows, columns=list(columns))


WORKED_CELLS = {("M", "young"): 20, ("M", "old"): 30, ("F", "young"): 10, ("F", "old"): 40}
WORKED_TARGETS = {"sex": {"M": 0.5, "F": 0.5}, "age": {"young": 0.4, "old": 0.6}}


def test_worked_example_by_hand() -> None:
    """100 respondents, margins sex 50/50 and age 40/60.

    Raking weights are w(sex, age) = a(sex) * b(age). Taking b(young) = 1 and r = b(old):
      sex margins: a(M) = 50 / (20 + 30 r), a(F) = 50 / (10 + 40 r)
      young margin: 20 a(M) + 10 a(F) = 40  =>  10 / (2 + 3 r) + 5 / (1 + 4 r) = 4
      =>  48 r^2 - 11 r - 12 = 0  =>  r = (11 + sqrt(2425)) / 96 = 0.62754...
    """
    r = (11 + math.sqrt(2425)) / 96
    a_m, a_f = 50 / (20 + 30 * r), 50 / (10 + 40 * r)
    expected = {("M", "young"): a_m, ("M", "old"): a_m * r, ("F", "young"): a_f, ("F", "old"): a_f * r}
    assert expected[("M", "young")] == pytest.approx(1.28778, abs=1e-5)

    data = frame_from_cells(WORKED_CELLS, ("sex", "age"))
    result = rake(data, WORKED_TARGETS, trim=None, tolerance=1e-12)

    for (sex, age), weight in expected.items():
        rows = (data["sex"] == sex) & (data["age"] == age)
        assert result.weights[rows.to_numpy()] == pytest.approx(weight, abs=1e-9)
    assert result.weights.mean() == pytest.approx(1.0)
    assert result.convergence.converged
    assert result.convergence.max_margin_error < 1e-12


def test_targets_may_be_counts_or_shares() -> None:
    data = frame_from_cells(WORKED_CELLS, ("sex", "age"))
    counts = {"sex": {"M": 4_900, "F": 4_900}, "age": {"young": 3_920, "old": 5_880}}
    assert rake(data, counts).weights == pytest.approx(rake(data, WORKED_TARGETS).weights)


def test_margin_report() -> None:
    data = frame_from_cells(WORKED_CELLS, ("sex", "age"))
    fits = {(m.variable, m.category): m for m in rake(data, WORKED_TARGETS).margins}
    young = fits["age", "young"]
    assert (young.target_share, young.unweighted_share) == pytest.approx((0.4, 0.3))
    assert young.weighted_share == pytest.approx(0.4, abs=1e-6)


def random_survey(size: int, seed: int) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    rng = np.random.default_rng(seed)
    age = rng.choice(np.array(["16-34", "35-54", "55-74", "75+"], dtype=object), size, p=[0.15, 0.25, 0.4, 0.2])
    older = np.isin(age, ["55-74", "75+"])
    sex = np.where(rng.random(size) < np.where(older, 0.65, 0.55), "F", "M").astype(object)
    ethnic = np.where(rng.random(size) < np.where(older, 0.92, 0.75), "White", "Other").astype(object)
    region = rng.choice(np.array(["N", "S", "E"], dtype=object), size)
    data = pd.DataFrame({"age": age, "sex": sex, "ethnic": ethnic, "region": region})
    targets = {
        "age": {"16-34": 0.3, "35-54": 0.32, "55-74": 0.26, "75+": 0.12},
        "sex": {"F": 0.51, "M": 0.49},
        "ethnic": {"White": 0.82, "Other": 0.18},
        "region": {"N": 0.5, "S": 0.3, "E": 0.2},
    }
    return data, targets


def test_weights_agree_with_weightipy() -> None:
    weightipy = pytest.importorskip("weightipy")
    data, targets = random_survey(5_000, seed=7)
    ours = rake(data, targets, trim=None, tolerance=1e-13)
    scheme = weightipy.scheme_from_dict(targets, rim_params={"convcrit": 0.0, "max_iterations": 1000})
    theirs = weightipy.weight(data.copy(), scheme).to_numpy(dtype=float)
    assert np.abs(ours.weights - theirs).max() < 1e-6
    efficiency = weightipy.weighting_efficiency(pd.Series(ours.weights))
    assert ours.effective_sample_size / len(data) * 100 == pytest.approx(efficiency)


def test_weighted_margins_hit_the_targets() -> None:
    data, targets = random_survey(20_000, seed=11)
    result = rake(data, targets, trim=None)
    for variable, target in targets.items():
        weighted = pd.Series(result.weights).groupby(data[variable].to_numpy()).sum() / result.weights.sum()
        for category, share in target.items():
            assert weighted[category] == pytest.approx(share, abs=1e-6)


def test_trimming_keeps_weights_within_the_caps() -> None:
    data, targets = random_survey(5_000, seed=3)
    targets["age"] = {"16-34": 0.6, "35-54": 0.2, "55-74": 0.15, "75+": 0.05}  # needs big weights
    untrimmed = rake(data, targets, trim=None)
    assert untrimmed.weights.max() > 2
    result = rake(data, targets, trim=TrimLimits(lower=0.5, upper=2.0))
    assert result.weights.max() <= 2.0 + 1e-9
    assert result.weights.min() >= 0.5 - 1e-9
    assert result.weights.mean() == pytest.approx(1.0)
    assert result.convergence.trimmed > 0
    assert result.design_effect < untrimmed.design_effect


def test_impossible_caps_are_reported_as_not_converged() -> None:
    data = frame_from_cells({("M", "young"): 90, ("F", "young"): 10}, ("sex", "age"))
    result = rake(data, {"sex": {"M": 0.5, "F": 0.5}}, trim=TrimLimits(0.5, 2.0), max_iterations=50)
    assert not result.convergence.converged
    assert result.convergence.iterations == 50
    assert result.convergence.max_margin_error > 0.1


def test_default_trimming_is_5_and_a_fifth_of_the_mean() -> None:
    assert TrimLimits() == TrimLimits(lower=0.2, upper=5.0)
    with pytest.raises(RakingError):
        TrimLimits(lower=2.0, upper=5.0)


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"sex": {"M": 0.4, "F": 0.4, "X": 0.2}}, "nobody who answered is in 'X'"),
        ({"sex": {"M": 1.0}}, r"not in the population margin: F"),
        ({"sex": {"M": 1.0, "F": 0.0}}, "the population margin has nobody in 'F'"),
        ({"religion": {"None": 1.0}}, "no 'religion' column"),
        ({"sex": {"M": -1.0, "F": 2.0}}, "0 or more"),
        ({}, "at least one population margin"),
    ],
)
def test_unusable_margins_raise_a_plain_error(targets: dict[str, dict[str, float]], message: str) -> None:
    data = frame_from_cells(WORKED_CELLS, ("sex", "age"))
    with pytest.raises(RakingError, match=message):
        rake(data, targets)


def test_missing_answers_must_be_dealt_with_first() -> None:
    data = pd.DataFrame({"sex": ["M", "F", None]})
    with pytest.raises(RakingError, match="1 responses have no answer for 'sex'"):
        rake(data, {"sex": {"M": 0.5, "F": 0.5}})


def test_no_responses_is_an_error() -> None:
    with pytest.raises(RakingError, match="no responses"):
        rake(pd.DataFrame({"sex": []}), {"sex": {"M": 1.0}})


def test_many_margins_with_many_categories_still_work() -> None:
    rng = np.random.default_rng(5)
    size = 3_000
    data = pd.DataFrame({f"q{i}": rng.integers(0, 40, size).astype(str) for i in range(5)})
    targets = {column: dict.fromkeys(map(str, range(40)), 1.0) for column in data.columns}
    result = rake(data, targets, trim=None)  # 40^5 possible cells: uses the sparse path
    assert result.convergence.converged
    assert len(result.weights) == size


def test_effective_sample_size_and_design_effect() -> None:
    weights = np.array([1.0, 1.0, 2.0, 2.0])
    assert effective_sample_size(weights) == pytest.approx(36 / 10)
    assert design_effect(weights) == pytest.approx(4 / 3.6)
    assert effective_sample_size(np.ones(50)) == pytest.approx(50)
    assert design_effect(np.ones(50)) == pytest.approx(1)


def test_result_reports_effective_sample_size() -> None:
    data = frame_from_cells(WORKED_CELLS, ("sex", "age"))
    result = rake(data, WORKED_TARGETS)
    assert result.effective_sample_size == pytest.approx(effective_sample_size(result.weights))
    assert result.design_effect == pytest.approx(design_effect(result.weights))
    assert result.sample_size == 100


def test_margin_of_error() -> None:
    assert margin_of_error(0.5, 100) == pytest.approx(1.959964 * 0.05, abs=1e-6)
    assert margin_of_error(0.5, 100, design_effect=2.0) == pytest.approx(margin_of_error(0.5, 50))
    assert margin_of_error(0.5, 1000, confidence=0.99) == pytest.approx(2.575829 * math.sqrt(0.25 / 1000), abs=1e-6)
    with pytest.raises(RakingError):
        margin_of_error(0.5, 0)


def test_dense_and_sparse_cell_grouping_give_the_same_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    data, targets = random_survey(4_000, seed=9)
    dense = rake(data, targets)
    monkeypatch.setattr(raking, "DENSE_CELL_LIMIT", 0)
    assert rake(data, targets).weights == pytest.approx(dense.weights, abs=1e-12)


def test_more_combinations_than_fit_in_64_bits() -> None:
    rng = np.random.default_rng(2)
    data = pd.DataFrame({f"q{i}": rng.integers(0, 50, 2_000).astype(str) for i in range(12)})  # 50^12 > 2^63
    targets = {column: dict.fromkeys(map(str, range(50)), 1.0) for column in data.columns}
    result = rake(data, targets, trim=None, max_iterations=2000, tolerance=1e-4)
    assert result.convergence.max_margin_error < 1e-3


def test_stats_package_imports_no_flask_or_database_code() -> None:
    package = Path(raking.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in {"flask", "sqlalchemy", "flask_babel"}], source
