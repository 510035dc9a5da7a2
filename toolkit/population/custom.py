"""A lead's own population table, for an area the census files do not cover (a GP practice list...).

The file is CSV with a header row naming three columns, in any order (other columns are ignored):

    dimension,category,count
    age,Aged 16 to 24 years,1520
    age,Aged 25 to 34 years,2210
    sex,Female,6400
    ...

* `dimension` is one of the census dimension keys (age, sex, gender_identity, sexual_orientation,
  ethnic_group_19, ethnic_group_8, ethnic_group_5, religion, disability, unpaid_care,
  legal_partnership). A file may give any of them.
* `category` is the census category exactly as worded in the shipped tables (download the template
  from `custom_population_template`). All rows of a dimension must come from one set of categories
  (for example the 16+ age bands), and every category of that set must be given (0 if none).
  Do not include total rows; totals are added up for you.
* `count` is a whole number of people, 0 to 100,000,000; thousands separators are allowed when
  every group after the first has three digits ("1,520" or "1 520"). Anything that could be read
  two ways ("12,5", "1.520") is refused with its row number rather than guessed.

Row numbers in error messages count the header as row 1, as a spreadsheet does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.population.reference import AreaPopulation, PopulationError, frozen_mapping
from toolkit.population.tables import DIMENSIONS, TABLES, table_key

REQUIRED_COLUMNS = ("dimension", "category", "count")
MAX_ROWS = 5_000
MAX_COUNT = 100_000_000  # more people than live in the UK: a bigger number is a mistake
WHOLE_NUMBER = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+")
SOURCE = "Supplied by the survey lead"


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # None when the problem is with the file or a whole dimension
    reason: str

    def __str__(self) -> str:
        return self.reason if self.row is None else f"Row {self.row}: {self.reason}"


class CustomPopulationError(PopulationError):
    """The file cannot be used; `problems` lists every row at fault."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.row or 0, p.reason)))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class _Row:
    number: int
    dimension: str
    category: str
    count: int


def _categories() -> dict[str, dict[str, tuple[str, ...]]]:
    """Dimension -> base -> census categories, bases in order of preference."""
    by_key = {table_key(s.dimension, s.base): tuple(c for c, _ in s.categories) for s in TABLES}
    return {d.key: {base: by_key[table_key(d.key, base)] for base in d.bases} for d in DIMENSIONS}


def parse_custom_population_csv(
    text: str, *, name: str = "Your own population", base_label: str = "Population supplied by the survey lead"
) -> dict[str, AreaPopulation]:
    """Read a lead's population table; raise `CustomPopulationError` listing every bad row."""
    rows, problems = _read_rows(text.removeprefix("\ufeff"))
    chosen = _check_dimensions(rows, problems)
    if problems:
        raise CustomPopulationError(problems)
    return {dimension: _population(dimension, base, rows, name, base_label) for dimension, base in chosen.items()}


