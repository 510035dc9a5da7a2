"""The equality section, answers to comparison groups, the dashboard and weighting (plain modules)."""

from __future__ import annotations

import base64
import itertools
import json
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from surveys.equality import dashboard as equality_dashboard
from surveys.equality import model as equality
from surveys.equality import weighting as equality_weighting
from surveys.equality.dashboard import Comparison, percent
from surveys.model import Option, Question, Section, SurveyDefinition, validate
from toolkit import equality_blocks
from toolkit.equality import NO_ANSWER, OTHER_DISTRICTS
from toolkit.equality_charts import ComparisonBar, ScorePoint, comparison_alt, comparison_chart, score_chart
from toolkit.population import (
    PREFER_NOT_TO_SAY,
    area_population,
    category_mapping,
    load_equality_questions,
    parse_custom_population_csv,
)
from toolkit.population.mapping import DISABLED_A_LITTLE, DISABLED_A_LOT, NOT_DISABLED
from toolkit.stats.combinations import protected_counts
from toolkit.stats.disclosure import Count, Policy, protect

LSC = "E54000048"  # Lancashire and South Cumbria ICB
CHORLEY, SOUTH_RIBBLE = "E07000118", "E07000126"


def all_questions() -> tuple[Question, ...]:
    return tuple(s.question for s in equality.standard_questions())


def definition_with(topics: Any = None) -> SurveyDefinition:
    survey = SurveyDefinition(
        "Test",
        sections=(
            Section(
                "s1",
                "One",
                questions=(
                    Question("colour", "single_choice", "Colour?", options=(Option("r", "Red"), Option("b", "Blue"))),
                ),
            ),
        ),
    )
    return equality.with_equality_section(survey, topics)


# --- the section ------------------------------------------------------------------------------------------


def test_every_question_is_prefixed_optional_and_offers_prefer_not_to_say() -> None:
    questions = all_questions()
    assert len({q.id for q in questions}) == len(questions)
    for question in questions:
        assert question.id.startswith("eq_")
        assert not question.required
        if question.type == "single_choice":
            assert question.options[-1].label == PREFER_NOT_TO_SAY
        else:  # the postcode: a short text that can be left blank
            assert question.id == equality.POSTCODE_ID
            assert "prefer not to say" in question.help.lower()


def test_the_options_are_the_harmonised_answers() -> None:
    source = load_equality_questions()
    by_id = {s.question.id: s for s in equality.standard_questions()}
    for source_id in ("age", "sex", "gender_identity", "sexual_orientation", "religion", "unpaid_carer"):
        expected = list(source[source_id]["answer_options"])
        assert list(by_id[f"eq_{source_id}"].answers.values()) == expected
    ethnic = by_id["eq_ethnic_group"]
    flat = [a for answers in source["ethnic_group"]["answer_options"].values() for a in answers]
    assert list(ethnic.answers.values()) == flat
    labels = {o.label for o in ethnic.question.options}
    assert "White: Irish" in labels and "Asian or Asian British: Pakistani" in labels
    condition, impact = source["disability"]["recommended_question"]
    assert by_id["eq_disability"].question.text == condition["q"]
    assert list(by_id["eq_disability_impact"].answers.values()) == impact["options"]


def test_the_default_section_leaves_out_the_inclusion_health_questions() -> None:
    section = equality.equality_section()
    ids = {q.id for q in section.questions}
    assert section.kind == "equality"
    assert {
        "eq_age",
        "eq_sex",
        "eq_ethnic_group",
        "eq_disability",
        "eq_disability_impact",
        "eq_postcode_district",
    } <= ids
    assert not ids & {"eq_armed_forces", "eq_homelessness", "eq_gypsy_roma_traveller", "eq_refugee_asylum"}
    inclusion = equality.equality_section({"age", "armed_forces", "refugee_asylum"})
    assert [q.id for q in inclusion.questions] == ["eq_age", "eq_armed_forces", "eq_refugee_asylum"]


def test_a_lead_can_switch_questions_off_and_the_disability_pair_goes_together() -> None:
    chosen = equality.default_topics() - {"sexual_orientation", "disability"}
    ids = {q.id for q in equality.equality_section(chosen).questions}
    assert "eq_sexual_orientation" not in ids
    assert not ids & {"eq_disability", "eq_disability_impact"}


def test_bad_topic_choices_are_refused() -> None:
    with pytest.raises(equality.EqualitySectionError):
        equality.equality_section(set())
    with pytest.raises(equality.EqualitySectionError):
        equality.equality_section({"shoe_size"})


