"""The shipped Census 2021 file, the area/dimension API, the survey mapping and custom tables."""

from __future__ import annotations

import ast
import csv
import gzip
import json
from pathlib import Path

import pytest

from toolkit.population import (
    PREFER_NOT_TO_SAY,
    CustomPopulationError,
    MissingFiguresError,
    OverlappingAreasError,
    UnknownAreaError,
    UnknownDimensionError,
    area_population,
    build,
    category_mapping,
    custom_population_template,
    disability_answer,
    list_areas,
    list_dimensions,
    list_mappings,
    load_equality_questions,
    load_reference,
    mapping,
    parse_custom_population_csv,
    tables,
)
from toolkit.population.reference import QUESTIONS_FILE, REFERENCE_FILE, read_reference_file

SHARED_POPULATION = Path(__file__).parents[3].parent / "shared" / "population"
NEEDS_SHARED = pytest.mark.skipif(
    not SHARED_POPULATION.is_dir(),
    reason=f"the source folder {SHARED_POPULATION} is not here, so the file cannot be rebuilt from it",
)
ENGLAND = "E92000001"
LANCASHIRE_AND_SOUTH_CUMBRIA = "E54000048"
NORTH_EAST_AND_NORTH_CUMBRIA = "E54000050"
LEICESTER_LEICESTERSHIRE_RUTLAND = "E54000015"
BARROW, EDEN, SOUTH_LAKELAND, WESTMORLAND_AND_FURNESS = "E07000027", "E07000030", "E07000031", "E06000064"
CARDIFF = "W06000015"


# The shipped file ---------------------------------------------------------------------------------


@NEEDS_SHARED
def test_shipped_file_is_what_the_build_script_makes_from_the_shared_sources(tmp_path: Path) -> None:
    out = tmp_path / "census2021.json.gz"
    assert build.main(["--source", str(SHARED_POPULATION), "--out", str(out)]) == 0
    assert read_reference_file(out) == read_reference_file(REFERENCE_FILE)
    assert (tmp_path / "equality_questions.json").read_bytes() == QUESTIONS_FILE.read_bytes()


@NEEDS_SHARED
def test_shipped_questions_are_a_copy_of_the_shared_ones() -> None:
    assert QUESTIONS_FILE.read_bytes() == (SHARED_POPULATION / "equality_questions.json").read_bytes()


@NEEDS_SHARED
@pytest.mark.parametrize(
    ("file_name", "source_dimension", "dimension", "base"),
    [
        ("census2021_sex.csv", "sex", "sex", "all"),
        ("census2021_sex.csv", "sex_16plus", "sex", "16plus"),
        ("census2021_gender_identity.csv", "gender_identity_16plus", "gender_identity", "16plus"),
        ("census2021_legal_partnership.csv", "legal_partnership_status_16plus", "legal_partnership", "16plus"),
        ("census2021_religion.csv", "religion_16plus", "religion", "16plus"),
        ("census2021_ethnicity.csv", "ethnic_group_8_16plus", "ethnic_group_5", "16plus"),
    ],
)
def test_every_area_total_matches_the_source_total_row(
    file_name: str, source_dimension: str, dimension: str, base: str
) -> None:
    totals = {}
    with (SHARED_POPULATION / file_name).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wanted = row["dimension"] == source_dimension and row["area_type"] in ("lad", "icb", "country")
            if wanted and row["category"].startswith("Total"):
                totals[row["area_code"]] = int(row["count"])
    assert len(totals) > 300
    for code, total in totals.items():
        assert area_population([code], dimension, base).total == total, code


def test_shipped_file_is_compact() -> None:
    assert REFERENCE_FILE.stat().st_size < 1_500_000
    assert json.loads(gzip.decompress(REFERENCE_FILE.read_bytes()))["format"] == build.FORMAT_VERSION


@pytest.mark.parametrize(
    ("dimension", "base", "england_total"),
    [
        ("sex", "all", 56_490_040),
        ("ethnic_group_19", "all", 56_490_065),
        ("gender_identity", "16plus", 46_006_944),
        ("sexual_orientation", "16plus", 46_006_954),
        ("legal_partnership", "16plus", 46_006_936),
    ],
)
def test_known_england_totals(dimension: str, base: str, england_total: int) -> None:
    assert area_population([ENGLAND], dimension, base).total == england_total


def test_every_area_is_listed() -> None:
    lads, icbs = list_areas("lad"), list_areas("icb")
    assert len([a for a in lads if a.code.startswith("E")]) == 309 + 4  # 2021 LADs + 2023 unitaries
    assert len([a for a in lads if a.code.startswith("W")]) == 22
    assert len(icbs) == 42
    assert {a.code for a in list_areas("country")} == {ENGLAND, "W92000004"}
    assert [a.name for a in icbs] == sorted(a.name for a in icbs)


