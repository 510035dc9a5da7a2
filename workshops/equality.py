"""Anonymous equality monitoring at a workshop session: which questions are asked, and the
answers in aggregate. Plain module: no Flask, no database.

The questions are the harmonised ones surveys ask by default (`toolkit.equality`), every one
optional with "Prefer not to say". Answers are only ever shown as counts, through
`toolkit.equality.answer_counts`, with the same disclosure control as surveys (`toolkit.stats.disclosure`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.equality import (
    CountTable,
    EqualityQuestion,
    ShownCell,
    answer_counts,
    default_questions,
    in_language,
    shown_cell,
)
from toolkit.stats.disclosure import Policy, count_of, protect


def questions(language: str = "en") -> tuple[EqualityQuestion, ...]:
    """The questions, worded in `language` where a stock translation exists (values never change)."""
    return in_language(default_questions(), language)


@dataclass(frozen=True)
class EqualitySummary:
    responses: ShownCell  # how many people answered the form, perturbed, itself hidden when small
    tables: tuple[CountTable, ...]  # empty when too few people answered, or the session is still open
    policy: Policy
    still_open: bool = False  # the tables wait until the session has closed

    @property
    def threshold(self) -> int:
        return self.policy.threshold

    @property
    def shown(self) -> bool:
        return bool(self.tables)


Answer = tuple[int, Mapping[str, Any], int]  # (id, answers, record key): ids grow as forms arrive


def counted(answers: Sequence[Answer], shown_through: int | None, policy: Policy | None = None) -> list[Answer]:
    """The answers a closed session's tables count. Once tables have been shown and the session
    is reopened, they were shown through its answer `shown_through`; a form given after that
    counts only once at least the minimum base (10) of them have come in, all at once: one late
    form moving the tables when the session closed again would show which groups its giver is in."""
    if shown_through is None:
        return list(answers)
    before = [a for a in answers if a[0] <= shown_through]
    late = [a for a in answers if a[0] > shown_through]
    return before + late if len(late) >= (policy or Policy()).minimum_base else before


def shown_through(answers: Sequence[Answer], policy: Policy | None = None) -> int | None:
    """The last answer a closed session's tables show (those of `counted`), None when they show
    none (fewer than the minimum base): what a reopening keeps."""
    return max(a[0] for a in answers) if len(answers) >= (policy or Policy()).minimum_base else None


def summarise(
    answer_sets: Sequence[tuple[Mapping[str, Any], int]], policy: Policy | None = None, still_open: bool = False
) -> EqualitySummary:
    """(answers, record key) per participant -> what the pages may show. Below the minimum base
    (10 by default) only the count, itself perturbed or "fewer than 5", is shown. While the session
    is open (`still_open`), so is only the count: forms come in one at a time, and someone watching
    the tables change as each arrives would see which groups the person who just answered is in
    (the same people always give the same figure, so only that person's cells change). Once the
    session has closed, nobody can answer, and the tables show everyone at once."""
    policy = policy or Policy()
    responses = protect(count_of(key for _, key in answer_sets), policy.threshold)
    if still_open:
        return EqualitySummary(shown_cell("responses", responses), (), policy, still_open=True)
    if len(answer_sets) < policy.minimum_base:
        return EqualitySummary(shown_cell("responses", responses), (), policy)
    return EqualitySummary(shown_cell("responses", responses), answer_counts(questions(), answer_sets, policy), policy)