def test_adding_the_section_gives_a_valid_definition_and_adding_again_replaces_it() -> None:
    definition = definition_with()
    assert validate(definition) == []
    assert definition.equality_question_ids() == {q.id for q in equality.equality_section().questions}
    assert equality.chosen_topics(definition) == equality.default_topics()
    again = equality.with_equality_section(definition, {"age", "sex"})
    assert [s.id for s in again.sections] == [s.id for s in definition.sections]
    assert again.equality_question_ids() == {"eq_age", "eq_sex"}


def test_a_question_id_clash_is_refused() -> None:
    clash = SurveyDefinition("T", sections=(Section("s1", "One", questions=(Question("eq_age", "number", "Age?"),)),))
    with pytest.raises(equality.EqualitySectionError, match="eq_age"):
        equality.with_equality_section(clash)


def test_a_hand_edited_section_is_reported() -> None:
    definition = definition_with({"age"})
    section = definition.section(equality.SECTION_ID)
    age = replace(section.questions[0], required=True, options=section.questions[0].options[:-1])
    edited = definition.with_section(replace(section, questions=(age,)))
    problems = equality.equality_problems(edited)
    assert any("must not be required" in p for p in problems)
    assert any("Prefer not to say" in p for p in problems)
    assert equality.equality_problems(definition) == []


# --- answers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "district"),
    [("PR7", "PR7"), (" pr7 ", "PR7"), ("M1", "M1"), ("SW1A", "SW1A"), ("PR7 1AB", "PR7"), ("pr71ab", "PR7"),
     ("M1 1AE", "M1"), ("7PR", None), ("hello", None), ("", None), (None, None), ("PR7 1AB extra", None)],
)  # fmt: skip
def test_postcode_district(typed: str | None, district: str | None) -> None:
    assert equality.postcode_district(typed) == district
    assert (equality.postcode_district_problem(typed) is None) == (district is not None or not (typed or "").strip())


def test_split_answers_takes_out_every_equality_answer_and_keeps_half_a_postcode() -> None:
    definition = definition_with()
    answers = {"colour": "r", "eq_age": "65_to_74", "eq_postcode_district": "pr7 1ab", "eq_sex": "female"}
    survey, equal = equality.split_answers(definition, answers)
    assert survey == {"colour": "r"}
    assert equal == {"eq_age": "65_to_74", "eq_sex": "female", "eq_postcode_district": "PR7"}
    _survey, bad = equality.split_answers(definition, {"eq_postcode_district": "not a postcode"})
    assert bad == {}


def test_answers_become_census_groups() -> None:
    age = category_mapping("age", "16plus")
    assert equality.respondent_group(age, {"eq_age": "16_to_24"}) == "Aged 16 to 24 years"
    assert equality.respondent_group(age, {"eq_age": "prefer_not_to_say"}) is None
    assert equality.respondent_group(age, {}) is None
    assert equality.respondent_group(age, {"eq_age": "something else"}) == equality.UNMATCHED
    adults = category_mapping("age", "18plus")
    assert equality.respondent_group(adults, {"eq_age": "16_to_24"}) == "Aged 18 to 24 years"
    answers = {"eq_ethnic_group": "pakistani"}
    groups = equality.respondent_groups(
        [category_mapping("ethnic_group_5", "16plus"), category_mapping("ethnic_group_8")], answers
    )
    assert groups == {
        "ethnic_group_5": "Asian, Asian British or Asian Welsh",
        "ethnic_group_8": "Asian, Asian British or Asian Welsh",
    }
    irish = {"eq_ethnic_group": "irish"}
    assert equality.respondent_group(category_mapping("ethnic_group_19", "all"), irish) == "White: Irish"


@pytest.mark.parametrize(
    ("condition", "impact", "expected"),
    [
        ("no", None, NOT_DISABLED),
        ("no", "yes_a_lot", NOT_DISABLED),
        ("yes", "yes_a_lot", DISABLED_A_LOT),
        ("yes", "yes_a_little", DISABLED_A_LITTLE),
        ("yes", "not_at_all", NOT_DISABLED),
        ("yes", None, None),
        ("prefer_not_to_say", None, PREFER_NOT_TO_SAY),
        ("yes", "prefer_not_to_say", PREFER_NOT_TO_SAY),
        (None, None, None),
    ],
)
def test_the_two_disability_questions_combine(condition: str | None, impact: str | None, expected: str | None) -> None:
    answers = {k: v for k, v in (("eq_disability", condition), ("eq_disability_impact", impact)) if v}
    assert equality.respondent_answer("disability", answers) == expected


