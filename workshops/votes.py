"""Dot voting: checking a ballot and adding up the dots. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.text import lazy


@dataclass(frozen=True)
class Candidate:
    id: int
    label: str


@dataclass(frozen=True)
class Result:
    id: int
    label: str
    dots: int
    voters: int  # how many devices gave it at least one dot
    share: float  # of all dots, 0..1


def ballot_problems(choices: Mapping[int, int], candidate_ids: Iterable[int], dots: int) -> list[Any]:
    """A ballot spreads at most `dots` whole dots over the candidates, at least one dot in all."""
    allowed = set(candidate_ids)
    if any(option_id not in allowed for option_id in choices):
        return [lazy("Choose from the priorities shown")]
    if any(count < 0 for count in choices.values()):
        return [lazy("Dots cannot be negative")]
    total = sum(choices.values())
    if total == 0:
        return [lazy("Give at least one dot to a priority")]
    if total > dots:
        return [lazy("You have %(dots)d dots: you used %(total)d", dots=dots, total=total)]
    return []


def tally(candidates: Sequence[Candidate], ballots: Iterable[Mapping[str, int]]) -> list[Result]:
    """Dots per candidate, most first (ties keep the candidates' order). Ballot keys are the
    candidate ids as strings (as stored in JSON); unknown keys are ignored."""
    dots = {c.id: 0 for c in candidates}
    voters = {c.id: 0 for c in candidates}
    for ballot in ballots:
        for key, count in ballot.items():
            option_id = int(key)
            if option_id in dots and count > 0:
                dots[option_id] += int(count)
                voters[option_id] += 1
    total = sum(dots.values())
    results = [
        Result(c.id, c.label, dots[c.id], voters[c.id], dots[c.id] / total if total else 0.0) for c in candidates
    ]
    return sorted(results, key=lambda r: -r.dots)
