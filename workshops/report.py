"""The workshop record as plain data, the vote chart, and the CSV/XLSX exports.

No Flask and no database: `repository.session_record` builds a `WorkshopRecord`; this
module turns it into a chart and files. Charts use matplotlib's Figure API (never pyplot).
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from toolkit import charts
from toolkit.datauri import svg_data_uri
from toolkit.text import lazy
from workshops import model
from workshops.votes import Result

EXPORT_KINDS = ("notes", "themes", "votes", "actions")


@dataclass(frozen=True)
class NoteRow:
    id: int
    text: str
    original_text: str
    author_kind: str
    table: str
    topic: str
    theme: str
    created_at: datetime


@dataclass(frozen=True)
class ThemeGroup:
    name: str  # "" for notes not yet in a theme
    notes: tuple[NoteRow, ...]


@dataclass(frozen=True)
class RoundResult:
    id: int
    title: str
    status: str
    dots: int
    ballots: int
    results: tuple[Result, ...]

    @property
    def paper_dots(self) -> int:
        """Dots a facilitator entered from paper, in all."""
        return sum(r.paper_dots for r in self.results)


@dataclass(frozen=True)
class ActionRow:
    id: int
    what: str
    owner: str
    due_on: date | None
    status: str
    reason: str
    agreed_by_group: bool
    themes: tuple[str, ...]
    notes: tuple[str, ...]
    vote_round: str = ""  # the title of the vote round it came from


@dataclass(frozen=True)
class WorkshopRecord:
    engagement: str
    title: str
    starts_at: datetime | None
    venue: str
    attendance: tuple[tuple[str, int], ...]  # (role, count)
    topics: tuple[tuple[str, int], ...]  # (title, minutes)
    groups: tuple[ThemeGroup, ...]
    rounds: tuple[RoundResult, ...]
    actions: tuple[ActionRow, ...]

    @property
    def attendance_total(self) -> int:
        return sum(count for _role, count in self.attendance)


def group_by_theme(notes: Sequence[NoteRow], theme_names: Sequence[str]) -> tuple[ThemeGroup, ...]:
    """Every theme in order (even an empty one), then the notes not in a theme."""
    groups = [ThemeGroup(name, tuple(n for n in notes if n.theme == name)) for name in theme_names]
    ungrouped = tuple(n for n in notes if not n.theme)
    if ungrouped:
        groups.append(ThemeGroup("", ungrouped))
    return tuple(groups)


def vote_chart_svg(results: Sequence[Result], title: str, settings: Mapping[RcKeyType, Any] | None = None) -> str:
    """A horizontal bar chart of dots per priority, as SVG text (matplotlib's own defaults for
    text, or `settings`), drawn through the shared chart module."""
    return charts.render_svg(lambda: _draw_votes(results, title), settings=settings or {}, tight=False)


def _draw_votes(results: Sequence[Result], title: str) -> Figure:
    labels = [textwrap.shorten(r.label, 60, placeholder="…") for r in reversed(results)]
    values = [r.dots for r in reversed(results)]
    figure = Figure(figsize=(8, 0.5 * len(results) + 1.2))
    axes = figure.add_subplot()
    # Positions, then labels: two options with the same wording stay two bars.
    bars = axes.barh(range(len(labels)), values, color=charts.NHS_BLUE)
    axes.set_yticks(range(len(labels)), labels=labels)
    axes.bar_label(bars, padding=3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # dots are whole numbers
    axes.set_xlabel(str(lazy("Dots")))
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_SVG_NAMESPACES = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_SVG_SIZE = re.compile(r'\s+(width|height)="[^"]*"')
_SVG_IDS = re.compile(r'(\bid="|href="#|url\(#)')


def inline_chart_svg(results: Sequence[Result], title: str, id_prefix: str) -> Markup:
    """The vote chart as an `<svg>` element to put straight into an HTML page that must work
    offline: labelled for screen readers, no references outside the page (no XML prologue, no
    namespace or metadata addresses), ids prefixed so several charts can share a page, and
    sized by the page rather than in points. Text stays text, so it can be searched and copied."""
    svg = vote_chart_svg(results, title, {"svg.fonttype": "none", "svg.hashsalt": id_prefix})
    svg = _SVG_PROLOGUE.sub("", svg, count=1)
    svg = _SVG_METADATA.sub("", svg)
    svg = _SVG_NAMESPACES.sub("", svg)
    svg = _SVG_IDS.sub(lambda match: f"{match.group(1)}{id_prefix}-", svg)
    head, _, rest = svg.partition(">")
    # matplotlib escapes the text it writes into the SVG (people's words are XML-escaped there), and
    # format() escapes the label: this is our own markup, marked safe here, not with |safe in a template.
    label = Markup(' role="img" aria-label="{}" class="chart">').format(chart_alt_text(results, title))
    return Markup(_SVG_SIZE.sub("", head)) + label + Markup(rest)  # noqa: S704 -- matplotlib's escaped SVG


def inline_charts(record: WorkshopRecord, *, as_images: bool = False) -> dict[int, Markup]:
    """Round id -> its chart as markup to put straight into the report ("" for a round nobody
    has given a dot): inline SVG for the web page; for the PDF an image with the SVG as a data
    URI, which WeasyPrint tags as a figure with its alternative text."""
    drawn: dict[int, Markup] = {}
    for r in record.rounds:
        if not any(x.dots for x in r.results):
            drawn[r.id] = Markup("")
        elif as_images:
            uri = svg_data_uri(vote_chart_svg(r.results, r.title))
            alt = chart_alt_text(r.results, r.title)
            drawn[r.id] = Markup('<img class="chart" src="{}" alt="{}">').format(uri, alt)
        else:
            drawn[r.id] = inline_chart_svg(r.results, r.title, f"chart-{r.id}")
    return drawn


def chart_image(results: Sequence[Result], title: str) -> dict[str, str] | None:
    """The vote chart as an image for a staff page (src and alt), or None when nobody gave a dot."""
    if not any(r.dots for r in results):
        return None
    return {"src": svg_data_uri(vote_chart_svg(results, title)), "alt": chart_alt_text(results, title)}


def chart_alt_text(results: Sequence[Result], title: str) -> str:
    parts = ", ".join(f"{r.label}: {r.dots}" for r in results)
    return str(lazy("Bar chart of dots per priority for %(title)s. %(parts)s.", title=title, parts=parts))


def rows(record: WorkshopRecord, kind: str) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of one export."""
    if kind == "notes":
        header = ["id", "table", "topic", "theme", "author", "text", "original_text", "created_at"]
        body = [
            [n.id, n.table, n.topic, n.theme, n.author_kind, n.text, n.original_text, n.created_at.isoformat()]
            for group in record.groups
            for n in group.notes
        ]
    elif kind == "themes":
        header, body = ["theme", "notes"], [[g.name, len(g.notes)] for g in record.groups if g.name]
    elif kind == "votes":
        header = ["round", "status", "priority", "dots", "devices", "paper_dots"]
        body = [[r.title, r.status, x.label, x.dots, x.voters, x.paper_dots] for r in record.rounds for x in r.results]
    elif kind == "actions":
        header = ["id", "what", "owner", "due", "status", "reason", "agreed_by_group", "themes", "notes", "vote_round"]
        body = [
            [
                a.id,
                a.what,
                a.owner,
                a.due_on.isoformat() if a.due_on else "",
                model.label_for(model.ACTION_STATUSES, a.status),
                a.reason,
                "yes" if a.agreed_by_group else "no",
                "; ".join(a.themes),
                " | ".join(a.notes),
                a.vote_round,
            ]
            for a in record.actions
        ]
    else:
        raise ValueError(f"Unknown export: {kind}")
    return header, body


def _safe_cell(value: Any) -> Any:
    """Stop a spreadsheet treating text that starts with = + - @ as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(record: WorkshopRecord, kind: str) -> str:
    header, body = rows(record, kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in body])
    return buffer.getvalue()


def to_xlsx(record: WorkshopRecord) -> bytes:
    """One workbook, one sheet per export."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for kind in EXPORT_KINDS:
        header, body = rows(record, kind)
        sheet = workbook.add_worksheet(kind)
        sheet.write_row(0, 0, header, bold)
        for number, row in enumerate(body, start=1):
            sheet.write_row(number, 0, [_safe_cell(v) for v in row])
    workbook.close()
    return buffer.getvalue()