def test_disability_groups_at_each_base() -> None:
    adults = category_mapping("disability", "16plus")
    everyone = category_mapping("disability", "all")
    a_lot = {"eq_disability": "yes", "eq_disability_impact": "yes_a_lot"}
    assert (
        equality.respondent_group(adults, a_lot)
        == "Disabled under the Equality Act: Day-to-day activities limited a lot"
    )
    assert equality.respondent_group(everyone, a_lot) == "Disabled under the Equality Act"
    assert equality.respondent_group(everyone, {"eq_disability": "no"}) == "Not disabled under the Equality Act"


def test_comparisons_follow_who_the_survey_is_for() -> None:
    ids = [q.id for q in all_questions()]
    adults = {m.dimension: m.base for m in equality.comparison_mappings(ids, "16+")}
    assert adults["age"] == "16plus" and adults["ethnic_group_8"] == "16plus" and "ethnic_group_19" not in adults
    over_18 = {m.dimension: m.base for m in equality.comparison_mappings(ids, "18+")}
    assert over_18["age"] == "18plus" and over_18["sex"] == "16plus"
    everyone = {m.dimension: m.base for m in equality.comparison_mappings(ids, "all")}
    assert everyone["sex"] == "all" and everyone["ethnic_group_19"] == "all" and everyone["unpaid_care"] == "5plus"
    only_age = equality.comparison_mappings(["eq_age", "eq_pregnancy_maternity"])
    assert [m.dimension for m in only_age] == ["age"]


# --- areas and custom populations ----------------------------------------------------------------------------


def test_areas_by_code_or_name() -> None:
    assert equality.resolve_areas(f"{CHORLEY}, south ribble") == (CHORLEY, SOUTH_RIBBLE)
    assert equality.resolve_areas(f"{CHORLEY}\n{CHORLEY}") == (CHORLEY,)
    with pytest.raises(equality.AreaChoiceError, match="Nowhere"):
        equality.resolve_areas(f"{CHORLEY}, Nowhere")
    with pytest.raises(equality.AreaChoiceError):
        equality.resolve_areas("  ")
    with pytest.raises(equality.AreaChoiceError, match="not local authorities"):
        equality.resolve_areas(LSC)  # an ICB is chosen from its own list


def test_a_custom_population_survives_storage() -> None:
    text = "dimension,category,count\nsex,Female,600\nsex,Male,400\n"
    parsed = parse_custom_population_csv(text, name="Station Road patients")
    stored = equality.custom_to_store("Station Road patients", parsed)
    back = equality.custom_from_store(stored)
    assert dict(back["sex"].counts) == {"Female": 600, "Male": 400}
    assert back["sex"].area_name == "Station Road patients" and back["sex"].base == parsed["sex"].base


# --- the dashboard ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    channel: str
    submitted_on: date
    answers: dict[str, Any]
    record_key: int = 0


DAY = date(2025, 3, 1)
POLICY = Policy(5)
_keys = iter(range(10**9))


def comparisons(*dimensions: str) -> list[Comparison]:
    found = []
    for dimension in dimensions:
        mapping = category_mapping(dimension)
        found.append(Comparison(dimension.title(), mapping, area_population([LSC], dimension, mapping.base)))
    return found


def rows(count: int, answers: dict[str, Any], channel: str = "web", day: date = DAY) -> list[Row]:
    return [Row(channel, day, dict(answers), (next(_keys) * 101) % 256) for _ in range(count)]


def close(shown: str, real: int) -> bool:
    return abs(int(shown.replace(",", "")) - real) <= 2


def test_the_dashboard_hides_a_group_of_two_and_adds_noise_to_the_rest() -> None:
    data = rows(45, {"eq_sex": "female"}) + rows(2, {"eq_sex": "male"}, "Facebook advert") + rows(3, {})
    view = equality_dashboard.build(data, comparisons("sex"), policy=POLICY)
    (sex,) = view.dimensions
    shown = {row.group: row for row in sex.rows}
    assert shown["Male"].respondents == "fewer than 5" and shown["Male"].respondent_share == "–"
    assert shown["Male"].hidden and shown["Male"].under_represented  # even 4 of 40-odd would be too few
    assert shown["Female"].respondents == "not shown" or close(shown["Female"].respondents, 45)
    assert sex.excluded == "fewer than 5"
    assert view.responses == "50"  # the results page shows how many responses a filter matches
    (short,) = view.still_to_hear_from
    assert (short.group, short.approximate) == ("Male", True)
    assert short.best_channels == ()  # the Facebook advert's 2 responses are below the minimum base
    assert "fewer than 5" in sex.chart.alt
    assert view.attribution.startswith("Source: Office for National Statistics")
    assert any("best fit" in caveat for caveat in view.caveats)