def test_districts_merged_in_2023_point_to_their_new_authority() -> None:
    eden = next(a for a in list_areas("lad") if a.code == EDEN)
    assert eden.replaced_by == WESTMORLAND_AND_FURNESS


def test_every_table_has_every_english_lad_and_icb() -> None:
    english_areas = {a.code for a in list_areas() if a.code.startswith("E")}
    for key, table in load_reference().tables.items():
        assert english_areas <= set(table.counts), key


# ICBs and best fit --------------------------------------------------------------------------------


def share_weighted_lad_sum(icb: str, dimension: str, base: str) -> dict[str, float]:
    reference = load_reference()
    table = reference.tables[f"{dimension}:{base}"]
    weighted = dict.fromkeys(table.categories, 0.0)
    for lad, share in reference.icb_lads[icb].items():
        for category, count in zip(table.categories, table.counts[lad], strict=True):
            weighted[category] += share * count
    return weighted


@pytest.mark.parametrize("icb", [LANCASHIRE_AND_SOUTH_CUMBRIA, NORTH_EAST_AND_NORTH_CUMBRIA])
@pytest.mark.parametrize("dimension", ["age", "sex", "ethnic_group_19", "sexual_orientation", "gender_identity"])
def test_split_icb_figures_are_the_share_weighted_lad_sums(icb: str, dimension: str) -> None:
    population = area_population([icb], dimension)
    expected = share_weighted_lad_sum(icb, dimension, population.base)
    assert population.best_fit
    assert any("best fit" in caveat for caveat in population.caveats)
    for category, count in population.counts.items():
        assert abs(count - expected[category]) <= 0.5, category


