"""Benchmark: the representativeness dashboard and raking on 1,000,000 synthetic responses.

    python bench/representativeness.py [--responses 1000000] [--seed 1]

Responses have 6 equality questions (age, sex, ethnic group, religion, disability, unpaid care)
plus a channel, skewed the way real ones are (older, female and White British over-represented)
against the Census 2021 population of Lancashire and South Cumbria ICB. Prints the time to build
the full dashboard (median of 3 runs), the time to rake to 4 margins with `toolkit.stats.raking` and with the
independent `weightipy` (same data, same targets, each with its default settings), and the peak
memory. The last line is machine-readable:

    dashboard_s=<x> rake_vs_reference_speed=<y> peak_rss_mb=<z>

where the speed ratio is weightipy's time divided by ours (above 1 means ours is faster).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.population import PREFER_NOT_TO_SAY, area_population, category_mapping
from toolkit.stats import DimensionSpec, build_dashboard, rake

AREA = "E54000048"  # Lancashire and South Cumbria ICB
DIMENSIONS = ("age", "sex", "ethnic_group_19", "religion", "disability", "unpaid_care")
RAKING_DIMENSIONS = ("age", "sex", "ethnic_group_5", "disability")
CHANNELS = {"web": 0.55, "paper": 0.15, "QR code": 0.12, "SMS": 0.1, "event": 0.08}
SKEW = {  # multiply the population share of answers containing these words
    "age": {"16 to 24": 0.4, "25 to 34": 0.6, "65 to 74": 1.6, "75 or over": 1.4},
    "sex": {"Female": 1.5},
    "ethnic_group_19": {"English, Welsh, Scottish": 1.3},
}
PREFER_NOT_TO_SAY_RATE = 0.03
T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def answer_shares(dimension: str) -> dict[str, float]:
    """Survey answers with probabilities: the population shares, skewed, plus Prefer not to say."""
    mapping = category_mapping(dimension)
    groups = mapping.group_population(area_population([AREA], dimension))
    answers = {a: g for a, g in mapping.survey_to_group.items() if g is not None}
    per_group = {g: sum(1 for x in answers.values() if x == g) for g in groups}
    shares = {a: groups[g] / per_group[g] for a, g in answers.items()}
    for word, factor in SKEW.get(dimension, {}).items():
        shares = {a: s * factor if word in a else s for a, s in shares.items()}
    total = sum(shares.values())
    shares = {a: s / total * (1 - PREFER_NOT_TO_SAY_RATE) for a, s in shares.items()}
    return {**shares, PREFER_NOT_TO_SAY: PREFER_NOT_TO_SAY_RATE}


def draw(rng: np.random.Generator, shares: Mapping[str, float], size: int) -> pd.Series:
    labels = np.array(list(shares), dtype=object)
    probabilities = np.array(list(shares.values()))
    return pd.Series(labels[rng.choice(len(labels), size=size, p=probabilities / probabilities.sum())], dtype=str)


OLDER_SKEW = {  # answers made more likely for respondents aged 55 and over, so dimensions correlate
    "ethnic_group_19": {"English, Welsh, Scottish": 1.5},
    "disability": {"a lot": 2.0, "a little": 1.5},
    "unpaid_care": {"Yes": 1.5},
    "religion": {"Christian": 1.6},
}


def skewed(shares: Mapping[str, float], factors: Mapping[str, float]) -> dict[str, float]:
    return {a: s * np.prod([f for word, f in factors.items() if word in a]) for a, s in shares.items()}


def draw_by_age(rng: np.random.Generator, dimension: str, older: np.ndarray) -> pd.Series:
    shares = answer_shares(dimension)
    values = draw(rng, shares, len(older)).to_numpy(dtype=object)
    values[older] = draw(rng, skewed(shares, OLDER_SKEW.get(dimension, {})), int(older.sum())).to_numpy(dtype=object)
    return pd.Series(values, dtype=str)


def synthetic_responses(size: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = draw(rng, answer_shares("age"), size)
    older = age.isin(["55 to 64", "65 to 74", "75 or over"]).to_numpy()
    columns = {"age": age, **{d: draw_by_age(rng, d, older) for d in DIMENSIONS if d != "age"}}
    columns["channel"] = draw(rng, CHANNELS, size)
    return pd.DataFrame(columns)


def dashboard_specs() -> list[DimensionSpec]:
    specs = []
    for dimension in DIMENSIONS:
        mapping = category_mapping(dimension)
        population = mapping.group_population(area_population([AREA], dimension))
        specs.append(DimensionSpec(dimension, dimension, population, mapping.survey_to_group))
    return specs


def raking_frame(responses: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Respondents who answered all raking questions, with answers turned into census groups."""
    source = {"age": "age", "sex": "sex", "ethnic_group_5": "ethnic_group_19", "disability": "disability"}
    frame, targets = {}, {}
    for dimension in RAKING_DIMENSIONS:
        mapping = category_mapping(dimension)
        frame[dimension] = responses[source[dimension]].map(dict(mapping.survey_to_group))
        population = mapping.group_population(area_population([AREA], dimension))
        targets[dimension] = {g: n / sum(population.values()) for g, n in population.items()}
    data = pd.DataFrame(frame).dropna().reset_index(drop=True)
    return data.astype("category"), targets


def rake_with_weightipy(data: pd.DataFrame, targets: dict[str, dict[str, float]]) -> np.ndarray:
    import weightipy

    scheme = weightipy.scheme_from_dict(targets)
    return np.asarray(weightipy.weight(data, scheme), dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description="Representativeness and raking benchmark")
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    responses, build_s = timed(lambda: synthetic_responses(args.responses, args.seed))
    specs = dashboard_specs()
    print(f"responses={len(responses):,} dimensions={len(specs)} (made in {build_s:.2f}s)")
    build_dashboard(responses.head(1000), specs, channel_column="channel")  # warm up
    runs = [timed(lambda: build_dashboard(responses, specs, channel_column="channel")) for _ in range(3)]
    dashboard, dashboard_s = runs[0][0], float(np.median([seconds for _, seconds in runs]))
    print("dashboard runs: " + ", ".join(f"{seconds:.3f}s" for _, seconds in runs) + " (median reported)")
    score = dashboard.score.score or 0.0
    print(f"dashboard: {dashboard_s:.3f}s, score {score:.3f}, {len(dashboard.still_to_hear_from)} groups short")

    data, targets = raking_frame(responses)
    ours, ours_s = timed(lambda: rake(data, targets))
    print(
        f"rake (toolkit, {len(data):,} rows, {len(targets)} margins): {ours_s:.3f}s, "
        f"{ours.convergence.iterations} iterations, max error {ours.convergence.max_margin_error:.1e}, "
        f"design effect {ours.design_effect:.3f}"
    )
    reference, reference_s = timed(lambda: rake_with_weightipy(data, targets))
    untrimmed = rake(data, targets, trim=None, tolerance=1e-10)
    print(
        f"rake (weightipy, default settings): {reference_s:.3f}s; "
        f"max |weight difference| vs untrimmed toolkit weights {np.abs(reference - untrimmed.weights).max():.1e}"
    )

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    speed = reference_s / ours_s
    print(f"dashboard_s={dashboard_s:.3f} rake_vs_reference_speed={speed:.1f} peak_rss_mb={peak_rss_mb:.0f}")


if __name__ == "__main__":
    main()