def test_a_view_under_the_minimum_base_shows_nothing_but_a_message() -> None:
    data = rows(40, {"eq_sex": "female"}) + rows(1, {"eq_sex": "male", "eq_postcode_district": "M1"}, "Poster")
    postcode = next(q for q in all_questions() if q.id == equality.POSTCODE_ID)
    view = equality_dashboard.build(
        data, comparisons("sex"), policy=POLICY, channel="Poster", other_questions=[postcode]
    )
    assert view.too_few and view.dimensions == () and view.other_counts == () and view.score.score is None
    assert view.still_to_hear_from == () and "M1" not in str(view)


def test_the_score_is_hidden_below_its_minimum_and_counts_ethnic_group_once() -> None:
    few = rows(30, {"eq_sex": "female", "eq_ethnic_group": "indian"})
    view = equality_dashboard.build(few, comparisons("sex", "ethnic_group_5", "ethnic_group_8"), policy=POLICY)
    assert not view.too_few and view.dimensions  # tables from a first block of 10: the score from 50
    assert view.score.score is None and "at least 50 responses" in view.score.explanation
    many = few + rows(30, {"eq_sex": "male", "eq_ethnic_group": "english_welsh_scottish_norther"})
    view = equality_dashboard.build(many, comparisons("sex", "ethnic_group_5", "ethnic_group_8"), policy=POLICY)
    assert view.score.score is not None and view.score.characteristics == 2
    assert "(2 here, each counted once)" in view.score.explanation


def test_the_score_over_time_is_one_point_per_reporting_block() -> None:
    data = (
        rows(3, {"eq_age": "75_or_over", "eq_sex": "female"}, day=DAY)
        + rows(50, {"eq_age": "65_to_74", "eq_sex": "female"}, day=DAY + timedelta(days=1))
        + rows(60, {"eq_age": "16_to_24", "eq_sex": "male"}, day=DAY + timedelta(days=3))
    )
    assert equality_dashboard.reporting_blocks([r.submitted_on for r in data], 50) == (
        DAY + timedelta(days=1),
        DAY + timedelta(days=3),
    )
    view = equality_dashboard.build(data, comparisons("age", "sex"), policy=POLICY)
    assert [p.day for p in view.score_points] == [DAY + timedelta(days=1), DAY + timedelta(days=3)]
    assert view.score.score is not None
    assert view.score_points[-1].score == pytest.approx(view.score.score)
    assert view.score_points[0].score < view.score_points[-1].score
    assert view.score_chart is not None
    early = equality_dashboard.build(data, comparisons("age", "sex"), policy=POLICY, until=DAY)
    assert early.covered_until == DAY + timedelta(days=1) and early.responses == "53"


def test_views_that_could_differ_by_a_few_people_are_refused() -> None:
    assert equality_dashboard.view_problem(None, DAY, None, None)
    assert equality_dashboard.view_problem(None, None, None, "cy")
    assert equality_dashboard.view_problem(3, None, None, None) is None
    assert equality_dashboard.view_problem(None, None, DAY, None) is None
    assert equality_dashboard.view_problem(3, None, DAY, None) is None  # a channel up to a block end


def test_questions_without_a_census_comparison_name_only_districts_given_by_enough_people() -> None:
    pregnancy = next(q for q in all_questions() if q.id == "eq_pregnancy_maternity")
    postcode = next(q for q in all_questions() if q.id == equality.POSTCODE_ID)
    data = rows(50, {"eq_pregnancy_maternity": "no", "eq_postcode_district": "PR7"}) + rows(
        2, {"eq_pregnancy_maternity": "yes", "eq_postcode_district": "M1"}
    )
    view = equality_dashboard.build(data, comparisons("sex"), policy=POLICY, other_questions=[pregnancy, postcode])
    preg, place = view.other_counts
    cells = {c.category: c.display for c in preg.cells}
    assert cells["Yes"] == "fewer than 5" and list(cells) == ["Yes", "No", NO_ANSWER]
    assert [c.category for c in place.cells] == ["PR7", OTHER_DISTRICTS, NO_ANSWER]
    assert all("M1" not in c.category and "M1" not in c.display for c in place.cells)


def test_an_empty_dashboard() -> None:
    view = equality_dashboard.build([], comparisons("age"), policy=POLICY)
    assert view.too_few and view.score.score is None and view.score_chart is None
    assert view.still_to_hear_from == ()


# --- weighting -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightingRow:
    equality: dict[str, Any]
    survey: dict[str, Any]
    record_key: int = 0


