"""Weighted results: rake the respondents to the population margins a lead picks, then show each
choice question's percentages unweighted and weighted, side by side, with the margin of error.

Plain module: no Flask, no database. Each respondent's equality answers are joined to their survey
answers here, inside the calculation, and only percentages over groups of people leave it.
A margin is refused (with a message saying why) when any of its groups has people in the area but
fewer respondents than the suppression threshold: weighting would lean hard on those few people,
and the difference between weighted and unweighted results could give their answers away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from surveys.equality import model as equality
from surveys.equality.dashboard import Comparison, percent
from surveys.model import Question
from toolkit.stats import ConvergenceReport, RakingError, RakingResult, margin_of_error, rake
from toolkit.text import lazy as _l


class WeightingRowLike(Protocol):
    @property
    def equality(self) -> Mapping[str, Any]: ...

    @property
    def survey(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class WeightedOption:
    label: str
    unweighted: str
    weighted: str
    margin_of_error: str  # "± 4 points"


@dataclass(frozen=True)
class WeightedQuestion:
    question: Question
    answered: int
    options: tuple[WeightedOption, ...]

    @property
    def multiple(self) -> bool:
        return self.question.type == "multiple_choice"


@dataclass(frozen=True)
class MarginCheck:
    """How well the weights match a margin: target, before and after."""

    margin: str
    group: str
    target: str
    unweighted: str
    weighted: str


@dataclass(frozen=True)
class Weighting:
    margins: tuple[str, ...]  # labels of the margins used
    used: int  # respondents who answered every chosen equality question
    left_out: int
    problem: str | None  # why the weighting could not be done
    convergence: ConvergenceReport | None = None
    effective_sample_size: float = 0.0
    design_effect: float = 1.0
    checks: tuple[MarginCheck, ...] = ()
    questions: tuple[WeightedQuestion, ...] = ()


def weight(
    rows: Iterable[WeightingRowLike],
    margins: Sequence[Comparison],
    questions: Sequence[Question],
    *,
    threshold: int,
) -> Weighting:
    """Rake to `margins` and weigh the answers to the choice `questions`."""
    labels = tuple(m.label for m in margins)
    groups, answers = _frames(rows, margins, questions)
    complete = groups.notna().all(axis=1) & ~groups.isin([equality.UNMATCHED]).any(axis=1)
    used, left_out = int(complete.sum()), int((~complete).sum())
    if not margins:
        return Weighting(labels, used, left_out, str(_l("Choose at least one population margin to weight to.")))
    if used == 0:
        return Weighting(labels, 0, left_out, str(_l("Nobody has answered every equality question you chose.")))
    groups, answers = groups[complete].reset_index(drop=True), answers[complete].reset_index(drop=True)
    problem = _small_group_problem(groups, margins, threshold)
    if problem:
        return Weighting(labels, used, left_out, problem)
    targets = {m.key: m.mapping.group_population(m.population) for m in margins}
    try:
        result = rake(groups, targets)
    except RakingError as error:
        return Weighting(labels, used, left_out, str(error))
    return Weighting(
        margins=labels,
        used=used,
        left_out=left_out,
        problem=None,
        convergence=result.convergence,
        effective_sample_size=result.effective_sample_size,
        design_effect=result.design_effect,
        checks=_checks(result, {m.key: m.label for m in margins}),
        questions=tuple(_weighted_question(q, answers[q.id], result) for q in questions),
    )


def _frames(
    rows: Iterable[WeightingRowLike], margins: Sequence[Comparison], questions: Sequence[Question]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    mappings = [m.mapping for m in margins]
    group_records, answer_records = [], []
    for row in rows:
        group_records.append(equality.respondent_groups(mappings, row.equality))
        answer_records.append([row.survey.get(q.id) for q in questions])
    groups = pd.DataFrame.from_records(group_records, columns=[m.key for m in margins])
    # dtype=object: answers stay as stored (5 stays 5, not 5.0; a missing answer stays None).
    values = np.empty((len(answer_records), len(questions)), dtype=object)
    for row_number, record in enumerate(answer_records):
        for column, value in enumerate(record):
            values[row_number, column] = value
    answers = pd.DataFrame(values, columns=[q.id for q in questions], dtype=object)
    return groups, answers


def _small_group_problem(groups: pd.DataFrame, margins: Sequence[Comparison], threshold: int) -> str | None:
    for margin in margins:
        counts = groups[margin.key].value_counts()
        for group, people in margin.mapping.group_population(margin.population).items():
            respondents = int(counts.get(group, 0))
            if people > 0 and 0 < respondents < threshold:
                return str(
                    _l(
                        "Cannot weight by %(margin)s: fewer than %(threshold)s respondents are in “%(group)s”. "
                        "Weighting so few people would lean heavily on them and could give their answers away. "
                        "Drop this margin, or wait for more responses.",
                        margin=margin.label,
                        threshold=threshold,
                        group=group,
                    )
                )
    return None


def _checks(result: RakingResult, labels: Mapping[str, str]) -> tuple[MarginCheck, ...]:
    return tuple(
        MarginCheck(
            labels.get(fit.variable, fit.variable),
            fit.category,
            percent(fit.target_share),
            percent(fit.unweighted_share),
            percent(fit.weighted_share),
        )
        for fit in result.margins
    )


def _chose(values: pd.Series, option: str, multiple: bool) -> np.ndarray[Any, np.dtype[np.bool_]]:
    if multiple:
        return np.array([isinstance(v, list) and option in {str(x) for x in v} for v in values], dtype=bool)
    return np.array([v is not None and str(v) == option for v in values], dtype=bool)


def _weighted_question(question: Question, values: pd.Series, result: RakingResult) -> WeightedQuestion:
    answered = np.array([v is not None and v != "" and v != [] for v in values], dtype=bool)
    n = int(answered.sum())
    weights = result.weights
    multiple = question.type == "multiple_choice"
    options = []
    for option in question.choices:
        chose = _chose(values, option.value, multiple) & answered
        unweighted = chose.sum() / n if n else None
        weighted = float(weights[chose].sum() / weights[answered].sum()) if n else None
        moe = margin_of_error(weighted, n, design_effect=result.design_effect) if weighted is not None else None
        options.append(WeightedOption(option.label, percent(unweighted), percent(weighted), _points(moe)))
    return WeightedQuestion(question, n, tuple(options))


def _points(moe: float | None) -> str:
    if moe is None:
        return "–"
    return str(_l("± %(points)s points", points=f"{moe * 100:.0f}"))
