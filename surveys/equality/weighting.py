"""Weighted results: rake the respondents to the population margins a lead picks, then show each
choice question's percentages unweighted and weighted, side by side, with the margin of error.

Plain module: no Flask, no database. Each respondent's equality answers are joined to their survey
answers here, inside the calculation, and only percentages over groups of people leave it.
Every count shown here goes through `toolkit.stats.disclosure` like the dashboard's: how many
were weighted, each margin group's unweighted share (from protected counts), how many answered
each question and sit at a weight cap. The weights and every percentage, weighted or not, are
worked out from protected counts of each combination of the margins' groups and of each answer
in it (`toolkit.stats.combinations`), never from single people, so a weighted and an unweighted
percentage read together say nothing about a hidden count (a small count of answers counts as
none). A margin is
refused when any of its groups with people in the area has a protected count that is not shown:
weighting would lean hard on a few people. The message names those groups only because their
counts are hidden anyway. The effective sample size is rounded to 10 and the design effect to one
decimal place.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from surveys.equality import model as equality
from surveys.equality.dashboard import Comparison, percent
from surveys.model import Question
from toolkit.equality import cell_text
from toolkit.spreadsheets import safe_cell
from toolkit.stats import ConvergenceReport, RakingError, RakingResult, margin_of_error, rake
from toolkit.stats.combinations import Combinations, TooFewAlike, combinations
from toolkit.stats.disclosure import (
    Policy,
    Protected,
    Table,
    count_of,
    protect,
    round_to,
    share,
)
from toolkit.text import lazy as _l


class WeightingRowLike(Protocol):
    @property
    def equality(self) -> Mapping[str, Any]: ...

    @property
    def survey(self) -> Mapping[str, Any]: ...

    @property
    def record_key(self) -> int: ...


@dataclass(frozen=True)
class WeightedOption:
    label: str
    unweighted: str
    weighted: str
    margin_of_error: str  # "± 4 points"


@dataclass(frozen=True)
class WeightedQuestion:
    question: Question
    answered: str  # protected
    options: tuple[WeightedOption, ...]

    @property
    def multiple(self) -> bool:
        return self.question.kind.multiple


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
    used: str  # respondents who answered every chosen equality question, protected
    left_out: str  # the view's responses less `used`
    problem: str | None  # why the weighting could not be done
    convergence: ConvergenceReport | None = None
    effective_sample_size: int = 0  # rounded to 10
    design_effect: float = 1.0  # rounded to 0.1
    trimmed: str = ""  # respondents at a weight cap, protected
    checks: tuple[MarginCheck, ...] = ()
    questions: tuple[WeightedQuestion, ...] = ()


def weight(
    rows: Iterable[WeightingRowLike],
    margins: Sequence[Comparison],
    questions: Sequence[Question],
    *,
    policy: Policy,
    published: Mapping[str, Table] | None = None,
) -> Weighting:
    """Rake to `margins` and weigh the answers to the choice `questions`. `published`: each
    margin's table as the dashboard publishes it for the same view (None: the view is not one the
    dashboard publishes, so nothing is weighted)."""
    labels = tuple(m.label for m in margins)
    with _no_cycle_collection():  # a million rows of small dicts: collecting cycles as they come took a third
        groups, answers, keys = _frames(rows, margins, questions)
    complete = (groups.notna().all(axis=1) & ~groups.isin([equality.UNMATCHED]).any(axis=1)).to_numpy()
    used = protect(count_of(int(k) for k in keys[complete]), policy.threshold)
    responses = len(groups)
    used_text, left_out = cell_text(used), _left_out(responses, used)
    if not margins:
        return Weighting(labels, used_text, left_out, str(_l("Choose at least one population margin to weight to.")))
    if int(complete.sum()) < policy.minimum_base:
        problem = _l(
            "Fewer than %(minimum)s respondents answered every equality question you chose, too few to weight "
            "without risk of identifying someone.",
            minimum=policy.minimum_base,
        )
        return Weighting(labels, used_text, left_out, str(problem))
    groups, answers = groups[complete].reset_index(drop=True), answers[complete].reset_index(drop=True)
    keys = keys[complete]
    if published is None:
        return Weighting(labels, used_text, left_out, str(_l("Weighting is shown only for views the dashboard shows.")))
    tables = {m.key: margin_table(published[m.key], m) for m in margins}
    problem = _small_group_problem(tables, margins)
    if problem:
        return Weighting(labels, used_text, left_out, problem)
    targets = {m.key: m.mapping.group_population(m.population) for m in margins}
    try:
        cells = combinations(groups, targets, keys, policy)
        result = rake(cells.groups, targets, sizes=cells.sizes)
    except RakingError as error:
        return Weighting(labels, used_text, left_out, str(error))
    except TooFewAlike:
        return Weighting(labels, used_text, left_out, str(TOO_FEW_ALIKE))
    weights = cells.every_weight(result.weights)
    at_cap = (np.isclose(weights, 0.2, rtol=1e-6) | np.isclose(weights, 5.0, rtol=1e-6))[cells.of_row]
    weighed = protect(count_of(int(k) for k in keys[cells.kept[cells.of_row]]), policy.threshold)
    return Weighting(
        margins=labels,
        used=cell_text(weighed),
        left_out=_left_out(responses, weighed),
        problem=None,
        convergence=result.convergence,
        effective_sample_size=round_to(result.effective_sample_size, 10),
        design_effect=round(result.design_effect, 1),
        trimmed=cell_text(protect(count_of(int(k) for k in keys[at_cap]), policy.threshold)),
        checks=_checks(result, {m.key: m.label for m in margins}, tables),
        questions=tuple(
            _weighted_question(q, answers[q.id], weights, result.design_effect, cells, keys, policy) for q in questions
        ),
    )


TOO_FEW_ALIKE = _l(
    "Too few respondents share each combination of the groups you chose (at least the small-number threshold "
    "are needed in a combination to use it), so weighting could identify someone. Choose fewer margins, or wait "
    "for more responses."
)


LEFT_OUT = _l("Left out (did not answer every chosen question, or too few share their combination of groups)")


def _left_out(responses: int, used: Protected) -> str:
    """The view's responses (shown exactly on the results page) less the protected number used."""
    if used.value is None:
        return str(_l("all but %(used)s", used=cell_text(used)))
    return f"{max(responses - used.value, 0):,}"


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector off while reading rows (nothing read makes a cycle; reference counting
    still frees everything at once), back to how it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _frames(
    rows: Iterable[WeightingRowLike], margins: Sequence[Comparison], questions: Sequence[Question]
) -> tuple[pd.DataFrame, pd.DataFrame, npt.NDArray[np.int64]]:
    mappings = [m.mapping for m in margins]
    group_records, answer_records, keys = [], [], []
    for row in rows:
        group_records.append(equality.respondent_groups(mappings, row.equality))
        answer_records.append([row.survey.get(q.id) for q in questions])
        keys.append(row.record_key)
    groups = pd.DataFrame.from_records(group_records, columns=[m.key for m in margins])
    # dtype=object: answers stay as stored (5 stays 5, not 5.0; a missing answer stays None).
    values = np.empty((len(answer_records), len(questions)), dtype=object)
    for row_number, record in enumerate(answer_records):
        for column, value in enumerate(record):
            values[row_number, column] = value
    answers = pd.DataFrame(values, columns=[q.id for q in questions], dtype=object)
    return groups, answers, np.array(keys, dtype=np.int64)