PHONE = Question("phone", "yes_no", "Phone first?")
RATING = Question("rating", "rating", "Rating?", scale_min=1, scale_max=3)


def keys_without_noise(people: int, first: int) -> list[int]:
    """Record keys for a group whose cell key is `first`: 77 to 178 give a perturbation of 0
    (and a group that adds 100 to one of 77 stays in that range), so the test's figures are exact."""
    return [first] + [0] * (people - 1)


def weighting_rows() -> list[WeightingRow]:
    women = [WeightingRow({"eq_sex": "female"}, {"phone": "yes", "rating": 3}, k) for k in keys_without_noise(60, 100)]
    men = [WeightingRow({"eq_sex": "male"}, {"phone": "no", "rating": 1}, k) for k in keys_without_noise(20, 77)]
    skipped = [WeightingRow({}, {"phone": "yes"}, i) for i in range(5)]
    return women + men + skipped


def published(data: list[WeightingRow], *keys: str) -> dict[str, Any]:
    """Each margin's table as the dashboard publishes it for all responses."""
    found = comparisons(*keys)
    frame = equality_dashboard.responses_frame([Row("web", DAY, w.equality, w.record_key) for w in data], found)
    views = equality_dashboard.publish_views(frame, found, POLICY)
    key, _ = equality_dashboard.select(views, None, None)
    assert key is not None
    return {c.key: views.tables[c.key][key] for c in found}


def test_weighting_brings_the_sample_to_the_population() -> None:
    data = weighting_rows()
    result = equality_weighting.weight(
        data, comparisons("sex"), [PHONE, RATING], policy=POLICY, published=published(data, "sex")
    )
    assert result.problem is None
    assert close(result.used, 80) and int(result.left_out) == 85 - int(result.used)
    assert result.convergence is not None and result.convergence.converged
    female = next(c for c in result.checks if c.group == "Female")
    assert female.weighted == female.target == "51%"
    # Every percentage comes from protected counts: 60 women and 20 men, and each answer's count
    # in each group; nobody is both a man and a "Yes", a count hidden like any small one, which
    # counts as none (as would 1 to 4).
    phone, rating = result.questions
    yes = phone.options[0]
    assert (yes.label, yes.unweighted, yes.weighted) == ("Yes", "75%", "51%")
    assert yes.margin_of_error.startswith("± ")
    assert [o.weighted for o in rating.options] == ["49%", "0%", "51%"]
    assert result.design_effect > 1 and result.effective_sample_size % 10 == 0


def test_weighted_results_do_not_move_with_a_count_they_hide() -> None:
    """Two samples that differ only in counts the disclosure layer hides or blurs (0 or 3 men
    said "Yes"; 20 or 17 said "No", both shown as 19) give exactly the same weighted results: a
    weighted and an unweighted percentage cannot be solved together for how many of each group
    chose an answer. Weighting each person by their own weight told them apart (0% against 15% of
    men said "Yes")."""
    women = [WeightingRow({"eq_sex": "female"}, {"phone": "yes"}, k) for k in keys_without_noise(60, 100)]
    no_men_said_yes = [WeightingRow({"eq_sex": "male"}, {"phone": "no"}, k) for k in keys_without_noise(20, 30)]
    three_did = [WeightingRow({"eq_sex": "male"}, {"phone": "yes"}, k) for k in keys_without_noise(3, 46)] + [
        WeightingRow({"eq_sex": "male"}, {"phone": "no"}, k) for k in keys_without_noise(17, 240)
    ]
    results = []
    for data in (women + no_men_said_yes, women + three_did):
        found = equality_weighting.weight(
            data, comparisons("sex"), [PHONE], policy=POLICY, published=published(data, "sex")
        )
        assert found.problem is None
        results.append(found)
    assert results[0] == results[1]


def test_combinations_are_counted_as_the_disclosure_layer_shows_them() -> None:
    rng = random.Random(7)
    cells = [(n, rng.randrange(256)) for n in range(40) for _ in range(8)]
    of_row = np.array([i for i, (n, _key) in enumerate(cells) for _ in range(n)], dtype=np.int64)
    keys = np.array([key if j == 0 else 0 for n, key in cells for j in range(n)], dtype=np.int64)
    found = protected_counts(of_row, keys, len(cells), POLICY)
    expected = [protect(Count(n, key), POLICY.threshold) for n, key in cells]
    assert found.tolist() == [float(p.value) if p.shown else 0.0 for p in expected]


