"""The timeline of an engagement as plain data: every activity's planned and actual dates, the
gaps when nothing was happening and the overlaps when two things ran at once, and the responses
and participants week by week. No Flask and no database here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from toolkit import charts
from toolkit.datauri import svg_data_uri

# A quiet spell shorter than this is not worth pointing out.
MIN_GAP_DAYS = 7


@dataclass(frozen=True)
class Item:
    """One activity on the timeline: a survey, a workshop session or another activity."""

    kind: str  # "survey", "session" or an activity kind
    title: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None = None
    actual_end: date | None = None
    ref_id: int = 0  # the survey's, session's or activity's id, for a link

    @property
    def start(self) -> date | None:
        """When it ran, or is planned to run when it has not happened yet."""
        return self.actual_start or self.planned_start

    @property
    def end(self) -> date | None:
        if self.actual_start is not None:
            return self.actual_end or self.actual_start
        return self.planned_end or self.planned_start

    @property
    def slipped_days(self) -> int | None:
        """How many days later (positive) or earlier it started than planned."""
        if self.actual_start is None or self.planned_start is None:
            return None
        return (self.actual_start - self.planned_start).days


@dataclass(frozen=True)
class Gap:
    starts: date
    ends: date

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days + 1


@dataclass(frozen=True)
class Overlap:
    first: str
    second: str
    starts: date
    ends: date


@dataclass(frozen=True)
class Timeline:
    items: tuple[Item, ...]
    undated: tuple[Item, ...]
    gaps: tuple[Gap, ...]
    overlaps: tuple[Overlap, ...]


def build(items: Iterable[Item]) -> Timeline:
    dated = sorted((i for i in items if i.start is not None), key=lambda i: (i.start, i.end, i.title))
    undated = tuple(i for i in items if i.start is None)
    return Timeline(tuple(dated), undated, tuple(gaps(dated)), tuple(overlaps(dated)))


def gaps(items: Sequence[Item]) -> list[Gap]:
    """Spells of at least MIN_GAP_DAYS between the first start and the last end with nothing on."""
    found: list[Gap] = []
    covered_to: date | None = None
    for item in items:
        assert item.start is not None and item.end is not None
        if covered_to is not None and (item.start - covered_to).days - 1 >= MIN_GAP_DAYS:
            found.append(Gap(covered_to + timedelta(days=1), item.start - timedelta(days=1)))
        covered_to = item.end if covered_to is None else max(covered_to, item.end)
    return found


def overlaps(items: Sequence[Item]) -> list[Overlap]:
    """Every pair of activities that share at least one day (items sorted by start)."""
    found: list[Overlap] = []
    for index, first in enumerate(items):
        assert first.start is not None and first.end is not None
        for second in items[index + 1 :]:
            assert second.start is not None and second.end is not None
            if second.start > first.end:
                break
            found.append(Overlap(first.title, second.title, second.start, min(first.end, second.end)))
    return found


@dataclass(frozen=True)
class Week:
    starts: date
    responses: int
    participants: int


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def weekly(responses: Iterable[date], participants: Iterable[tuple[date, int]]) -> list[Week]:
    """Survey responses (one date each) and people taking part (a date and a count) per week,
    every week from the first to the last, empty weeks included."""
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day in responses:
        counts[week_of(day)][0] += 1
    for day, people in participants:
        counts[week_of(day)][1] += people
    if not counts:
        return []
    week, last = min(counts), max(counts)
    weeks = []
    while week <= last:
        responses_that_week, people_that_week = counts.get(week, [0, 0])
        weeks.append(Week(week, responses_that_week, people_that_week))
        week += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class Chart:
    src: str  # the SVG as a data: URI for an <img>
    alt: str


def weekly_chart(weeks: Sequence[Week], responses_label: str, participants_label: str) -> Chart | None:
    """Responses and participants per week as a column chart (None when there is nothing to draw)."""
    if not weeks:
        return None
    periods = [w.starts.strftime("%d %b %y") for w in weeks]
    series = [
        charts.Series(responses_label, tuple(w.responses for w in weeks)),
        charts.Series(participants_label, tuple(w.participants for w in weeks)),
    ]
    svg = charts.columns_over_time_svg(periods, series)
    return Chart(svg_data_uri(svg), charts.columns_alt_text(periods, series))
