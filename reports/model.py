"""The engagement report and "You said, we did" as plain data. No Flask and no database:
`reports.repository` gathers an engagement's data into these objects; the views, the PDF and
the DOCX render them.

The six sections the guidance asks of a report: (1) dates and timescales; (2) what engagement
took place; (3) a breakdown of the participants; (4) themes and findings; (5) recommendations;
(6) next steps."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engagements.coding import Code, Coding, Comment, CommentKey, merged
from toolkit.charts import Bar
from toolkit.equality import AnswerTally, CountTable, default_questions, tallied_answer_counts
from toolkit.stats.disclosure import Policy
from toolkit.text import lazy

NARRATIVE_MAX = 20_000
QUOTES_MAX = 30
WHAT_MAX = 2000
OWNER_MAX = 200

COMMITMENT_STATUSES: tuple[tuple[str, Any], ...] = (
    ("agreed", lazy("Agreed")),
    ("in_progress", lazy("In progress")),
    ("done", lazy("Done")),
    ("not_possible", lazy("Not possible")),
)


def status_label(value: str) -> str:
    return next((str(label) for key, label in COMMITMENT_STATUSES if key == value), value)


class ReportError(ValueError):
    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# The guidance's evaluation questions, answered at the close and shown in the report.
EVALUATION_QUESTIONS: tuple[tuple[str, Any], ...] = (
    ("objectives", lazy("Did we set clear objectives that support the wider goals?")),
    ("reach", lazy("Did we reach the right people, and where are the gaps?")),
    ("methods", lazy("Did we use the right messages and methods?")),
    ("outputs", lazy("Did we set realistic outputs?")),
    ("learning", lazy("What did we learn, and did we feed back?")),
)


def evaluation(answers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(q), answers[k].strip()) for k, q in EVALUATION_QUESTIONS if (answers.get(k) or "").strip())


# --- narrative: plain text with headings and lists, never HTML ------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: tuple[str, ...]


_LIST_ITEM = re.compile(r"^\s*[-*•]\s+")
_HEADING = re.compile(r"^\s*#{1,3}\s+")


def blocks(text: str) -> list[Block]:
    """Plain text as blocks: a line starting "#" is a heading, lines starting "-" or "*" a list,
    blank lines end a paragraph. Nothing is ever read as markup: the renderers escape every line."""
    found: list[Block] = []
    current: list[str] = []
    kind = ""

    def close() -> None:
        nonlocal current, kind
        if current:
            found.append(Block(kind, tuple(current)))
        current, kind = [], ""

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif _HEADING.match(line):
            close()
            found.append(Block("heading", (_HEADING.sub("", line),)))
        elif _LIST_ITEM.match(line):
            if kind != "list":
                close()
                kind = "list"
            current.append(_LIST_ITEM.sub("", line))
        else:
            if kind == "list":
                close()
            kind = "paragraph"
            current.append(line)
    close()
    return found


# --- sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    label: str
    on: date | None


@dataclass(frozen=True)
class ActivityRow:
    method: str  # "Survey", "Workshop", "Drop-in event"...
    title: str
    starts_on: date | None
    ends_on: date | None
    reach: int | None  # responses, participants or people reached
    channels: tuple[str, ...] = ()  # survey channels; places for other activities


@dataclass(frozen=True)
class SeldomHeard:
    group: str
    reached: bool


@dataclass(frozen=True)
class ThemeCount:
    code_id: int
    name: str
    by_source: tuple[tuple[str, int], ...]  # (source, comments) for response/note/activity_comment
    total: int


@dataclass(frozen=True)
class ClosedResult:
    survey: str
    question: str
    answered: int
    bars: tuple[Bar, ...]
    multiple: bool = False


@dataclass(frozen=True)
class VoteRow:
    session: str
    round: str
    results: tuple[tuple[str, int], ...]  # (priority, dots)


@dataclass(frozen=True)
class ActionRow:
    session: str
    what: str
    owner: str
    status: str


@dataclass(frozen=True)
class Quote:
    key: str
    text: str
    origin: str


@dataclass(frozen=True)
class CensusRow:
    group: str
    population_share: str  # every figure already protected and formatted by the equality dashboard
    respondents: str
    respondent_share: str
    under_represented: bool


@dataclass(frozen=True)
class CensusTable:
    """One survey's respondents against the population of its area for one characteristic,
    from `surveys.equality.service.dashboard` (the disclosure-control layer), never raw counts."""

    survey: str
    characteristic: str
    area: str
    source: str
    rows: tuple[CensusRow, ...]


@dataclass(frozen=True)
class CensusNote:
    """A survey compared with the population whose figures cannot be shown (too few answers)."""

    survey: str
    responses: str


@dataclass(frozen=True)
class Report:
    title: str
    organisation: str
    decision: str
    decision_maker: str
    key_dates: tuple[KeyDate, ...]
    activities: tuple[ActivityRow, ...]
    participants_total: int
    equality: tuple[CountTable, ...]
    seldom_heard: tuple[SeldomHeard, ...]
    themes: tuple[ThemeCount, ...]
    quotes: tuple[Quote, ...]
    closed: tuple[ClosedResult, ...]
    votes: tuple[VoteRow, ...]
    actions: tuple[ActionRow, ...]
    summary: tuple[Block, ...] = ()
    recommendations: tuple[Block, ...] = ()
    next_steps: tuple[Block, ...] = ()
    made_on: date | None = None
    evaluation: tuple[tuple[str, str], ...] = ()  # (question, answer) for each question answered
    census: tuple[CensusTable, ...] = ()
    census_too_few: tuple[CensusNote, ...] = ()


def participant_tables(people: AnswerTally) -> tuple[CountTable, ...]:
    """The participants' equality answers counted through the disclosure-control layer
    (`toolkit.stats.disclosure`): nothing below its minimum base."""
    policy = Policy()
    if people.people.n < policy.minimum_base:
        return ()
    return tallied_answer_counts(default_questions(), people, policy)


def seldom_heard(planned: str, who_reached: Iterable[str]) -> tuple[SeldomHeard, ...]:
    """The plan's seldom-heard groups (one a line or separated by commas or semicolons), each marked
    reached when an activity's "who was reached" names it (case and spacing ignored)."""
    reached_text = " ".join(" ".join(w.lower().split()) for w in who_reached)
    groups = [g.strip(" .-•*") for g in re.split(r"[\n;,]", planned or "")]
    return tuple(SeldomHeard(g, " ".join(g.lower().split()) in reached_text) for g in groups if g)