def test_margins_whose_combinations_are_all_too_small_for_a_group_are_refused() -> None:
    """Eight men (shown on the dashboard), four of each gender identity: neither combination has
    enough people to use, so weighting by sex and gender identity together is refused."""
    cells = [("female", "yes", 30), ("female", "no_write_in_gender_identity_op", 10),
             ("male", "yes", 4), ("male", "no_write_in_gender_identity_op", 4)]  # fmt: skip
    data = [
        WeightingRow({"eq_sex": sex, "eq_gender_identity": identity}, {"phone": "yes"}, next(_keys) % 256)
        for sex, identity, people in cells
        for _ in range(people)
    ]
    margins = [even_population("sex"), even_population("gender_identity")]
    tables = published_tables(data, margins)
    assert tables["sex"].cells["Male"].shown  # so not the refusal of a hidden group
    result = equality_weighting.weight(data, margins, [PHONE], policy=POLICY, published=tables)
    assert result.problem == str(equality_weighting.TOO_FEW_ALIKE)


def test_a_margin_with_a_hidden_group_is_refused_naming_only_hidden_groups() -> None:
    data = [WeightingRow({"eq_sex": "female"}, {}, i) for i in range(50)] + [
        WeightingRow({"eq_sex": "male"}, {}, 9)
    ] * 2
    result = equality_weighting.weight(
        data, comparisons("sex"), [PHONE], policy=POLICY, published=published(data, "sex")
    )
    assert result.problem is not None and "too small to show" in result.problem and "“Male”" in result.problem
    nobody = [WeightingRow({"eq_sex": "female"}, {}, i) for i in range(50)]
    none_result = equality_weighting.weight(
        nobody, comparisons("sex"), [PHONE], policy=POLICY, published=published(nobody, "sex")
    )
    assert none_result.problem == result.problem  # 0 and 2 read the same: no "nobody is in" message


def published_tables(data: list[WeightingRow], margins: list[Comparison]) -> dict[str, Any]:
    """Each margin's table as the dashboard publishes it for all responses."""
    frame = equality_dashboard.responses_frame([Row("web", DAY, w.equality, w.record_key) for w in data], margins)
    views = equality_dashboard.publish_views(frame, margins, POLICY)
    view, _ = equality_dashboard.select(views, None, None)
    assert view is not None
    return {c.key: views.tables[c.key][view] for c in margins}


def even_population(dimension: str) -> Comparison:
    """A comparison whose population splits evenly between its two groups (round targets)."""
    (found,) = comparisons(dimension)
    first = {}
    for category, group in found.mapping.census_to_group.items():
        if group is not None:
            first.setdefault(group, category)
    counts = dict.fromkeys(found.population.counts, 0) | dict.fromkeys(first.values(), 1000)
    return replace(found, population=replace(found.population, counts=counts))


def test_weighted_percentages_come_from_each_respondents_own_weight() -> None:
    """Raking to two margins (sex, gender identity), each split 50/50 in the population, from a
    sample in which the two are independent, so every respondent's raking weight is known by hand:
    (target share / sample share) for their sex times the same for their gender identity.

        cell (sex, same gender identity?)  people  weight               answered "Yes"
        Female, same                       24      0.75 x 0.75 = 0.5625  6
        Female, different                  12      0.75 x 1.5  = 1.125   12
        Male, same                         12      1.5  x 0.75 = 1.125   0
        Male, different                     6      1.5  x 1.5  = 2.25    3

    Every figure comes from protected counts (record keys chosen so that no count gets noise), and
    a count of answers under 5 ("fewer than 5", 0 included) counts as none however many it really
    is: the men's "Yes" (0 and 3) and the different-identity women's and men's "No" (0 and 3), so
    the four cells hold 6+18, 12+0, 0+12 and 0+0 answers (the six men whose gender identity is
    different from their sex at birth give no answer that counts: each of their answers is small).

    Weighted "Yes" = (6 x 0.5625 + 12 x 1.125) / (24 x 0.5625 + 12 x 1.125 + 12 x 1.125) = 16.875 / 40.5
    = 41.7%: "42%" (43.75% from every person's own answer); unweighted 18 / 48 = 38% (39%).
    Shortcuts over groups give other figures: by sex alone 50% x 50% + 50% x 16.7% = 33%, by
    gender identity alone 50% x 16.7% + 50% x 83.3% = 50%."""
    cells = [("female", "yes", 24, 6), ("female", "no_write_in_gender_identity_op", 12, 12),
             ("male", "yes", 12, 0), ("male", "no_write_in_gender_identity_op", 6, 3)]  # fmt: skip
    data = []
    for sex, identity, people, yes in cells:
        groups = {"eq_sex": sex, "eq_gender_identity": identity}
        keys = (keys_without_noise(yes, 100) if yes else []) + (
            keys_without_noise(people - yes, 77) if people > yes else []
        )
        data.extend(WeightingRow(groups, {"phone": "yes" if i < yes else "no"}, k) for i, k in enumerate(keys))
    margins = [even_population("sex"), even_population("gender_identity")]
    tables = published_tables(data, margins)
    result = equality_weighting.weight(data, margins, [PHONE], policy=POLICY, published=tables)
    assert result.problem is None and result.convergence is not None and result.convergence.converged
    assert {(c.group, c.target, c.weighted) for c in result.checks} == {
        ("Female", "50%", "50%"), ("Male", "50%", "50%"),
        ("Gender identity the same as sex registered at birth", "50%", "50%"),
        ("Gender identity different from sex registered at birth", "50%", "50%"),
    }  # fmt: skip
    yes, no = result.questions[0].options
    assert (yes.unweighted, yes.weighted) == (percent(18 / 48), percent(16.875 / 40.5))
    assert (no.unweighted, no.weighted) == (percent(30 / 48), percent((18 * 0.5625 + 12 * 1.125) / 40.5))
    # The design effect from those weights by hand: n * sum(w^2) / sum(w)^2 = 1.265625, shown as 1.3.
    assert result.design_effect == 1.3


