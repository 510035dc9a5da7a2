"""Who answered compared with who lives in the area.

For one dimension (age, sex, ...) `compare_dimension` takes respondent counts and population counts
by group and gives, per group: the respondents' share, the population share, their ratio, a 95%
Wilson confidence interval for the respondents' share, and an `under_represented` flag when even
the top of that interval is below the population share (so the gap is unlikely to be chance).

"Prefer not to say" and blank answers are left out of the respondents' shares and reported as
`excluded`; answers that match no population group are reported as `unmatched`.

`build_dashboard` does all of this from a DataFrame of responses (one row per response, one column
per equality question, optionally a channel column). Rows are sorted by channel once; each
question is then counted with one `value_counts` per channel slice, and only the few distinct
answers are mapped to groups in Python, so a million responses take well under a second.
Categorical columns are fastest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd

DEFAULT_CONFIDENCE = 0.95
PREFER_NOT_TO_SAY = "Prefer not to say"
DEFAULT_EXCLUDED = frozenset({PREFER_NOT_TO_SAY})

FloatArray = npt.NDArray[np.float64]
EXCLUDED_CODE = -1  # "Prefer not to say" or blank
UNMATCHED_CODE = -2  # an answer that matches no population group


class RepresentativenessError(ValueError):
    """The inputs cannot be compared (no population, a column missing...)."""


@dataclass(frozen=True)
class GroupComparison:
    category: str
    respondents: int
    respondent_share: float
    population: float
    population_share: float
    ratio: float | None  # respondent share / population share; None when the population share is 0
    ci_low: float
    ci_high: float
    under_represented: bool
    over_represented: bool

    @property
    def shortfall(self) -> float:
        """Population share minus respondent share (positive when the group is short)."""
        return self.population_share - self.respondent_share


@dataclass(frozen=True)
class DimensionComparison:
    dimension: str
    groups: tuple[GroupComparison, ...]
    answered: int  # respondents counted in the shares
    excluded: int  # "Prefer not to say" or blank
    unmatched: int  # answers that match no population group
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def dissimilarity(self) -> float:
        """Half the sum of absolute differences between respondent and population shares."""
        return 0.5 * sum(abs(g.respondent_share - g.population_share) for g in self.groups)

    @property
    def score(self) -> float:
        return 1.0 - self.dissimilarity


@dataclass(frozen=True)
class ChannelReach:
    channel: str
    respondents: int  # respondents from the group reached through this channel
    share_of_channel: float  # of everyone who answered through this channel, the share in the group


@dataclass(frozen=True)
class Shortfall:
    """An under-represented group and what it would take to close the gap."""

    dimension: str
    category: str
    respondent_share: float
    population_share: float
    extra_responses_needed: int
    best_channels: tuple[ChannelReach, ...] = ()


@dataclass(frozen=True)
class RepresentativenessScore:
    score: float | None  # None when no dimension has any answers
    by_dimension: Mapping[str, float]
    explanation: str


@dataclass(frozen=True)
class DimensionSpec:
    """One equality question to compare: where the answers are and who lives in the area.

    `answer_to_group` maps each survey answer to a population group (None: leave it out, as for
    "Prefer not to say"). Without it, answers are matched to the population groups by name and
    `excluded_answers` are left out.
    """

    dimension: str
    column: str
    population: Mapping[str, float]
    answer_to_group: Mapping[str, str | None] | None = None
    excluded_answers: frozenset[str] = DEFAULT_EXCLUDED


@dataclass(frozen=True)
class Dashboard:
    responses: int
    dimensions: tuple[DimensionComparison, ...]
    score: RepresentativenessScore
    still_to_hear_from: tuple[Shortfall, ...]
    channels: Mapping[str, Mapping[str, Mapping[str, int]]] = field(default_factory=dict)


def z_value(confidence: float = DEFAULT_CONFIDENCE) -> float:
    if not 0 < confidence < 1:
        raise RepresentativenessError(f"Confidence must be between 0 and 1; it was {confidence}.")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes: int, n: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for a proportion successes/n; (0, 1) when n is 0."""
    low, high = wilson_intervals(np.array([successes], dtype=np.float64), float(n), confidence)
    return float(low[0]), float(high[0])