def theme_counts(codebook: Sequence[Code], codings: Iterable[Coding]) -> tuple[ThemeCount, ...]:
    """Each theme's number of comments, by source; a sub-theme's comments count towards its theme
    and a comment counts once per theme however many coders or sub-themes gave it."""
    parent = {c.id: (c.parent_id or c.id) for c in codebook}
    per_theme: dict[int, set[CommentKey]] = {c.id: set() for c in codebook if c.parent_id is None}
    for key, code_ids in merged(codings).items():
        for code_id in code_ids:
            theme = parent.get(code_id)
            if theme in per_theme:
                per_theme[theme].add(key)
    themes = []
    for code in codebook:
        if code.parent_id is not None:
            continue
        keys = per_theme[code.id]
        by_source = Counter(k.source for k in keys)
        sources = tuple((s, by_source[s]) for s in ("response", "note", "activity_comment"))
        themes.append(ThemeCount(code.id, code.name, sources, len(keys)))
    return tuple(sorted(themes, key=lambda t: -t.total))


def quotes(chosen: Sequence[str], published: Iterable[Comment]) -> tuple[Quote, ...]:
    """The quotes staff chose, in their order, in the words as published (personal details taken out)."""
    by_key = {str(c.key): c for c in published}
    return tuple(Quote(k, by_key[k].text, by_key[k].origin) for k in chosen if k in by_key)


def narrative_problems(texts: Mapping[str, str], quote_keys: Sequence[str]) -> list[Any]:
    problems: list[Any] = []
    if any(len(t or "") > NARRATIVE_MAX for t in texts.values()):
        problems.append(lazy("Each part of the report must be %(max)d characters or fewer", max=NARRATIVE_MAX))
    if len(quote_keys) > QUOTES_MAX:
        problems.append(lazy("Choose at most %(max)d quotes", max=QUOTES_MAX))
    return problems


# --- "You said, we did" ---------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentDraft:
    what: str
    owner: str
    status: str = "agreed"
    why: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    theme_ids: tuple[int, ...] = ()