def test_weighting_needs_a_margin_and_enough_people() -> None:
    assert equality_weighting.weight(weighting_rows(), [], [PHONE], policy=POLICY).problem
    few = [WeightingRow({"eq_sex": "female"}, {"phone": "yes"}, 3)] * 9
    assert "Fewer than 10" in (equality_weighting.weight(few, comparisons("sex"), [PHONE], policy=POLICY).problem or "")


# --- charts ----------------------------------------------------------------------------------------------------


def test_the_comparison_chart_is_an_svg_with_both_series_and_words() -> None:
    bars = [ComparisonBar("Female", 0.51, 0.64), ComparisonBar("Male", 0.49, None, "fewer than 5")]
    chart = comparison_chart("Sex", bars)
    svg = base64.b64decode(chart.data_uri.split(",", 1)[1]).decode()
    assert svg.startswith("<?xml") and "#0072b2" in svg.lower() and "#d55e00" in svg.lower()
    assert chart.alt == comparison_alt("Sex", bars)
    assert "Female: population 51%, respondents 64%" in chart.alt and "respondents fewer than 5" in chart.alt
    assert comparison_chart("Sex", bars).data_uri == chart.data_uri  # same input, same bytes


def test_the_score_chart_says_the_range_in_words() -> None:
    points = [ScorePoint(DAY, 0.8), ScorePoint(DAY + timedelta(days=2), 0.9)]
    chart = score_chart(points)
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert "0.80 on 01 March 2025" in chart.alt and "highest 0.90" in chart.alt


def test_the_chart_module_never_uses_pyplot() -> None:
    from pathlib import Path

    import toolkit.equality_charts

    source = Path(toolkit.equality_charts.__file__).read_text()
    assert "import pyplot" not in source and "matplotlib.pyplot" not in source


@pytest.mark.parametrize("count", [1, 2, 5, 12, 40])
def test_the_score_chart_date_labels_never_overlap(count: int) -> None:
    from toolkit.equality_charts import _draw_score

    points = [ScorePoint(DAY + timedelta(days=i), 0.5 + i / 100) for i in range(count)]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _draw_score(points, ("Score", "Date"))
    renderer = FigureCanvasAgg(figure).get_renderer()
    boxes = [label.get_window_extent(renderer) for label in figure.axes[0].get_xticklabels() if label.get_text()]
    assert 1 <= len(boxes) <= 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_who_we_still_need_to_hear_from_opens_with_seldom_heard_groups_not_majorities() -> None:
    # Women (51% of the area) are a quarter of respondents, and nobody aged 35 or over answered:
    # the age groups are listed, women (a majority group) are not.
    data = rows(45, {"eq_sex": "male", "eq_age": "16_to_24"}) + rows(15, {"eq_sex": "female", "eq_age": "25_to_34"})
    view = equality_dashboard.build(data, comparisons("sex", "age"), policy=POLICY)
    listed = [(s.dimension, s.group) for s in view.still_to_hear_from]
    assert listed, "some groups are under-represented"
    population = {(d.label, r.group): r.population_share for d in view.dimensions for r in d.rows}
    assert all(int(population[item].rstrip("%")) < 50 for item in listed)  # no majority group
    assert listed[0][1] != "Female" or len(listed) == 1  # 51% of the area: never listed
    assert ("Sex", "Female") not in listed
    assert (
        view.overview is not None
        and "Sex: Male" in view.overview.alt
        and "Age: Aged 75 years and over" in view.overview.alt
    )


