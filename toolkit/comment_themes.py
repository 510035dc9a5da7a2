"""The codebook themes given to survey comments, where surveys and engagements meet.

An engagement codes its comments (its surveys' free text among them) against a codebook
(`engagements.coding`); the survey results show those themes beside each comment. Areas never
import each other: the engagements area registers a source here when it is imported, and survey
results ask here. Plain module: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    id: int
    label: str  # "Theme", or "Theme › Sub-theme"
    parent_id: int | None = None


@dataclass(frozen=True)
class QuestionThemes:
    """The codebook, and the themes each response's answer to one question was given."""

    themes: tuple[Theme, ...]  # in codebook order: each theme followed by its sub-themes
    coded: Mapping[int, frozenset[int]] = field(default_factory=dict)  # response id -> theme ids

    def theme(self, theme_id: int) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def of(self, response_id: int) -> tuple[Theme, ...]:
        """The themes of one response's answer, in codebook order."""
        ids = self.coded.get(response_id, frozenset())
        return tuple(t for t in self.themes if t.id in ids)

    def with_theme(self, theme_id: int) -> frozenset[int]:
        """Responses whose answer has the theme, or one of its sub-themes."""
        wanted = {theme_id} | {t.id for t in self.themes if t.parent_id == theme_id}
        return frozenset(response for response, ids in self.coded.items() if ids & wanted)

    def counts(self, response_ids: Iterable[int]) -> list[tuple[Theme, int]]:
        """How many of these responses' answers have each theme (a theme counts its sub-themes)."""
        among = set(response_ids)
        return [(t, len(self.with_theme(t.id) & among)) for t in self.themes]


# (survey id, question id) -> the question's themes, or None when its survey's comments are not coded
Source = Callable[[int, str], QuestionThemes | None]

_SOURCES: list[Source] = []


def register(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def question_themes(survey_id: int, question_id: str) -> QuestionThemes | None:
    """The themes of a survey question's comments, once a codebook exists for them; else None."""
    for source in _SOURCES:
        found = source(survey_id, question_id)
        if found is not None and found.themes:
            return found
    return None