@NEEDS_SHARED
def test_icb_shares_are_those_in_lad_to_icb_csv() -> None:
    shares: dict[str, float] = {}
    with (SHARED_POPULATION / "lad_to_icb.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["icb24_code"] == LANCASHIRE_AND_SOUTH_CUMBRIA:
                lad = row["lad21_code"]
                shares[lad] = shares.get(lad, 0.0) + float(row["share_of_lad_census2021_residents"])
    assert load_reference().icb_lads[LANCASHIRE_AND_SOUTH_CUMBRIA] == pytest.approx(shares, abs=1e-6)
    assert shares["E07000029"] == pytest.approx(0.126944)  # part of Copeland
    assert shares["E07000163"] == pytest.approx(0.10647)  # part of Craven


def test_lancashire_and_south_cumbria_uses_barrow_and_south_lakeland_not_westmorland() -> None:
    lads = load_reference().icb_lads[LANCASHIRE_AND_SOUTH_CUMBRIA]
    assert lads[BARROW] == lads[SOUTH_LAKELAND] == 1.0
    assert EDEN not in lads and WESTMORLAND_AND_FURNESS not in lads


def test_exact_icb_rows_are_kept_where_the_source_has_them() -> None:
    religion_all = area_population([LANCASHIRE_AND_SOUTH_CUMBRIA], "religion", "all")  # from small areas
    assert not religion_all.best_fit
    whole = area_population([LEICESTER_LEICESTERSHIRE_RUTLAND], "age")
    lads = load_reference().icb_lads[LEICESTER_LEICESTERSHIRE_RUTLAND]
    assert not whole.best_fit
    assert whole.counts == area_population(list(lads), "age").counts


# Areas and dimensions ------------------------------------------------------------------------------


def test_several_areas_are_added_together() -> None:
    barrow, lakes = area_population([BARROW], "sex"), area_population([SOUTH_LAKELAND], "sex")
    both = area_population([BARROW, SOUTH_LAKELAND], "sex")
    assert both.counts == {c: barrow.counts[c] + lakes.counts[c] for c in both.counts}
    assert both.area_name == "Barrow-in-Furness, South Lakeland"


def test_a_2023_unitary_is_the_sum_of_the_districts_it_replaced() -> None:
    districts = area_population([BARROW, EDEN, SOUTH_LAKELAND], "religion")
    assert area_population([WESTMORLAND_AND_FURNESS], "religion").counts == districts.counts


@pytest.mark.parametrize(
    "codes",
    [
        [LANCASHIRE_AND_SOUTH_CUMBRIA, BARROW],
        [WESTMORLAND_AND_FURNESS, EDEN],
        [ENGLAND, BARROW],
        [BARROW, BARROW],
        [LANCASHIRE_AND_SOUTH_CUMBRIA, "E06000063"],  # Cumberland contains all of Copeland
    ],
)
def test_overlapping_areas_are_refused(codes: list[str]) -> None:
    with pytest.raises(OverlappingAreasError, match="counted twice"):
        area_population(codes, "sex")


def test_icbs_sharing_a_split_lad_do_not_overlap() -> None:
    both = area_population([LANCASHIRE_AND_SOUTH_CUMBRIA, NORTH_EAST_AND_NORTH_CUMBRIA], "age")
    assert both.best_fit


def test_default_base_is_16_plus_where_the_census_allows_it() -> None:
    for dimension in list_dimensions():
        population = area_population([BARROW], dimension.key)
        assert population.base == dimension.bases[0]
        if "16plus" in dimension.bases:
            assert population.base_label == "All usual residents aged 16 years and over"
    assert area_population([BARROW], "ethnic_group_19").base_label == "All usual residents"


def test_another_base_can_be_chosen() -> None:
    assert area_population([BARROW], "sex", "all").base_label == "All usual residents"
    assert area_population([BARROW], "age", "18plus").base_label == "All usual residents aged 18 years and over"
    with pytest.raises(UnknownDimensionError, match="not available"):
        area_population([BARROW], "sexual_orientation", "all")


def test_age_16_plus_bands_add_up_to_the_census_16_plus_total() -> None:
    # the build checks every area against TS007's "Aged 16 years and over"; this is England's figure
    assert area_population([ENGLAND], "age").total == 46_006_951


def test_result_carries_attribution_and_caveats() -> None:
    population = area_population([BARROW], "gender_identity")
    assert "Open Government Licence v.3.0" in population.attribution
    assert any("perturbed" in caveat for caveat in population.caveats)
    assert any("uncertainty" in caveat for caveat in population.caveats)
    assert population.shares()["Not answered"] == pytest.approx(population.counts["Not answered"] / population.total)


def test_errors_for_unknown_or_missing_figures() -> None:
    with pytest.raises(UnknownAreaError):
        area_population(["E99999999"], "sex")
    with pytest.raises(UnknownAreaError):
        area_population([], "sex")
    with pytest.raises(UnknownDimensionError):
        area_population([BARROW], "shoe_size")
    with pytest.raises(MissingFiguresError, match="England only"):
        area_population([CARDIFF], "sexual_orientation")


# Survey-to-census mapping --------------------------------------------------------------------------


def survey_answers(question_id: str) -> list[str]:
    options = load_equality_questions()[question_id]["answer_options"]
    if isinstance(options, dict):
        return [answer for group in options.values() for answer in group]
    return list(options)


@pytest.mark.parametrize("category_mapping", list_mappings(), ids=lambda m: f"{m.dimension}:{m.base}")
def test_mapping_covers_every_census_category_and_every_survey_answer(
    category_mapping: mapping.CategoryMapping,
) -> None:
    table = load_reference().tables[f"{category_mapping.dimension}:{category_mapping.base}"]
    assert list(category_mapping.census_to_group) == list(table.categories)
    if category_mapping.dimension != "disability":  # disability combines two questions
        assert set(category_mapping.survey_to_group) == set(survey_answers(category_mapping.question_id))
    assert set(category_mapping.survey_to_group.values()) - {None} == set(category_mapping.groups)
    assert category_mapping.survey_to_group[PREFER_NOT_TO_SAY] is None


def test_every_shipped_table_has_a_mapping() -> None:
    assert {(m.dimension, m.base) for m in list_mappings()} == {(s.dimension, s.base) for s in tables.TABLES}


@pytest.mark.parametrize(
    ("dimension", "base", "json_key"),
    [
        ("age", "16plus", "map"),
        ("sex", "16plus", "map"),
        ("gender_identity", "16plus", "map"),
        ("sexual_orientation", "16plus", "map"),
        ("ethnic_group_19", "all", "map"),
        ("religion", "16plus", "map"),
        ("unpaid_care", "16plus", "map_16plus"),
        ("unpaid_care", "5plus", "map_5plus"),
        ("legal_partnership", "16plus", "map"),
    ],
)
def test_mapping_agrees_with_equality_questions_json(dimension: str, base: str, json_key: str) -> None:
    chosen = category_mapping(dimension, base)
    json_map = load_equality_questions()[chosen.question_id]["census_mapping"][json_key]
    rows = {row.survey_answer: row for row in chosen.rows()}
    for answer, census in json_map.items():
        expected = () if census in (None, "Not answered") else tuple([census] if isinstance(census, str) else census)
        answer = answer if answer in rows else next(a for a in rows if a.startswith(answer))
        assert rows[answer].census_categories == expected, answer


def test_disability_mapping_agrees_with_equality_questions_json() -> None:
    json_map = load_equality_questions()["disability"]["census_mapping"]["map"]
    rows = {row.survey_answer: row.census_categories for row in category_mapping("disability").rows()}
    assert rows[mapping.DISABLED_A_LOT] == (json_map["disabled_a_lot"],)
    assert rows[mapping.DISABLED_A_LITTLE] == (json_map["disabled_a_little"],)
    assert rows[mapping.NOT_DISABLED] == (json_map["not_disabled"],)


def test_gender_identity_no_is_compared_with_all_four_census_answers() -> None:
    chosen = category_mapping("gender_identity")
    [no] = [row for row in chosen.rows() if row.survey_answer.startswith("No")]
    assert len(no.census_categories) == 4
    population = area_population([BARROW], "gender_identity")
    grouped = chosen.group_population(population)
    assert sum(grouped.values()) + chosen.excluded_population(population) == population.total
    assert chosen.excluded_population(population) == population.counts["Not answered"]


def test_ethnic_detail_maps_to_the_8_and_5_group_tables() -> None:
    assert category_mapping("ethnic_group_8").survey_to_group["Roma"] == (
        "White: Gypsy or Irish Traveller, Roma or Other White"
    )
    assert category_mapping("ethnic_group_5").survey_to_group["Chinese"] == "Asian, Asian British or Asian Welsh"


@pytest.mark.parametrize(
    ("condition", "reduces", "expected"),
    [
        ("Yes", "Yes, a lot", mapping.DISABLED_A_LOT),
        ("Yes", "Yes, a little", mapping.DISABLED_A_LITTLE),
        ("Yes", "Not at all", mapping.NOT_DISABLED),
        ("No", None, mapping.NOT_DISABLED),
        ("Prefer not to say", None, PREFER_NOT_TO_SAY),
        ("Yes", "Prefer not to say", PREFER_NOT_TO_SAY),
        ("Yes", None, None),
        (None, None, None),
    ],
)
def test_disability_answer(condition: str | None, reduces: str | None, expected: str | None) -> None:
    assert disability_answer(condition, reduces) == expected


# Custom population tables --------------------------------------------------------------------------


def custom_csv(*lines: str) -> str:
    return "\n".join(["dimension,category,count", *lines]) + "\n"


def test_custom_table_is_read() -> None:
    text = custom_csv('sex,Female,"1,200"', "sex,Male,1100")
    populations = parse_custom_population_csv(text, name="Riverside Surgery list")
    sex = populations["sex"]
    assert sex.counts == {"Female": 1200, "Male": 1100}
    assert sex.area_name == "Riverside Surgery list"
    assert sex.base == "16plus" and not sex.best_fit


def test_custom_table_picks_the_base_its_categories_come_from() -> None:
    ages = [f"age,{c},10" for c, _ in tables.AGE_18_PLUS]
    assert parse_custom_population_csv(custom_csv(*ages))["age"].base == "18plus"


def test_filled_in_template_is_accepted() -> None:
    text = custom_population_template().replace(",\n", ",7\n")
    populations = parse_custom_population_csv(text)
    assert set(populations) == {d.key for d in list_dimensions()}


def test_custom_table_lists_every_bad_row() -> None:
    text = "\ufeff" + custom_csv(
        "sex,Female,100",
        "sex,Female,90",
        "sex,Mal,10",
        "shoe_size,Large,4",
        "age,Aged 16 to 24 years,-3",
        "age,Total: All usual residents,40",
        "religion,Christian",
    )
    with pytest.raises(CustomPopulationError) as caught:
        parse_custom_population_csv(text)
    problems = {problem.row: problem.reason for problem in caught.value.problems}
    assert "already given on row 2" in problems[3]
    assert "'Mal' is not a census category" in problems[4]
    assert "'shoe_size' is not a dimension" in problems[5]
    assert "not a whole number" in problems[6]
    assert "leave out total rows" in problems[7]
    assert "needs a dimension, a category and a count" in problems[8]
    assert "sex is missing: Male" in problems[None]
    assert "Row 4: " in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("area,people\nx,1\n", "Row 1: the first row must name the columns"),
        ("dimension,category,count\n", "no rows of figures"),
        (custom_csv("sex,Female,0", "sex,Male,0"), "every sex count is 0"),
    ],
)
def test_custom_table_file_level_problems(text: str, message: str) -> None:
    with pytest.raises(CustomPopulationError, match=message):
        parse_custom_population_csv(text)


def test_custom_table_rejects_mixed_category_sets() -> None:
    rows = [f"age,{c},10" for c, _ in tables.AGE_16_PLUS] + ["age,Aged 18 to 24 years,5"]
    with pytest.raises(CustomPopulationError, match="Row 9: 'Aged 18 to 24 years' does not belong"):
        parse_custom_population_csv(custom_csv(*rows))


def test_population_package_imports_no_flask_or_database_code() -> None:
    package = Path(build.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in {"flask", "sqlalchemy", "flask_babel"}], source