def commitment_problems(draft: CommitmentDraft, theme_ids: Iterable[int]) -> list[Any]:
    problems: list[Any] = []
    if not draft.what.strip():
        problems.append(lazy("Say what was done or decided"))
    if len(draft.what) > WHAT_MAX or len(draft.why) > WHAT_MAX or len(draft.reason) > WHAT_MAX:
        problems.append(lazy("Keep each answer to %(max)d characters or fewer", max=WHAT_MAX))
    if not draft.owner.strip() or len(draft.owner) > OWNER_MAX:
        problems.append(lazy("Say who owns it (%(max)d characters or fewer)", max=OWNER_MAX))
    if draft.status not in dict(COMMITMENT_STATUSES):
        problems.append(lazy("Choose a status"))
    if draft.status == "not_possible" and not draft.reason.strip():
        problems.append(lazy("Say why it is not possible"))
    if set(draft.theme_ids) - set(theme_ids):
        problems.append(lazy("Choose themes from this engagement's codebook"))
    return problems


@dataclass(frozen=True)
class Update:
    on: date
    text: str


@dataclass(frozen=True)
class CommitmentView:
    id: int
    what: str
    why: str
    owner: str
    decided_by: str
    decided_on: date | None
    status: str
    reason: str
    theme_ids: tuple[int, ...]
    updates: tuple[Update, ...] = ()


def snapshot(
    title: str, themes: Sequence[ThemeCount], commitments: Sequence[CommitmentView], closed_on: date | None
) -> dict[str, Any]:
    """What a published version shows, as JSON-ready data: kept as it was when published."""
    names = {t.code_id: t.name for t in themes}
    return {
        "title": title,
        "closed_on": closed_on.isoformat() if closed_on else None,
        "themes": [{"id": t.code_id, "name": t.name, "count": t.total} for t in themes],
        "commitments": [
            {
                "what": c.what,
                "why": c.why,
                "owner": c.owner,
                "decided_by": c.decided_by,
                "decided_on": c.decided_on.isoformat() if c.decided_on else None,
                "status": c.status,
                "reason": c.reason,
                "themes": [names[i] for i in c.theme_ids if i in names],
                "updates": [{"on": u.on.isoformat(), "text": u.text} for u in c.updates],
            }
            for c in commitments
        ],
    }


def in_words(count: int) -> str:
    """A theme's count as a member of the public reads it."""
    if count == 1:
        return str(lazy("1 person or group raised this"))
    return str(lazy("%(count)d comments raised this", count=count))


# --- the loop-closed measure --------------------------------------------------------------


@dataclass(frozen=True)
class LoopClosed:
    themes: int
    answered: int  # themes a published commitment answers
    days_to_feedback: int | None  # from close of fieldwork to first publication
    statuses: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @property
    def share(self) -> int | None:
        return round(100 * self.answered / self.themes) if self.themes else None


def loop_closed(
    published: Mapping[str, Any] | None, closed_on: date | None, first_published_on: date | None
) -> LoopClosed:
    """From the latest published version: the share of themes with a published response, the
    days from close to feedback, and the commitments by status."""
    if not published:
        return LoopClosed(0, 0, None, tuple((s, 0) for s, _label in COMMITMENT_STATUSES))
    themes = {t["name"] for t in published.get("themes", [])}
    answered = {name for c in published.get("commitments", []) for name in c.get("themes", [])} & themes
    counts = Counter(c.get("status") for c in published.get("commitments", []))
    days = (first_published_on - closed_on).days if closed_on and first_published_on else None
    return LoopClosed(len(themes), len(answered), days, tuple((s, counts[s]) for s, _label in COMMITMENT_STATUSES))


