"""Dot voting: checking a ballot, the +/- buttons and the dots left, paper dots a facilitator
enters, and adding up the dots. Plain Python."""

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
    paper_dots: int = 0  # of `dots`, those a facilitator entered from paper


PAPER_MAX = 10_000  # dots for one priority in one paper entry: more is a typing slip
STEPS = {"add": 1, "remove": -1}


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


def dots_left(choices: Mapping[int, int], dots: int) -> int:
    """How many dots are still to give (negative when too many are given)."""
    return dots - sum(max(count, 0) for count in choices.values())


def adjusted(choices: Mapping[int, int], button: str, dots: int) -> dict[int, int]:
    """The counts after pressing a +/- button, `add:<id>` or `remove:<id>`: a dot is added only
    while some are left and removed only from a priority that has one. Anything else changes nothing."""
    counts = {option_id: max(count, 0) for option_id, count in choices.items()}
    step_name, _, raw_id = button.partition(":")
    step = STEPS.get(step_name)
    option_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else None
    if step is None or option_id not in counts:
        return counts
    if (step > 0 and dots_left(counts, dots) > 0) or (step < 0 and counts[option_id] > 0):
        counts[option_id] += step
    return counts


def paper_problems(counts: Mapping[int, int], candidate_ids: Iterable[int]) -> list[Any]:
    """Paper dots are counted per priority from the sheets: whole numbers, at least one in all."""
    if any(option_id not in set(candidate_ids) for option_id in counts):
        return [lazy("Choose from the priorities shown")]
    if any(not 0 <= count <= PAPER_MAX for count in counts.values()):
        return [lazy("Enter a number of dots from 0 to %(max)d for each priority", max=PAPER_MAX)]
    if sum(counts.values()) == 0:
        return [lazy("Enter the paper dots for at least one priority")]
    return []


def tally(
    candidates: Sequence[Candidate],
    ballots: Iterable[Mapping[str, int]],
    paper: Iterable[Mapping[str, int]] = (),
) -> list[Result]:
    """Dots per candidate, most first (ties keep the candidates' order). Ballot keys are the
    candidate ids as strings (as stored in JSON); unknown keys are ignored. Paper dots count in
    the total and in `paper_dots`, but not as voters: a paper entry is many people's sheets."""
    dots = {c.id: 0 for c in candidates}
    voters = {c.id: 0 for c in candidates}
    on_paper = {c.id: 0 for c in candidates}
    for ballot in ballots:
        for option_id, count in _counted(ballot, dots):
            dots[option_id] += count
            voters[option_id] += 1
    for entry in paper:
        for option_id, count in _counted(entry, dots):
            dots[option_id] += count
            on_paper[option_id] += count
    total = sum(dots.values())
    results = [
        Result(c.id, c.label, dots[c.id], voters[c.id], dots[c.id] / total if total else 0.0, on_paper[c.id])
        for c in candidates
    ]
    return sorted(results, key=lambda r: -r.dots)


def _counted(ballot: Mapping[str, int], known: Mapping[int, int]) -> list[tuple[int, int]]:
    pairs = ((int(key), int(count)) for key, count in ballot.items())
    return [(option_id, count) for option_id, count in pairs if option_id in known and count > 0]