# --- published tables kept between processes ---------------------------------------------------------------


def test_published_tables_kept_as_json_come_back_the_same_and_are_not_audited_again() -> None:
    found = comparisons("sex", "age")
    rows = [Row("web" if i % 3 else "paper", DAY - timedelta(days=i % 4), {"eq_sex": "female"}, i) for i in range(90)]
    frame = equality_dashboard.responses_frame(rows, found)
    cells = equality_dashboard.cells(frame, equality_dashboard.fields(found, ()))
    audited = equality_dashboard.publish_from_cells(cells, found, POLICY, DAY + timedelta(days=1))
    kept = json.loads(json.dumps(equality_blocks.tables_to_json(audited.tables)))
    assert equality_blocks.tables_from_json(kept) == audited.tables
    again = equality_dashboard.publish_from_cells(
        cells, found, POLICY, DAY + timedelta(days=1), tables=equality_blocks.tables_from_json(kept)
    )
    assert again.tables == audited.tables and again.keys == audited.keys
    # Tables that do not fit these cells (a column or a view missing) are not used: audited afresh.
    partial = {"sex": kept["sex"]}
    refitted = equality_dashboard.publish_from_cells(
        cells, found, POLICY, DAY + timedelta(days=1), tables=equality_blocks.tables_from_json(partial)
    )
    assert refitted.tables == audited.tables


def test_the_digest_of_cells_follows_their_content_not_their_order() -> None:
    found = comparisons("sex")
    rows = [Row("web", DAY - timedelta(days=i % 3), {"eq_sex": "male" if i % 2 else "female"}, i) for i in range(90)]
    frame = equality_dashboard.responses_frame(rows, found)
    cells = equality_dashboard.cells(frame, equality_dashboard.fields(found, ()))
    shuffled = cells.sample(frac=1, random_state=1)
    assert equality_blocks.cells_digest(shuffled) == equality_blocks.cells_digest(cells)
    changed = cells.copy()
    changed.loc[0, equality_blocks.N] += 1
    assert equality_blocks.cells_digest(changed) != equality_blocks.cells_digest(cells)
    complete = equality_blocks.complete_cells(cells, POLICY, DAY)  # the last day is still open
    # 30 a day: the first block (10 will do) is the first day; the next 30 wait for a block of 50
    assert set(complete[equality_blocks.DAY]) == {DAY - timedelta(days=2)}


@pytest.mark.parametrize("seed", range(20))
def test_a_district_first_given_in_a_later_block_leaves_what_earlier_blocks_published_as_it_was(seed: int) -> None:
    """Postcode districts are the one column whose categories grow (every district anyone gave):
    publishing again with a new one must not change a figure already shown for an earlier view."""
    postcode = next(q for q in all_questions() if q.id == equality.POSTCODE_ID)
    found = comparisons("sex")
    chance = random.Random(seed)

    def people(count: int, day: date, districts: list[str]) -> list[Row]:
        return [
            Row(chance.choice(["web", "paper", "web"]), day,
                {"eq_sex": chance.choice(["female", "male"]), "eq_postcode_district": chance.choice(districts)},
                chance.randrange(256))
            for _ in range(count)
        ]  # fmt: skip

    first = people(chance.randrange(60, 120), DAY - timedelta(days=3), ["PR7", "PR1", "PR2"])
    second = people(chance.randrange(50, 90), DAY - timedelta(days=2), ["PR7", "BB1", "LA1", "PR1"])
    third = people(chance.randrange(50, 90), DAY - timedelta(days=1), ["PR2", "FY1", "BB1", "M1", "PR7"])

    def published(data: list[Row]) -> equality_blocks.Published:
        frame = equality_dashboard.responses_frame(data, found, [postcode])
        cells = equality_dashboard.cells(frame, equality_dashboard.fields(found, [postcode]))
        return equality_dashboard.publish_from_cells(cells, found, POLICY, DAY, [postcode])

    stages = [published(first), published(first + second), published(first + second + third)]
    for before, after in itertools.pairwise(stages):
        assert len(after.ends) > len(before.ends)
        for column, views in before.tables.items():
            for key, table in views.items():
                again = after.tables[column][key]
                assert again.total == table.total
                assert {c: again.cells[c] for c in table.cells} == dict(table.cells), (column, key)
                # A district nobody in the earlier view gave: not a figure anyone can use.
                assert all(not again.cells[c].shown for c in set(again.cells) - set(table.cells)), (column, key)
