"""The insight library as plain data: what of an engagement is searchable (its report, themes,
coded comments, quotes and commitments), how a search is written for each engine, and how a hit
is shown with its numbers protected (`toolkit.stats.disclosure`). No Flask and no database:
`reports.insight_repository` stores the entries and asks the engine."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from engagements.coding import Code, Comment, CommentKey
from reports.model import Block, CommitmentView, SeldomHeard, ThemeCount
from toolkit.stats.disclosure import KEY_SPACE, Count, Protected, protect
from toolkit.text import lazy

KINDS: tuple[tuple[str, Any], ...] = (
    ("report", lazy("Report")),
    ("theme", lazy("Theme")),
    ("comment", lazy("Coded comment")),
    ("quote", lazy("Quote")),
    ("commitment", lazy("Commitment")),
)
QUERY_MAX = 200
TERMS_MAX = 12
FILTER_MAX = 200


def kind_label(kind: str) -> str:
    return next((str(label) for key, label in KINDS if key == kind), kind)


@dataclass(frozen=True)
class Entry:
    """One searchable thing of an engagement."""

    kind: str
    ref: str
    title: str
    body: str = ""
    themes: tuple[str, ...] = ()
    on_date: date | None = None
    n: int | None = None  # comments, participants...: shown only through disclosure control
    n_key: int = 0


@dataclass(frozen=True)
class Setting:
    """What every entry of an engagement shares: where, which service, who, and its reach."""

    place: str
    service_area: str
    population: str
    participants: int
    participants_key: int
    groups: int  # seldom-heard groups named in the plan
    reached: int  # of which reached

    def reach(self) -> dict[str, int]:
        return {"participants": self.participants, "key": self.participants_key, "groups": self.groups}


def cell_key(ids: Iterable[int]) -> int:
    """A cell key for disclosure control from the ids of what was counted (the same things always
    give the same key, so the same figure always shows the same noise)."""
    return sum(ids) % KEY_SPACE


def setting(
    place: str, service_area: str, population: Sequence[str], participants: int, seldom: Sequence[SeldomHeard]
) -> Setting:
    groups = [s.group for s in seldom]
    text = "\n".join(p.strip() for p in [*population, *groups] if p and p.strip())
    return Setting(
        place.strip(),
        service_area.strip(),
        text,
        participants,
        cell_key([participants, len(groups)]),
        len(seldom),
        sum(1 for s in seldom if s.reached),
    )


def _text(found: Sequence[Block]) -> str:
    return "\n".join(line for block in found for line in block.lines)


def entries(
    title: str,
    closed_on: date | None,
    narrative: Mapping[str, Sequence[Block]],
    themes: Sequence[ThemeCount],
    codebook: Sequence[Code],
    coded: Mapping[CommentKey, set[str]],
    comments: Sequence[Comment],
    quote_keys: Sequence[str],
    commitments: Sequence[CommitmentView],
    participants: int,
) -> list[Entry]:
    """Every searchable thing of one engagement, from its data as it is now."""
    found: list[Entry] = []
    written = "\n".join(_text(narrative.get(part, ())) for part in ("summary", "recommendations", "next_steps"))
    theme_names = tuple(t.name for t in themes)
    found.append(
        Entry("report", "", title, written.strip(), theme_names, closed_on, participants, cell_key([participants]))
    )
    codes = {c.id: c for c in codebook}
    for theme in themes:
        code = codes.get(theme.code_id)
        subs = [c.name for c in codebook if c.parent_id == theme.code_id]
        body = "\n".join(x for x in [code.definition if code else "", code.include_example if code else "", *subs] if x)
        found.append(
            Entry("theme", str(theme.code_id), theme.name, body, (theme.name,), closed_on, theme.total, theme.code_id)
        )
    by_key = {str(c.key): c for c in comments}
    for comment_key, comment_themes in coded.items():
        comment = by_key.get(str(comment_key))
        if comment is not None and comment_themes:
            found.append(
                Entry(
                    "comment", str(comment_key), comment.origin, comment.text, tuple(sorted(comment_themes)), closed_on
                )
            )
    for quote_key in quote_keys:
        if (quoted := by_key.get(quote_key)) is not None:
            names_of = tuple(sorted(coded.get(quoted.key, ())))
            found.append(Entry("quote", quote_key, quoted.origin, quoted.text, names_of, closed_on))
    by_id = {t.code_id: t for t in themes}
    for c in commitments:
        answered = [by_id[i] for i in c.theme_ids if i in by_id]
        body = "\n".join(x for x in (c.why, c.reason, *(u.text for u in c.updates)) if x)
        n = sum(t.total for t in answered) if answered else None
        found.append(
            Entry(
                "commitment",
                str(c.id),
                c.what,
                body,
                tuple(t.name for t in answered),
                c.decided_on or closed_on,
                n,
                cell_key(t.code_id for t in answered),
            )
        )
    return found


# --- searching ----------------------------------------------------------------------------


def terms(query: str) -> list[str]:
    """The words of a search, lower-cased, at most TERMS_MAX; punctuation and operators dropped so
    no engine reads anything a person typed as syntax."""
    return re.findall(r"\w+", (query or "").lower())[:TERMS_MAX]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every word, each quoted (so AND, NEAR, * and quotes are words)."""
    return " ".join(f'"{t}"' for t in terms(query))


def tsquery_text(query: str) -> str:
    """Words for PostgreSQL's plainto_tsquery (which treats its input as plain words already)."""
    return " ".join(terms(query))


@dataclass(frozen=True)
class Filters:
    query: str = ""
    place: str = ""
    service_area: str = ""
    theme: str = ""
    population: str = ""
    from_date: date | None = None
    to_date: date | None = None


def filter_problems(filters: Filters) -> list[Any]:
    problems: list[Any] = []
    if len(filters.query) > QUERY_MAX:
        problems.append(lazy("Search for %(max)d characters or fewer", max=QUERY_MAX))
    elif not terms(filters.query):
        problems.append(lazy("Enter words to search for"))
    texts = (filters.place, filters.service_area, filters.theme, filters.population)
    if any(len(t) > FILTER_MAX for t in texts):
        problems.append(lazy("Keep each filter to %(max)d characters or fewer", max=FILTER_MAX))
    if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
        problems.append(lazy("The 'from' date must be on or before the 'to' date"))
    return problems


@dataclass(frozen=True)
class Hit:
    engagement_id: int
    engagement: str
    entry_id: int
    kind: str
    ref: str
    title: str
    body: str
    themes: tuple[str, ...]
    on_date: date | None
    n: Protected | None
    participants: Protected | None
    groups: int
    reached: int
    place: str
    service_area: str


def protected(n: int | None, key: int) -> Protected | None:
    """A count as it may be shown: perturbed, or "fewer than 5"."""
    return None if n is None else protect(Count(max(n, 0), key % KEY_SPACE))


def shown(value: Protected | None) -> str:
    if value is None:
        return ""
    if value.value is not None:
        return str(value.value)
    return str(lazy("fewer than %(n)d", n=value.threshold))


def reach_words(hit: Hit) -> str:
    """How representative the engagement behind a hit was, in words."""
    people = str(lazy("%(n)s people took part", n=shown(hit.participants))) if hit.participants else ""
    if not hit.groups:
        return people
    groups = str(lazy("%(reached)d of %(groups)d seldom-heard groups reached", reached=hit.reached, groups=hit.groups))
    return f"{people}; {groups}" if people else groups
