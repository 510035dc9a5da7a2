"""The codebook and the coding of comments as plain data: what the report and "You said, we did"
stand on. Every comment (a survey's free-text answer, a workshop note, an activity's comment) has
a key; codes are themes and sub-themes; codings say which codes a coder gave which comment.

Plain data in, plain data out: the reports area (issue 14) reads `Code`, `Comment` and `Coding`
and the functions here. No Flask and no database here."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.text import lazy

NAME_MAX = 120
TEXT_MAX = 2000
SOURCES = ("response", "note", "activity_comment")
SOURCE_LABELS: dict[str, Any] = {
    "response": lazy("Survey answer"),
    "note": lazy("Workshop note"),
    "activity_comment": lazy("Other activity"),
}
KEY = re.compile(r"^(response|note|activity_comment)-(\d{1,12})(?:-([A-Za-z0-9_]{1,60}))?$")
CSV_COLUMNS = ("theme", "sub_theme", "definition", "include_example", "exclude_example")


@dataclass(frozen=True)
class Code:
    """A theme (parent_id None) or a sub-theme of one."""

    id: int
    name: str
    parent_id: int | None = None
    definition: str = ""
    include_example: str = ""
    exclude_example: str = ""


@dataclass(frozen=True)
class CommentKey:
    source: str  # "response", "note" or "activity_comment"
    source_id: int
    question_id: str = ""  # the survey question for a response's answer

    def __str__(self) -> str:
        return f"{self.source}-{self.source_id}" + (f"-{self.question_id}" if self.question_id else "")


def parse_key(text: str) -> CommentKey | None:
    found = KEY.match(text or "")
    if found is None:
        return None
    return CommentKey(found[1], int(found[2]), found[3] or "")


@dataclass(frozen=True)
class Comment:
    """Something a person said, exactly as said, and where it came from."""

    key: CommentKey
    text: str
    origin: str  # e.g. the survey's title, the session's title or the activity's name
    question: str = ""  # the survey question, or the workshop topic


@dataclass(frozen=True)
class Coding:
    """The codes one coder gave one comment ("board" codes come from a workshop board's themes)."""

    key: CommentKey
    code_ids: frozenset[int]
    coder_id: int | None = None


def clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class CodeDraft:
    name: str
    parent_id: int | None = None
    definition: str = ""
    include_example: str = ""
    exclude_example: str = ""

    def columns(self) -> dict[str, Any]:
        return {
            "name": clean(self.name),
            "parent_id": self.parent_id,
            "definition": clean(self.definition),
            "include_example": clean(self.include_example),
            "exclude_example": clean(self.exclude_example),
        }


def code_problems(draft: CodeDraft, codebook: Sequence[Code], own_id: int | None = None) -> list[Any]:
    problems: list[Any] = []
    name = clean(draft.name)
    if not name:
        problems.append(lazy("Enter a name for the code"))
    elif len(name) > NAME_MAX:
        problems.append(lazy("A code's name must be %(max)d characters or fewer", max=NAME_MAX))
    elif any(c.name.casefold() == name.casefold() and c.id != own_id for c in codebook):
        problems.append(lazy("The codebook already has a code called %(name)s", name=name))
    if any(len(clean(v)) > TEXT_MAX for v in (draft.definition, draft.include_example, draft.exclude_example)):
        problems.append(lazy("Each description must be %(max)d characters or fewer", max=TEXT_MAX))
    if draft.parent_id is not None:
        parent = next((c for c in codebook if c.id == draft.parent_id), None)
        if parent is None or parent.parent_id is not None or draft.parent_id == own_id:
            problems.append(lazy("A sub-theme goes under a theme of this codebook"))
        elif own_id is not None and any(c.parent_id == own_id for c in codebook):
            problems.append(lazy("A theme with sub-themes cannot become a sub-theme"))
    return problems


def ordered(codebook: Iterable[Code]) -> list[Code]:
    """Themes in order, each followed by its sub-themes."""
    codes = list(codebook)
    themes = [c for c in codes if c.parent_id is None]
    result: list[Code] = []
    for theme in themes:
        result.append(theme)
        result.extend(c for c in codes if c.parent_id == theme.id)
    return result


def label(code: Code, codebook: Sequence[Code]) -> str:
    """ "Theme" or "Theme › Sub-theme"."""
    parent = next((c for c in codebook if c.id == code.parent_id), None)
    return f"{parent.name} › {code.name}" if parent else code.name


def matching(codebook: Sequence[Code], typed: str) -> list[Code]:
    """The codes whose name or definition contains every word typed (type to find a code)."""
    words = clean(typed).casefold().split()
    return [c for c in ordered(codebook) if all(w in f"{label(c, codebook)} {c.definition}".casefold() for w in words)]


def merged(codings: Iterable[Coding]) -> dict[CommentKey, frozenset[int]]:
    """Every code any coder (or the board) gave each comment."""
    result: dict[CommentKey, set[int]] = {}
    for coding in codings:
        result.setdefault(coding.key, set()).update(coding.code_ids)
    return {key: frozenset(ids) for key, ids in result.items()}


def counts(codes_by_comment: Mapping[CommentKey, frozenset[int]]) -> Counter[int]:
    """How many comments have each code."""
    counter: Counter[int] = Counter()
    for ids in codes_by_comment.values():
        counter.update(ids)
    return counter


@dataclass(frozen=True)
class Filters:
    source: str = ""
    question: str = ""  # an origin and question, as shown
    code_id: int | None = None
    uncoded: bool = False


def filtered(
    comments: Sequence[Comment], codes_by_comment: Mapping[CommentKey, frozenset[int]], filters: Filters
) -> list[Comment]:
    def keep(comment: Comment) -> bool:
        codes = codes_by_comment.get(comment.key, frozenset())
        return (
            (not filters.source or comment.key.source == filters.source)
            and (not filters.question or question_label(comment) == filters.question)
            and (filters.code_id is None or filters.code_id in codes)
            and (not filters.uncoded or not codes)
        )

    return [c for c in comments if keep(c)]


def question_label(comment: Comment) -> str:
    return f"{comment.origin}: {comment.question}" if comment.question else comment.origin


# --- exchange as CSV ---------------------------------------------------------------------------


def codebook_csv(codebook: Sequence[Code]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    names = {c.id: c.name for c in codebook}
    for code in ordered(codebook):
        theme, sub = (names.get(code.parent_id, ""), code.name) if code.parent_id else (code.name, "")
        writer.writerow([_cell(v) for v in (theme, sub, code.definition, code.include_example, code.exclude_example)])
    return out.getvalue()


def _cell(value: str) -> str:
    """No spreadsheet formulas from exported text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def drafts_from_csv(text: str) -> list[tuple[str, CodeDraft]]:
    """(theme name, draft) per row: a draft with an empty theme name is a theme itself. Raises
    ValueError with a message for a file that is not a codebook."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "theme" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ValueError(str(lazy("The file must be a CSV with a column called theme")))
    rows: list[tuple[str, CodeDraft]] = []
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        theme, sub = row.get("theme", ""), row.get("sub_theme", "")
        if not theme:
            continue
        details = (row.get("definition", ""), row.get("include_example", ""), row.get("exclude_example", ""))
        rows.append(("", CodeDraft(theme)) if sub else ("", CodeDraft(theme, None, *details)))
        if sub:
            rows.append((theme, CodeDraft(sub, None, *details)))
    return rows


def coded_rows(
    comments: Sequence[Comment], codes_by_comment: Mapping[CommentKey, frozenset[int]], codebook: Sequence[Code]
) -> list[list[str]]:
    """The coded comments as a table: one row per comment, its codes joined."""
    by_id = {c.id: c for c in codebook}
    rows = [["key", "source", "origin", "question", "comment", "codes"]]
    for comment in comments:
        names = sorted(label(by_id[i], codebook) for i in codes_by_comment.get(comment.key, ()) if i in by_id)
        rows.append(
            [
                str(comment.key),
                comment.key.source,
                _cell(comment.origin),
                _cell(comment.question),
                _cell(comment.text),
                _cell("; ".join(names)),
            ]
        )
    return rows


def rows_csv(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class CodingState:
    """What the coding page shows: the filtered comments, the one being coded, its neighbours,
    this coder's codes on it, the board's, and the counts."""

    codebook: list[Code]
    comments: list[Comment]
    current: Comment | None
    position: int  # 1-based place of the current comment in the filtered list
    previous: Comment | None
    next: Comment | None
    mine: frozenset[int]
    board: frozenset[int]
    counts: Counter[int]
    total: int
    uncoded: int
    questions: list[str]
    suggestions: tuple[Any, ...] = ()  # engagements.suggest.Suggestion for the current comment


def coding_state(
    codebook: Sequence[Code],
    comments: Sequence[Comment],
    codings: Sequence[Coding],
    coder_id: int | None,
    filters: Filters,
    at: str,
) -> CodingState:
    everyone = merged(codings)
    shown = filtered(comments, everyone, filters)
    wanted = parse_key(at)
    index = next((i for i, c in enumerate(shown) if c.key == wanted), 0)
    current = shown[index] if shown else None
    mine: frozenset[int] = frozenset()
    board: frozenset[int] = frozenset()
    if current is not None:
        mine = merged(c for c in codings if c.coder_id == coder_id and c.coder_id is not None).get(
            current.key, frozenset()
        )
        board = merged(c for c in codings if c.coder_id is None).get(current.key, frozenset())
    return CodingState(
        codebook=list(codebook),
        comments=shown,
        current=current,
        position=index + 1 if current else 0,
        previous=shown[index - 1] if current and index > 0 else None,
        next=shown[index + 1] if current and index + 1 < len(shown) else None,
        mine=mine,
        board=board,
        counts=counts(everyone),
        total=len(comments),
        uncoded=sum(1 for c in comments if not everyone.get(c.key)),
        questions=sorted({question_label(c) for c in comments}),
    )


def to_xlsx(sheets: Mapping[str, Sequence[Sequence[str]]]) -> bytes:
    """Sheets of rows (the first row a header) as an .xlsx workbook."""
    import xlsxwriter  # only the exports need it

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, list(row), bold if r == 0 else None)
    workbook.close()
    return buffer.getvalue()


def codebook_rows(codebook: Sequence[Code]) -> list[list[str]]:
    return list(csv.reader(io.StringIO(codebook_csv(codebook))))


def rows_from_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet's rows as text (a codebook or coded comments saved from Excel)."""
    import openpyxl  # only the imports need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValueError(str(lazy("The file must be an Excel workbook (.xlsx)"))) from None
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def codings_from_csv(text: str, codebook: Sequence[Code]) -> list[tuple[CommentKey, frozenset[int]]]:
    """(comment, codes) from coded comments exported here (columns key and codes, codes as
    "Theme" or "Theme › Sub-theme" joined by "; "). Unknown codes or keys raise ValueError."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"key", "codes"} <= {f.strip().lower() for f in reader.fieldnames}:
        raise ValueError(str(lazy("The file must have the columns key and codes, like the coded comments download")))
    by_label = {label(c, codebook).casefold(): c.id for c in codebook}
    found = []
    for row in reader:
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        key = parse_key(cells.get("key", ""))
        names = [n.strip() for n in cells.get("codes", "").split(";") if n.strip()]
        unknown = [n for n in names if n.casefold() not in by_label]
        if key is None or unknown:
            raise ValueError(
                str(
                    lazy(
                        "Row for %(key)s: unknown comment or codes %(codes)s",
                        key=cells.get("key", ""),
                        codes=", ".join(unknown),
                    )
                )
            )
        found.append((key, frozenset(by_label[n.casefold()] for n in names)))
    return found
