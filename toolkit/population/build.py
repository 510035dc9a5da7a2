"""Build the Census 2021 reference file shipped inside the package.

    python -m toolkit.population.build --source ../shared/population \\
        --out toolkit/population/census2021.json.gz

Reads the long-format CSV files described in `SOURCES.md` and writes one gzip-compressed JSON
file with, for every table in `tables.TABLES`, the counts of every local authority (2021 LADs plus
the 2023 unitary authorities), every ICB (April 2024 boundaries) and England/Wales.

Rules:
* Output categories are sums of source categories, as listed in `tables.py`; the output must add up
  to the source's `Total: ...` row (or the named total row for bases cut from an all-ages table).
* ICB figures come from the source's own ICB rows where it has them. For the ICBs it leaves out
  (those containing a local authority split between ICBs) each whole LAD is added in full and each
  split LAD in proportion to its share of Census 2021 residents living in the ICB
  (`lad_to_icb.csv`), rounded to whole people; these ICBs are listed under `best_fit`.
* The output is deterministic (sorted, no timestamps) so a rebuild can be compared with the file.
The harmonised equality questions (`equality_questions.json`) are copied next to the output.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from toolkit.population.tables import DIMENSIONS, TABLES, TableSpec, table_key

FORMAT_VERSION = 1
QUESTIONS_FILE = "equality_questions.json"
LOOKUP_FILE = "lad_to_icb.csv"
SHIPPED_AREA_TYPES = ("lad", "icb", "country")
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). "
    "Contains Census 2021 data, © Crown copyright."
)
CAVEATS = (
    "Census 2021 counts are slightly perturbed to protect confidentiality, so the same "
    "population can differ by a few people between tables.",
)
BEST_FIT_NOTE = (
    "This ICB contains part of a local authority that is split between ICBs. Its figures are a "
    "best fit: the split authority is counted in proportion to the share of its residents who "
    "live in the ICB (Census 2021)."
)

SourceRows = dict[tuple[str, str], dict[str, int]]
AreaInfo = dict[str, tuple[str, str]]
IcbLads = dict[str, dict[str, float]]


class BuildError(Exception):
    """The source files do not add up the way `tables.py` says they should."""


def read_source(path: Path) -> tuple[SourceRows, AreaInfo]:
    rows: SourceRows = defaultdict(dict)
    areas: AreaInfo = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["area_type"] not in SHIPPED_AREA_TYPES:
                continue
            code = record["area_code"]
            areas[code] = (record["area_name"], record["area_type"])
            rows[record["dimension"], code][record["category"]] = int(record["count"])
    return rows, areas


def read_lookup(path: Path) -> tuple[IcbLads, dict[str, str], dict[str, str]]:
    """ICB -> {LAD 2021: share of the LAD's residents in the ICB}, ICB names, LAD21 -> LAD23."""
    icb_lads: IcbLads = defaultdict(lambda: defaultdict(float))
    icb_names: dict[str, str] = {}
    replaced_by: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            icb, lad = record["icb24_code"], record["lad21_code"]
            icb_lads[icb][lad] += float(record["share_of_lad_census2021_residents"])
            icb_names[icb] = record["icb24_name"]
            if record["lad23_code"] != lad:
                replaced_by[lad] = record["lad23_code"]
    rounded = {icb: {lad: round(s, 6) for lad, s in lads.items()} for icb, lads in icb_lads.items()}
    return rounded, icb_names, replaced_by


def derive_row(spec: TableSpec, source_row: dict[str, int], area: str) -> list[int]:
    try:
        return [sum(source_row[part] for part in parts) for _, parts in spec.categories]
    except KeyError as missing:
        raise BuildError(f"{spec.source_dimension} for {area} has no category {missing}") from None


def expected_total(spec: TableSpec, rows: SourceRows, area: str) -> tuple[str, int]:
    """The base label and total the derived row must add up to."""
    if spec.total_check is not None:
        dimension, category = spec.total_check
        assert spec.base_label is not None
        return spec.base_label, rows[dimension, area][category]
    [(label, total)] = [(c, n) for c, n in rows[spec.source_dimension, area].items() if c.startswith("Total: ")]
    return label.removeprefix("Total: "), total


def table_rows(spec: TableSpec, rows: SourceRows) -> tuple[str, dict[str, list[int]]]:
    counts: dict[str, list[int]] = {}
    labels = set()
    for (dimension, area), source_row in rows.items():
        if dimension != spec.source_dimension:
            continue
        counts[area] = derive_row(spec, source_row, area)
        label, total = expected_total(spec, rows, area)
        if sum(counts[area]) != total:
            raise BuildError(f"{table_key(spec.dimension, spec.base)} for {area} does not add up to {total}")
        labels.add(label)
    if len(labels) != 1:
        raise BuildError(f"{spec.source_dimension} has several population bases: {sorted(labels)}")
    return labels.pop(), counts


def best_fit_row(lads: dict[str, float], counts: dict[str, list[int]], icb: str) -> list[int]:
    missing = sorted(set(lads) - set(counts))
    if missing:
        raise BuildError(f"ICB {icb} needs LADs with no figures: {missing}")
    width = len(next(iter(counts.values())))
    weighted = [sum(share * counts[lad][i] for lad, share in lads.items()) for i in range(width)]
    return [math.floor(value + 0.5) for value in weighted]


def add_best_fit_icbs(counts: dict[str, list[int]], icb_lads: IcbLads) -> list[str]:
    """Fill in the ICBs the source leaves out; return their codes."""
    best_fit = sorted(icb for icb, lads in icb_lads.items() if icb not in counts and set(lads) & set(counts))
    for icb in best_fit:
        counts[icb] = best_fit_row(icb_lads[icb], counts, icb)
    return best_fit


def build_table(spec: TableSpec, rows: SourceRows, icb_lads: IcbLads) -> dict[str, Any]:
    base_label, counts = table_rows(spec, rows)
    best_fit = add_best_fit_icbs(counts, icb_lads)
    not_split = [icb for icb in best_fit if all(share == 1.0 for share in icb_lads[icb].values())]
    return {
        "dimension": spec.dimension,
        "base": spec.base,
        "base_label": base_label,
        "source": spec.source,
        "caveats": list(spec.caveats),
        "categories": [category for category, _ in spec.categories],
        "best_fit": [icb for icb in best_fit if icb not in not_split],
        "counts": dict(sorted(counts.items())),
    }


def area_records(areas: AreaInfo, icb_names: dict[str, str], replaced_by: dict[str, str]) -> list[list[Any]]:
    merged = {**areas, **{icb: (name, "icb") for icb, name in icb_names.items()}}
    return [[code, name, kind, replaced_by.get(code)] for code, (name, kind) in sorted(merged.items())]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_files() -> list[str]:
    return sorted({spec.source_file for spec in TABLES} | {LOOKUP_FILE, QUESTIONS_FILE})


def build_reference(source: Path) -> dict[str, Any]:
    """Everything that goes into the shipped file, as plain JSON-ready data."""
    icb_lads, icb_names, replaced_by = read_lookup(source / LOOKUP_FILE)
    tables: dict[str, Any] = {}
    all_areas: AreaInfo = {}
    for file_name in sorted({spec.source_file for spec in TABLES}):
        rows, areas = read_source(source / file_name)
        all_areas.update(areas)
        for spec in (s for s in TABLES if s.source_file == file_name):
            tables[table_key(spec.dimension, spec.base)] = build_table(spec, rows, icb_lads)
    return {
        "format": FORMAT_VERSION,
        "attribution": ATTRIBUTION,
        "caveats": list(CAVEATS),
        "best_fit_note": BEST_FIT_NOTE,
        "sources": {name: sha256(source / name) for name in source_files()},
        "areas": area_records(all_areas, icb_names, replaced_by),
        "icb_lads": {icb: dict(sorted(lads.items())) for icb, lads in sorted(icb_lads.items())},
        "dimensions": [
            {"key": d.key, "label": d.label, "question_id": d.question_id, "bases": list(d.bases)} for d in DIMENSIONS
        ],
        "tables": {key: tables[key] for key in (table_key(s.dimension, s.base) for s in TABLES)},
    }


def encode(reference: dict[str, Any]) -> bytes:
    text = json.dumps(reference, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    source, out = Path(args.source), Path(args.out)
    data = encode(build_reference(source))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    shutil.copyfile(source / QUESTIONS_FILE, out.parent / QUESTIONS_FILE)
    print(f"wrote {out} ({len(data):,} bytes) and {out.parent / QUESTIONS_FILE}")
    return 0


def parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", required=True, help="folder with the census2021_*.csv files")
    parser.add_argument("--out", required=True, help="path of the .json.gz file to write")
    return parser.parse_args(None if argv is None else list(argv))


if __name__ == "__main__":
    raise SystemExit(main())