def margin_table(published: Table, margin: Comparison) -> Table:
    """A margin's groups as the dashboard publishes them for the same view (the same protected
    figures, so weighting tells a reader nothing the dashboard does not)."""
    groups = list(margin.mapping.group_population(margin.population))
    return Table({g: published.cells[g] for g in groups}, published.total, published.threshold)


def _small_group_problem(tables: Mapping[str, Table], margins: Sequence[Comparison]) -> str | None:
    for margin in margins:
        people = margin.mapping.group_population(margin.population)
        hidden = [g for g, cell in tables[margin.key].cells.items() if not cell.shown and people.get(g, 0) > 0]
        if hidden:
            return str(
                _l(
                    "Cannot weight by %(margin)s: the number of respondents in %(groups)s is too small to show. "
                    "Weighting so few people would lean heavily on them and could give their answers away. "
                    "Drop this margin, or wait for more responses.",
                    margin=margin.label,
                    groups=", ".join(f"“{g}”" for g in hidden),
                )
            )
    return None


def _checks(result: RakingResult, labels: Mapping[str, str], tables: Mapping[str, Table]) -> tuple[MarginCheck, ...]:
    """Target, unweighted (from the protected counts) and weighted share of each margin group."""
    checks = []
    for fit in result.margins:
        estimates = tables[fit.variable].estimates()
        unweighted = share(estimates.get(fit.category, 0.0), sum(estimates.values()))
        checks.append(
            MarginCheck(
                labels.get(fit.variable, fit.variable),
                fit.category,
                percent(fit.target_share),
                percent(unweighted),
                percent(fit.weighted_share),
            )
        )
    return tuple(checks)