def _read_rows(text: str) -> tuple[list[_Row], list[RowProblem]]:
    records = list(csv.reader(io.StringIO(text)))
    if not any(any(cell.strip() for cell in record) for record in records):
        raise CustomPopulationError([RowProblem(None, "The file is empty.")])
    header = [cell.strip().lower() for cell in records[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        reason = f"the first row must name the columns dimension, category and count (missing: {', '.join(missing)})"
        raise CustomPopulationError([RowProblem(1, reason)])
    if len(records) - 1 > MAX_ROWS:
        raise CustomPopulationError([RowProblem(None, f"The file has more than {MAX_ROWS:,} rows.")])
    positions = [header.index(column) for column in REQUIRED_COLUMNS]
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    for number, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record):
            _read_row(number, record, positions, rows, problems)
    rows = _without_repeats(rows, problems)
    if not rows and not problems:
        problems.append(RowProblem(None, "The file has no rows of figures under the header."))
    return rows, problems


def _read_row(
    number: int, record: list[str], positions: list[int], rows: list[_Row], problems: list[RowProblem]
) -> None:
    if len(record) <= max(positions):
        problems.append(RowProblem(number, f"has {len(record)} values; it needs a dimension, a category and a count"))
        return
    dimension, category, count = (record[i].strip() for i in positions)
    reason = _problem_with(dimension, category, count)
    if reason is not None:
        problems.append(RowProblem(number, reason))
    else:
        rows.append(_Row(number, dimension, category, _as_number(count)))


def _problem_with(dimension: str, category: str, count: str) -> str | None:
    known = _categories()
    if dimension not in known:
        return f"'{dimension}' is not a dimension we know; use one of: {', '.join(known)}"
    if category.lower().startswith("total"):
        return "leave out total rows; totals are added up from the other rows"
    if not any(category in categories for categories in known[dimension].values()):
        return f"'{category}' is not a census category for {dimension}; copy the wording from the template"
    if re.fullmatch(r"[0-9]+[.,][0-9]{1,2}|[0-9]{1,3}(?:\.[0-9]{3})+", count):
        return (
            f"the count '{count}' could be read more than one way; write it as a whole number "
            "of people without a decimal point or comma (for example 1520)"
        )
    if not WHOLE_NUMBER.fullmatch(count):
        return f"the count '{count}' is not a whole number of people (0 or more)"
    digits = count.replace(",", "").replace(" ", "")
    if len(digits.lstrip("0")) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        return f"the count '{count}' is more than {MAX_COUNT:,} people; check the figure"
    return None


def _as_number(count: str) -> int:
    return int(count.replace(",", "").replace(" ", ""))


def _without_repeats(rows: list[_Row], problems: list[RowProblem]) -> list[_Row]:
    first: dict[tuple[str, str], int] = {}
    kept: list[_Row] = []
    for row in rows:
        earlier = first.setdefault((row.dimension, row.category), row.number)
        if earlier == row.number:
            kept.append(row)
        else:
            problems.append(
                RowProblem(row.number, f"{row.dimension} '{row.category}' is already given on row {earlier}")
            )
    return kept


def _check_dimensions(rows: list[_Row], problems: list[RowProblem]) -> dict[str, str]:
    """Pick the set of categories (base) each dimension uses; report rows and gaps that do not fit."""
    chosen: dict[str, str] = {}
    for dimension, options in _categories().items():
        given = [row for row in rows if row.dimension == dimension]
        if not given:
            continue
        base = max(options, key=lambda b: sum(row.category in options[b] for row in given))
        chosen[dimension] = base
        for row in given:
            if row.category not in options[base]:
                reason = f"'{row.category}' does not belong with the other {dimension} categories in this file"
                problems.append(RowProblem(row.number, reason))
        missing = [c for c in options[base] if c not in {row.category for row in given}]
        if missing:
            problems.append(
                RowProblem(None, f"{dimension} is missing: {'; '.join(missing)} (put 0 where there are none)")
            )
        elif sum(row.count for row in given) == 0:
            problems.append(RowProblem(None, f"every {dimension} count is 0"))
    return chosen


def _population(dimension: str, base: str, rows: list[_Row], name: str, base_label: str) -> AreaPopulation:
    counts = {row.category: row.count for row in rows if row.dimension == dimension}
    ordered = {category: counts[category] for category in _categories()[dimension][base]}
    return AreaPopulation(
        area_codes=(),
        area_name=name,
        dimension=dimension,
        base=base,
        base_label=base_label,
        counts=frozen_mapping(ordered),
        best_fit=False,
        source=SOURCE,
        attribution="Population figures supplied by the survey lead.",
    )


def custom_population_template() -> str:
    """A CSV to fill in: every dimension at its preferred base, counts left blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUIRED_COLUMNS)
    for dimension, options in _categories().items():
        for category in next(iter(options.values())):
            writer.writerow((dimension, category, ""))
    return out.getvalue()
