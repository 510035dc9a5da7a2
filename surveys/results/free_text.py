"""One free-text question's answers for the results page: a page of them, searched and filtered,
each with the codebook themes its comment was given once the engagement codes its comments
(`toolkit.comment_themes`), a filter by theme, and how many answers have each theme."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from surveys import repository
from surveys.model import Question
from surveys.repository import ResponseFilter, TextQuery
from toolkit import comment_themes
from toolkit.comment_themes import QuestionThemes, Theme


@dataclass(frozen=True)
class TextAnswer:
    text: str
    themes: tuple[Theme, ...] = ()


@dataclass(frozen=True)
class TextAnswers:
    total: int
    answers: list[TextAnswer]
    theme_counts: list[tuple[Theme, int]] = field(default_factory=list)  # among the answers matching, any theme


def themes(survey_id: int, question_id: str) -> QuestionThemes | None:
    return comment_themes.question_themes(survey_id, question_id)


def query(question: Question, questions: Iterable[Question], search: str, answered: str) -> TextQuery:
    """The search, and "only people who answered" as "question id=option value"."""
    choice_id, _sep, option = (answered or "").partition("=")
    chosen = next((q for q in questions if q.id == choice_id), None)
    return TextQuery(question.id, search, choice_id or None, option or None, bool(chosen and chosen.kind.multiple))


def answers_page(
    survey_id: int,
    filters: ResponseFilter,
    wanted: TextQuery,
    coded: QuestionThemes | None,
    theme_id: int | None,
    offset: int,
    limit: int,
) -> TextAnswers:
    """One page of the answers matching, with their themes; only those with the theme when one is chosen."""
    narrowed = replace(wanted, response_ids=coded.with_theme(theme_id)) if coded and theme_id else wanted
    total, rows = repository.text_answers(survey_id, filters, narrowed, offset, limit)
    if coded is None:
        return TextAnswers(total, [TextAnswer(text) for _, text in rows])
    counts = coded.counts(repository.text_answer_ids(survey_id, filters, wanted))
    return TextAnswers(total, _with_themes(rows, coded), counts)


def _with_themes(rows: Sequence[tuple[int, str]], coded: QuestionThemes) -> list[TextAnswer]:
    return [TextAnswer(text, coded.of(response_id)) for response_id, text in rows]
