"""The easy-read summary of an engagement report, as plain data: a few key points, each in short
sentences shown one a line, each with a picture chosen from the shipped easy-read set (the
pictograms the easy-read surveys use, surveys/static/easy_read). It may be published only when
every point passes the easy-read readability check (`surveys.readability`, EASY_READ target).
No Flask and no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from surveys import readability
from toolkit.text import lazy

# The shipped picture set: file name (without .svg) and its alt text.
PICTURES: tuple[tuple[str, Any], ...] = (
    ("speech", lazy("A speech bubble")),
    ("heart", lazy("A red heart")),
    ("clock", lazy("A clock")),
    ("walk-in-centre", lazy("A health centre building with a white cross on its roof")),
    ("visit-rating", lazy("A clipboard with a gold star")),
    ("phone-111", lazy("A mobile phone showing the number 111")),
)
PICTURE_FOLDER = Path(__file__).resolve().parent.parent / "surveys" / "static" / "easy_read"
POINTS_MAX = 8
POINT_MAX = 300


@dataclass(frozen=True)
class Point:
    text: str
    picture: str

    @property
    def lines(self) -> tuple[str, ...]:
        """One idea a line: each sentence on its own line."""
        return tuple(s.strip() for s in readability.split_sentences(self.text) if s.strip())

    @property
    def alt(self) -> str:
        return picture_alt(self.picture)


def picture_alt(name: str) -> str:
    return next((str(alt) for key, alt in PICTURES if key == name), "")


def picture_file(name: str) -> Path | None:
    """The picture's file, only for a name in the shipped set (never a path from outside)."""
    return PICTURE_FOLDER / f"{name}.svg" if name in dict(PICTURES) else None


def points(pairs: Iterable[tuple[str, str]]) -> tuple[Point, ...]:
    """(text, picture) pairs as points, leaving out blank ones."""
    return tuple(Point(" ".join(text.split()), picture) for text, picture in pairs if text and text.strip())


def as_stored(found: Sequence[Point]) -> list[dict[str, str]]:
    return [{"text": p.text, "picture": p.picture} for p in found]


def from_stored(stored: Sequence[Mapping[str, str]] | None) -> tuple[Point, ...]:
    return tuple(Point(str(p.get("text", "")), str(p.get("picture", ""))) for p in stored or ())


def problems(found: Sequence[Point]) -> list[Any]:
    """What stops the points being saved at all."""
    found_problems: list[Any] = []
    if len(found) > POINTS_MAX:
        found_problems.append(lazy("Write at most %(max)d points", max=POINTS_MAX))
    if any(len(p.text) > POINT_MAX for p in found):
        found_problems.append(lazy("Keep each point to %(max)d characters or fewer", max=POINT_MAX))
    if any(p.picture not in dict(PICTURES) for p in found):
        found_problems.append(lazy("Choose a picture for each point from the list"))
    return found_problems


def readability_problems(found: Sequence[Point]) -> list[str]:
    """What stops the summary being published: every point must pass the easy-read check."""
    if not found:
        return [str(lazy("Write at least one point"))]
    found_problems: list[str] = []
    for number, point in enumerate(found, start=1):
        report = readability.check(point.text, readability.EASY_READ)
        for suggestion in report.suggestions if report else ():
            found_problems.append(str(lazy("Point %(n)d: %(problem)s", n=number, problem=suggestion)))
    return found_problems