def _chose(values: pd.Series, option: str, multiple: bool) -> np.ndarray[Any, np.dtype[np.bool_]]:
    if multiple:
        return np.array([isinstance(v, list) and option in {str(x) for x in v} for v in values], dtype=bool)
    return np.array([v is not None and str(v) == option for v in values], dtype=bool)


def _weighted_question(
    question: Question,
    values: pd.Series,
    weights: npt.NDArray[np.float64],
    design_effect: float,
    cells: Combinations,
    keys: npt.NDArray[np.int64],
    policy: Policy,
) -> WeightedQuestion:
    """Each option's share of those who answered, unweighted and weighted, from the protected
    counts of each combination of groups (`Combinations`). A one-answer question's shares are of the
    options' counts together, so they add up to 100%."""
    answered = np.array([v is not None and v != "" and v != [] for v in values], dtype=bool)
    answered_text = cell_text(protect(count_of(int(k) for k in keys[answered]), policy.threshold))
    multiple = question.kind.multiple
    chosen = [cells.answers(_chose(values, o.value, multiple) & answered, keys) for o in question.choices]
    base = cells.answers(answered, keys) if multiple else sum(chosen, np.zeros(len(cells.kept)))
    # A combination left out of the weights holds fewer people than the threshold, so its counts are 0 already.
    counted, weighted_base = float(base.sum()), float((weights * base).sum())
    options = []
    for option, counts in zip(question.choices, chosen, strict=True):
        unweighted = min(float(counts.sum()) / counted, 1.0) if counted else None
        weighted = min(float((weights * counts).sum()) / weighted_base, 1.0) if counted else None
        moe = margin_of_error(weighted, counted, design_effect=design_effect) if weighted is not None else None
        options.append(WeightedOption(option.label, percent(unweighted), percent(weighted), _points(moe)))
    return WeightedQuestion(question, answered_text, tuple(options))


def _points(moe: float | None) -> str:
    if moe is None:
        return "–"
    return str(_l("± %(points)s points", points=f"{moe * 100:.0f}"))


# --- as a spreadsheet (the queue's job, for views too large to weigh in a request) -----------------------


def csv_rows(result: Weighting, view: Sequence[tuple[str, str]] = ()) -> list[list[str]]:
    """What the page shows of a weighting, as CSV rows (the same protected figures); `view`: what
    the filters chose, as (label, value) rows. Words anyone typed are made safe for spreadsheets."""
    rows: list[list[str]] = [[str(_l("Weighted results"))], *([label, safe_cell(value)] for label, value in view)]
    if result.problem:
        return [*rows, [str(_l("These results cannot be weighted")), result.problem]]
    report = result.convergence
    settled = ""
    if report is not None and report.converged:
        settled = str(_l("Yes, after %(num)s rounds", num=report.iterations))
    elif report is not None:
        settled = str(_l("No: after %(num)s rounds the largest gap to a target was %(gap)s percentage points.",
                         num=report.iterations, gap=f"{report.max_margin_error * 100:.1f}"))  # fmt: skip
    rows += [
        [str(_l("Weighted to")), safe_cell(", ".join(result.margins))],
        [str(_l("Respondents weighted")), result.used],
        [str(LEFT_OUT), result.left_out],
        [str(_l("Did the weights settle?")), settled],
        [str(_l("Respondents at a weight cap")), result.trimmed],
        [str(_l("Effective sample size (to the nearest 10)")), f"{result.effective_sample_size:,}"],
        [str(_l("Design effect")), f"{result.design_effect:.1f}"],
        [],
        [str(_l("Group")), str(_l("Population")), str(_l("Unweighted")), str(_l("Weighted"))],
        *([safe_cell(f"{c.margin}: {c.group}"), c.target, c.unweighted, c.weighted] for c in result.checks),
        [],
        [str(_l("Question")), str(_l("Answer")), str(_l("Unweighted")), str(_l("Weighted")),
         str(_l("Margin of error (95%)")), str(_l("Respondents weighted who answered"))],
    ]  # fmt: skip
    for item in result.questions:
        for option in item.options:
            rows.append(
                [safe_cell(item.question.text), safe_cell(option.label), option.unweighted, option.weighted,
                 option.margin_of_error, item.answered]
            )  # fmt: skip
    return rows
