"""Anonymous equality monitoring at a workshop session: which questions are asked, and the
answers in aggregate. Plain module: no Flask, no database.

The questions are the harmonised ones surveys ask by default (`toolkit.equality`), every one
optional with "Prefer not to say". Answers are only ever shown as counts, through
`toolkit.equality.answer_counts`, which hides small numbers the same way surveys do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.equality import CountTable, EqualityQuestion, answer_counts, default_questions, in_language
from toolkit.stats import DEFAULT_THRESHOLD, SuppressedCell, suppress_counts


def questions(language: str = "en") -> tuple[EqualityQuestion, ...]:
    """The questions, worded in `language` where a stock translation exists (values never change)."""
    return in_language(default_questions(), language)


@dataclass(frozen=True)
class EqualitySummary:
    responses: SuppressedCell  # how many people answered the form, itself hidden when small
    tables: tuple[CountTable, ...]
    threshold: int


def summarise(answer_sets: Sequence[Mapping[str, Any]], threshold: int = DEFAULT_THRESHOLD) -> EqualitySummary:
    responses = suppress_counts({"responses": len(answer_sets)}, threshold).cells[0]
    return EqualitySummary(responses, answer_counts(questions(), answer_sets, threshold), threshold)
