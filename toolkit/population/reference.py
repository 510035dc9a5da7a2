"""Read the shipped Census 2021 reference file and answer "how many people live here?".

Areas are local authorities (2021 LADs, plus the 2023 unitary authorities that replaced some of
them), ICBs and the two countries. `area_population` adds up several areas, refusing selections that
overlap (an ICB and one of its authorities, or a 2023 unitary and a district it replaced), so nobody
is counted twice.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

REFERENCE_FILE = Path(__file__).with_name("census2021.json.gz")
QUESTIONS_FILE = Path(__file__).with_name("equality_questions.json")
ENGLAND = "E92000001"
WALES = "W92000004"
OVERLAP_TOLERANCE = 1e-4

AreaType = Literal["lad", "icb", "country"]


class PopulationError(ValueError):
    """A population cannot be given for the areas or dimension asked for."""


class UnknownAreaError(PopulationError):
    pass


class UnknownDimensionError(PopulationError):
    pass


class OverlappingAreasError(PopulationError):
    pass


class MissingFiguresError(PopulationError):
    pass


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    type: AreaType
    replaced_by: str | None = None  # a 2021 district merged into a 2023 unitary authority


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    question_id: str  # the question in equality_questions.json
    bases: tuple[str, ...]  # most preferred first (16+ wherever the census allows it)


@dataclass(frozen=True)
class Table:
    dimension: str
    base: str
    base_label: str
    source: str
    categories: tuple[str, ...]
    caveats: tuple[str, ...]
    best_fit: frozenset[str]
    counts: Mapping[str, tuple[int, ...]]


@dataclass(frozen=True)
class Reference:
    attribution: str
    caveats: tuple[str, ...]
    best_fit_note: str
    areas: Mapping[str, Area]
    icb_lads: Mapping[str, Mapping[str, float]]
    dimensions: tuple[Dimension, ...]
    tables: Mapping[str, Table]
    sources: Mapping[str, str]  # source file -> sha256


@dataclass(frozen=True)
class AreaPopulation:
    """Counts of people by category for one dimension, for one area or several added together."""

    area_codes: tuple[str, ...]
    area_name: str
    dimension: str
    base: str
    base_label: str
    counts: Mapping[str, int]
    best_fit: bool
    source: str
    attribution: str
    caveats: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def shares(self) -> dict[str, float]:
        total = self.total
        return {category: (count / total if total else 0.0) for category, count in self.counts.items()}


def frozen_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(values))


def _table(raw: dict[str, Any]) -> Table:
    return Table(
        dimension=raw["dimension"],
        base=raw["base"],
        base_label=raw["base_label"],
        source=raw["source"],
        categories=tuple(raw["categories"]),
        caveats=tuple(raw["caveats"]),
        best_fit=frozenset(raw["best_fit"]),
        counts=frozen_mapping({code: tuple(row) for code, row in raw["counts"].items()}),
    )


def parse_reference(raw: dict[str, Any]) -> Reference:
    areas = {code: Area(code, name, cast(AreaType, kind), replaced) for code, name, kind, replaced in raw["areas"]}
    return Reference(
        attribution=raw["attribution"],
        caveats=tuple(raw["caveats"]),
        best_fit_note=raw["best_fit_note"],
        areas=frozen_mapping(areas),
        icb_lads=frozen_mapping({icb: frozen_mapping(lads) for icb, lads in raw["icb_lads"].items()}),
        dimensions=tuple(
            Dimension(d["key"], d["label"], d["question_id"], tuple(d["bases"])) for d in raw["dimensions"]
        ),
        tables=frozen_mapping({key: _table(table) for key, table in raw["tables"].items()}),
        sources=frozen_mapping(raw["sources"]),
    )


def read_reference_file(path: Path) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(gzip.decompress(path.read_bytes())))


@cache
def load_reference() -> Reference:
    """The shipped reference data, read once per process."""
    return parse_reference(read_reference_file(REFERENCE_FILE))


@cache
def load_equality_questions() -> Mapping[str, Any]:
    """The harmonised equality questions (wording, answers, census mapping) by question id."""
    raw = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return frozen_mapping({question["id"]: question for question in raw["questions"]})


def list_areas(area_type: AreaType | None = None) -> tuple[Area, ...]:
    """Areas ordered by type (lad, icb, country) then name; optionally only one type."""
    order = {"lad": 0, "icb": 1, "country": 2}
    areas = (a for a in load_reference().areas.values() if area_type in (None, a.type))
    return tuple(sorted(areas, key=lambda a: (order[a.type], a.name, a.code)))


def list_dimensions() -> tuple[Dimension, ...]:
    return load_reference().dimensions


def get_dimension(key: str) -> Dimension:
    for dimension in load_reference().dimensions:
        if dimension.key == key:
            return dimension
    known = ", ".join(d.key for d in load_reference().dimensions)
    raise UnknownDimensionError(f"There are no census figures for '{key}'. Known dimensions: {known}.")


def get_table(dimension: str, base: str | None = None) -> Table:
    """The table for a dimension at a base; by default the preferred base (16+ where possible)."""
    info = get_dimension(dimension)
    chosen = info.bases[0] if base is None else base
    if chosen not in info.bases:
        raise UnknownDimensionError(
            f"Census figures for {info.label.lower()} are not available for base '{chosen}'; "
            f"available: {', '.join(info.bases)}."
        )
    return load_reference().tables[f"{dimension}:{chosen}"]


def _area(code: str) -> Area:
    try:
        return load_reference().areas[code]
    except KeyError:
        raise UnknownAreaError(f"'{code}' is not a local authority, ICB or country code we know.") from None


def lad_weights(code: str) -> dict[str, float]:
    """The 2021 LADs an area is made of, with the share of each LAD that falls in the area."""
    reference = load_reference()
    area = _area(code)
    if area.type == "icb":
        return dict(reference.icb_lads[code])
    if area.type == "country":
        return {a.code: 1.0 for a in reference.areas.values() if _is_lad21_in(a, code)}
    merged = [a.code for a in reference.areas.values() if a.replaced_by == code]
    return dict.fromkeys(merged or [code], 1.0)


def _is_lad21_in(area: Area, country: str) -> bool:
    return area.type == "lad" and area.code[0] == country[0] and area.code not in _unitaries_2023()


@cache
def _unitaries_2023() -> frozenset[str]:
    return frozenset(a.replaced_by for a in load_reference().areas.values() if a.replaced_by)


def check_no_overlap(codes: Sequence[str]) -> None:
    covered: dict[str, float] = {}
    for code in codes:
        for lad, share in lad_weights(code).items():
            covered[lad] = covered.get(lad, 0.0) + share
    doubled = sorted(lad for lad, share in covered.items() if share > 1 + OVERLAP_TOLERANCE)
    if len(set(codes)) != len(codes) or doubled:
        names = ", ".join(_area(lad).name for lad in doubled) or "an area chosen twice"
        raise OverlappingAreasError(f"The areas chosen overlap ({names}), so some people would be counted twice.")


def area_population(area_codes: Sequence[str], dimension: str, base: str | None = None) -> AreaPopulation:
    """Census 2021 counts for one or more non-overlapping areas added together.

    `base` picks the population base (see `list_dimensions`); by default the first one, which is
    people aged 16 and over wherever the census table allows it. The result names the base used,
    whether any figure is a best fit, the ONS attribution and the caveats that apply.
    """
    codes = tuple(area_codes)
    if not codes:
        raise UnknownAreaError("Choose at least one area.")
    table = get_table(dimension, base)
    check_no_overlap(codes)
    rows = [_row(table, code) for code in codes]
    counts = {category: sum(row[i] for row in rows) for i, category in enumerate(table.categories)}
    best_fit = any(code in table.best_fit for code in codes)
    return AreaPopulation(
        area_codes=codes,
        area_name=", ".join(_area(code).name for code in codes),
        dimension=dimension,
        base=table.base,
        base_label=table.base_label,
        counts=frozen_mapping(counts),
        best_fit=best_fit,
        source=table.source,
        attribution=load_reference().attribution,
        caveats=_caveats(table, best_fit),
    )


def _row(table: Table, code: str) -> tuple[int, ...]:
    area = _area(code)
    try:
        return table.counts[code]
    except KeyError:
        raise MissingFiguresError(
            f"There are no Census 2021 figures for {get_dimension(table.dimension).label.lower()} "
            f"in {area.name}. {' '.join(table.caveats)}".strip()
        ) from None


def _caveats(table: Table, best_fit: bool) -> tuple[str, ...]:
    reference = load_reference()
    extra = (reference.best_fit_note,) if best_fit else ()
    return _unique((*reference.caveats, *table.caveats, *extra))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