def overall(measures: Sequence[LoopClosed]) -> LoopClosed:
    """Across the organisation: themes answered over all themes; the median days to feedback."""
    days = sorted(m.days_to_feedback for m in measures if m.days_to_feedback is not None)
    statuses = Counter[str]()
    for m in measures:
        statuses.update(dict(m.statuses))
    return LoopClosed(
        sum(m.themes for m in measures),
        sum(m.answered for m in measures),
        days[len(days) // 2] if days else None,
        tuple((s, statuses[s]) for s, _label in COMMITMENT_STATUSES),
    )


@dataclass(frozen=True)
class ChartImage:
    data_uri: str  # an SVG as a data: URI: inline in the download and the PDF; a file on the staff page
    alt: str


def chart_image(result: ClosedResult) -> ChartImage:
    from toolkit.charts import alt_text, bar_chart_svg
    from toolkit.datauri import svg_data_uri

    return ChartImage(svg_data_uri(bar_chart_svg(result.bars)), alt_text(result.bars, multiple=result.multiple))


# --- "tell me the outcome" ----------------------------------------------------------------

EMAIL_MAX = 320
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_problems(email: str) -> list[Any]:
    if not _EMAIL.match(email or "") or len(email) > EMAIL_MAX:
        return [lazy("Enter an email address, like name@example.com")]
    return []


def outcome_message(title: str, url: str, version: int, stop_url: str = "", change: str = "") -> tuple[str, str]:
    """The subject and body of the email telling someone the outcome has been published or changed
    (`change`: a commitment's new status, in words), with the link that deletes their address."""
    subject = str(lazy("You said, we did: %(title)s", title=title))
    if version == 1:
        first = str(
            lazy("We have published what people told us about %(title)s and what we are doing about it.", title=title)
        )
    else:
        first = str(lazy("What we are doing about %(title)s has changed.", title=title))
    if change:
        first = f"{first}\n\n{change}"
    ending = str(lazy("You asked us to tell you. We will not use your email address for anything else."))
    if stop_url:
        stop = str(lazy("To stop these emails and delete your email address now: %(url)s", url=stop_url))
        ending = f"{ending}\n{stop}"
    return subject, f"{first}\n\n{url}\n\n{ending}\n"


def status_change_words(what: str, status: str, reason: str) -> str:
    text = str(lazy("“%(what)s” is now: %(status)s.", what=what, status=status_label(status)))
    return f"{text} {reason}".strip() if status == "not_possible" and reason else text


# --- published versions of the report -------------------------------------------------------

SECTIONS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("summary", lazy("Summary"), ("summary",)),
    ("1", lazy("1. Dates and timescales"), ("key_dates", "decision", "decision_maker")),
    ("2", lazy("2. What engagement took place"), ("activities",)),
    ("3", lazy("3. Who took part"), ("participants_total", "equality", "seldom_heard", "census")),
    ("4", lazy("4. What people told us"), ("themes", "quotes", "closed", "votes", "actions")),
    ("5", lazy("5. Recommendations"), ("recommendations",)),
    ("6", lazy("6. Next steps"), ("next_steps",)),
    ("evaluation", lazy("Evaluation"), ("evaluation",)),
)


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, int | float | bool | type(None)) else str(value)


def section_fingerprints(report: Report) -> dict[str, str]:
    """A fingerprint of each section's content, so the next version can say which sections changed."""
    import hashlib
    import json

    found = {}
    for key, _label, fields in SECTIONS:
        content = {name: _plain(getattr(report, name, None)) for name in fields}
        found[key] = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return found


def changed_sections(before: Mapping[str, str] | None, after: Mapping[str, str]) -> list[str]:
    """The keys of the sections whose content differs from the version before (all, for the first)."""
    return [key for key, _label, _fields in SECTIONS if before is None or before.get(key) != after.get(key)]


def section_label(key: str) -> str:
    return next((str(label) for k, label, _fields in SECTIONS if k == key), key)


# --- "You said, we did" in other languages ----------------------------------------------------


def string_key(english: str) -> str:
    """A string's key in the translation spreadsheet: from its English words, so a translation
    carries over to later versions wherever the words stay the same."""
    import hashlib

    return "t-" + hashlib.sha256(english.encode()).hexdigest()[:12]


def feedback_strings(content: Mapping[str, Any]) -> dict[str, str]:
    """Every string of a published "You said, we did" a translator needs, keyed, in page order."""
    found: dict[str, str] = {}

    def add(text: str | None) -> None:
        if text and text.strip():
            found.setdefault(string_key(text), text)

    add(content.get("title"))
    for theme in content.get("themes", []):
        add(theme.get("name"))
    for c in content.get("commitments", []):
        for name in ("what", "why", "reason", "owner", "decided_by"):
            add(c.get(name))
        for update in c.get("updates", []):
            add(update.get("text"))
    return found


@dataclass(frozen=True)
class Words:
    """The page's content in the reader's language where a translation exists; `lang` says
    which words stay English (for their lang attribute), so a screen reader reads them right."""

    language: str
    translations: Mapping[str, str]

    def text(self, english: str | None) -> str:
        return self.translations.get(string_key(english), english) if english else ""

    def lang(self, english: str | None) -> str:
        untranslated = self.language != "en" and bool(english) and string_key(english or "") not in self.translations
        return "en" if untranslated else ""
