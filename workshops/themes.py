"""Suggested themes for ungrouped notes: an explainable word-overlap method.

Each note and each theme (its name plus the notes already in it) becomes a set of word
stems, leaving out common words. A note's suggestion is the theme that shares the largest
part of the note's stems (shared stems / the note's stems; a theme grows as notes join it,
so the note's own words are the fair denominator), shown with the shared words so a
person can see why: the note's own words, whole ("bids, scores", never the stems "bid, scor").
Suggestions are only ever shown: a person has to agree before one is applied.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from toolkit.words import stem, stems, whole_words  # noqa: F401 - stem is part of this module's tested surface

MIN_SCORE = 0.25


def overlap(note: frozenset[str], theme: frozenset[str]) -> float:
    """The share of the note's stems that the theme also has."""
    return len(note & theme) / len(note) if note else 0.0


@dataclass(frozen=True)
class ThemeText:
    id: int
    name: str
    note_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    note_id: int
    theme_id: int
    theme_name: str
    score: float
    shared: tuple[str, ...]  # the explanation: the note's words whose stems the theme has too, whole


def suggest(
    notes: Iterable[tuple[int, str]], themes: Sequence[ThemeText], min_score: float = MIN_SCORE
) -> list[Suggestion]:
    """For each note, the best-matching theme if it scores at least `min_score`."""
    theme_stems = [(theme, stems(" ".join((theme.name, *theme.note_texts)))) for theme in themes]
    suggestions = []
    for note_id, text in notes:
        words = stems(text)
        best: Suggestion | None = None
        for theme, words_of_theme in theme_stems:
            score = overlap(words, words_of_theme)
            if score >= min_score and (best is None or score > best.score):
                shared = whole_words(text, words & words_of_theme)
                best = Suggestion(note_id, theme.id, theme.name, round(score, 2), shared)
        if best is not None:
            suggestions.append(best)
    return suggestions


class Themed(Protocol):
    @property
    def theme_id(self) -> int | None: ...


@dataclass(frozen=True)
class BoardGroup:
    theme_id: int | None  # None: the notes not in a theme yet
    name: str
    notes: tuple[Any, ...]


def group_notes(notes: Iterable[Themed], theme_names: Sequence[tuple[int, str]]) -> list[BoardGroup]:
    """The board's columns: first the notes not in a theme yet (where new notes arrive, always
    shown so a note can be put back there), then every theme in order, even an empty one.
    Themes are told apart by id, so two themes with the same name stay apart."""
    notes = list(notes)
    known = {theme_id for theme_id, _name in theme_names}
    groups = [BoardGroup(None, "", tuple(n for n in notes if n.theme_id not in known))]
    groups += [BoardGroup(i, name, tuple(n for n in notes if n.theme_id == i)) for i, name in theme_names]
    return groups


def board_state(groups: Sequence[BoardGroup]) -> dict[str, Any]:
    """Where every note is, for a board open on another device to catch up with: each group's
    theme (None: not in a theme yet) and its note ids in the board's order, and a version that
    changes whenever any of that does (the ETag: an unchanged board costs a 304 and no JSON)."""
    placed = [{"theme_id": g.theme_id, "notes": [n.id for n in g.notes]} for g in groups]
    canonical = json.dumps(placed, separators=(",", ":")).encode()
    return {"version": hashlib.sha256(canonical).hexdigest()[:20], "groups": placed}
