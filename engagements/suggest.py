"""Suggested codes for an uncoded comment, by an explainable keyword method: never applied
without a person.

Each code's words are the stems of its name, definition and "in" example (not its "out"
example). A code is suggested when the comment shares enough of them (shared stems / the
comment's stems), or when an already-coded comment is similar enough (shared stems / the stems
of either, Jaccard) and has that code. Each suggestion says which words, or which coded comment,
led to it. No Flask and no database here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engagements.coding import Code, Comment, CommentKey
from toolkit.words import stems, whole_words

MIN_WORD_SHARE = 0.2
MIN_SIMILARITY = 0.3
LIMIT = 3


@dataclass(frozen=True)
class Suggestion:
    code_id: int
    score: float
    words: tuple[str, ...] = ()  # the comment's words (as written) found in the code's description
    like: str = ""  # the most similar coded comment with this code


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def suggest(
    comment: Comment,
    codebook: Sequence[Code],
    coded: Sequence[Comment],
    codes_by_comment: Mapping[CommentKey, frozenset[int]],
    limit: int = LIMIT,
) -> list[Suggestion]:
    own = stems(comment.text)
    if not own:
        return []
    found: dict[int, Suggestion] = {}
    for code in codebook:
        profile = stems(f"{code.name} {code.definition} {code.include_example}")
        shared = own & profile
        share = len(shared) / len(own)
        if share >= MIN_WORD_SHARE:
            found[code.id] = Suggestion(code.id, share, whole_words(comment.text, frozenset(shared)))
    for other in coded:
        if other.key == comment.key:
            continue
        similarity = _jaccard(own, stems(other.text))
        if similarity < MIN_SIMILARITY:
            continue
        for code_id in codes_by_comment.get(other.key, ()):
            before = found.get(code_id)
            if before is None or similarity > before.score:
                words = before.words if before else ()
                found[code_id] = Suggestion(code_id, similarity, words, other.text)
    return sorted(found.values(), key=lambda s: (-s.score, s.code_id))[:limit]