def wilson_intervals(
    successes: FloatArray, n: float, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[FloatArray, FloatArray]:
    """Vectorised Wilson score intervals for several counts out of the same n."""
    if n <= 0:
        return np.zeros_like(successes), np.ones_like(successes)
    z = z_value(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def extra_responses_needed(respondents: int, answered: int, population_share: float) -> int:
    """Responses from the group that would bring its share up to the population share.

    Solves (r + x) / (n + x) = p for x, i.e. x = (p n - r) / (1 - p), rounded up; 0 if not short.
    """
    if population_share >= 1:
        return 0
    needed = (population_share * answered - respondents) / (1 - population_share)
    return max(0, math.ceil(needed - 1e-9))


def compare_dimension(
    dimension: str,
    respondents: Mapping[str, int],
    population: Mapping[str, float],
    *,
    excluded: int = 0,
    unmatched: int = 0,
    confidence: float = DEFAULT_CONFIDENCE,
) -> DimensionComparison:
    """Compare respondent counts with population counts, group by group.

    Groups are the population's, in its order, followed by any group only respondents have.
    """
    categories = list(dict.fromkeys([*population, *respondents]))
    counts = np.array([respondents.get(c, 0) for c in categories], dtype=np.float64)
    people = np.array([population.get(c, 0.0) for c in categories], dtype=np.float64)
    if people.sum() <= 0:
        raise RepresentativenessError(f"There is no population to compare with for {dimension}.")
    answered = int(counts.sum())
    groups = _groups(categories, counts, people, confidence)
    return DimensionComparison(dimension, groups, answered, excluded, unmatched, confidence)


def _groups(
    categories: list[str], counts: FloatArray, people: FloatArray, confidence: float
) -> tuple[GroupComparison, ...]:
    answered = counts.sum()
    shares = counts / answered if answered else np.zeros_like(counts)
    population_shares = people / people.sum()
    low, high = wilson_intervals(counts, float(answered), confidence)
    return tuple(
        GroupComparison(
            category=category,
            respondents=int(counts[i]),
            respondent_share=float(shares[i]),
            population=float(people[i]),
            population_share=float(population_shares[i]),
            ratio=float(shares[i] / population_shares[i]) if population_shares[i] > 0 else None,
            ci_low=float(low[i]),
            ci_high=float(high[i]),
            under_represented=bool(answered > 0 and high[i] < population_shares[i]),
            over_represented=bool(answered > 0 and low[i] > population_shares[i]),
        )
        for i, category in enumerate(categories)
    )


def representativeness_score(dimensions: Sequence[DimensionComparison]) -> RepresentativenessScore:
    """1 - half the sum of |respondent share - population share| per dimension, averaged."""
    by_dimension = {d.dimension: d.score for d in dimensions if d.answered > 0}
    score = sum(by_dimension.values()) / len(by_dimension) if by_dimension else None
    return RepresentativenessScore(score, by_dimension, explain_score(score, len(by_dimension)))


def explain_score(score: float | None, dimensions: int) -> str:
    if score is None:
        return "There is no score yet: nobody has answered the equality questions."
    short = round((1 - score) * 100)
    questions = "the equality question" if dimensions == 1 else f"the {dimensions} equality questions"
    return (
        f"The score is {score:.2f} out of 1. For each equality question we compare the mix of people who "
        "answered with the mix of people who live in the area: 1 means the two mixes are the same, 0 means "
        f"they have nothing in common. A score of {score:.2f} means that, on average over {questions}, "
        f"{short}% of the responses would have had to come from different groups for the mix of people "
        "who answered to match the area."
    )


def who_we_still_need_to_hear_from(
    dimensions: Sequence[DimensionComparison],
    channels: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
    top_channels: int = 3,
) -> tuple[Shortfall, ...]:
    """Under-represented groups, largest shortfall (in share of responses) first.

    `channels` is dimension -> channel -> group -> respondents. For each group the channels that
    reached most people in it so far are listed, most first.
    """
    shortfalls = [
        Shortfall(
            d.dimension,
            g.category,
            g.respondent_share,
            g.population_share,
            extra_responses_needed(g.respondents, d.answered, g.population_share),
            best_channels(channels.get(d.dimension, {}), g.category, top_channels) if channels else (),
        )
        for d in dimensions
        for g in d.groups
        if g.under_represented
    ]
    return tuple(sorted(shortfalls, key=lambda s: (s.respondent_share - s.population_share, -s.extra_responses_needed)))


def best_channels(by_channel: Mapping[str, Mapping[str, int]], category: str, top: int = 3) -> tuple[ChannelReach, ...]:
    reaches = []
    for channel, groups in by_channel.items():
        reached = groups.get(category, 0)
        total = sum(groups.values())
        if reached > 0:
            reaches.append(ChannelReach(channel, reached, reached / total))
    reaches.sort(key=lambda r: (-r.respondents, -r.share_of_channel, r.channel))
    return tuple(reaches[:top])


def build_dashboard(
    responses: pd.DataFrame,
    specs: Sequence[DimensionSpec],
    *,
    channel_column: str | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    top_channels: int = 3,
) -> Dashboard:
    """The full dashboard from a DataFrame of responses (filter it by channel or date first)."""
    _check_columns(responses, specs, channel_column)
    split = _split_by_channel(responses, channel_column)
    comparisons = []
    channels: dict[str, dict[str, dict[str, int]]] = {}
    for spec in specs:
        comparison, by_channel = _dimension(responses[spec.column], spec, split, confidence)
        comparisons.append(comparison)
        channels[spec.dimension] = by_channel
    return Dashboard(
        responses=len(responses),
        dimensions=tuple(comparisons),
        score=representativeness_score(comparisons),
        still_to_hear_from=who_we_still_need_to_hear_from(comparisons, channels, top_channels),
        channels=channels,
    )


def _check_columns(responses: pd.DataFrame, specs: Sequence[DimensionSpec], channel_column: str | None) -> None:
    wanted = [spec.column for spec in specs] + ([channel_column] if channel_column else [])
    missing = [column for column in wanted if column not in responses.columns]
    if missing:
        raise RepresentativenessError(f"The responses have no column {', '.join(missing)}.")


@dataclass(frozen=True)
class _ChannelSplit:
    """Row positions sorted by channel, so each channel's rows are one slice."""

    names: list[str]
    order: npt.NDArray[np.intp]
    bounds: npt.NDArray[np.intp]


def _split_by_channel(responses: pd.DataFrame, channel_column: str | None) -> _ChannelSplit | None:
    if channel_column is None:
        return None
    codes, names = pd.factorize(responses[channel_column], use_na_sentinel=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    return _ChannelSplit(["(not recorded)" if pd.isna(n) else str(n) for n in names], order, bounds)


def _answer_counts(column: pd.Series, split: _ChannelSplit | None) -> dict[str, pd.Series]:
    """Channel -> counts of each distinct answer (one entry, "", without channels)."""
    if split is None:
        return {"": column.value_counts(dropna=False, sort=False)}
    ordered = column.take(split.order)
    return {
        name: ordered.iloc[split.bounds[i] : split.bounds[i + 1]].value_counts(dropna=False, sort=False)
        for i, name in enumerate(split.names)
    }


def _answer_code(answer: object, spec: DimensionSpec, index: Mapping[str, int]) -> int:
    """The group index of an answer, or EXCLUDED_CODE or UNMATCHED_CODE."""
    if answer is None or answer is pd.NA or (isinstance(answer, float) and math.isnan(answer)):
        return EXCLUDED_CODE
    text = str(answer)
    if text.strip() == "":
        return EXCLUDED_CODE
    if spec.answer_to_group is not None:
        if text not in spec.answer_to_group:
            return UNMATCHED_CODE
        group = spec.answer_to_group[text]
        return EXCLUDED_CODE if group is None else index.get(group, UNMATCHED_CODE)
    if text in spec.excluded_answers:
        return EXCLUDED_CODE
    return index.get(text, UNMATCHED_CODE)


def _tally(answer_counts: pd.Series, spec: DimensionSpec, index: Mapping[str, int]) -> dict[int, int]:
    """Respondents per group index (and per EXCLUDED_CODE / UNMATCHED_CODE)."""
    tally: dict[int, int] = {}
    for answer, count in answer_counts.items():
        code = _answer_code(answer, spec, index)
        tally[code] = tally.get(code, 0) + int(count)
    return tally


def _dimension(
    column: pd.Series, spec: DimensionSpec, split: _ChannelSplit | None, confidence: float
) -> tuple[DimensionComparison, dict[str, dict[str, int]]]:
    groups = list(spec.population)
    index = {group: i for i, group in enumerate(groups)}
    by_channel = {channel: _tally(counts, spec, index) for channel, counts in _answer_counts(column, split).items()}
    overall = {
        code: sum(t.get(code, 0) for t in by_channel.values())
        for code in (*range(len(groups)), EXCLUDED_CODE, UNMATCHED_CODE)
    }
    comparison = compare_dimension(
        spec.dimension,
        {group: overall[i] for i, group in enumerate(groups)},
        spec.population,
        excluded=overall[EXCLUDED_CODE],
        unmatched=overall[UNMATCHED_CODE],
        confidence=confidence,
    )
    channels = {
        channel: {group: tally[i] for i, group in enumerate(groups) if tally.get(i)}
        for channel, tally in by_channel.items()
    }
    return comparison, channels if split is not None else {}
