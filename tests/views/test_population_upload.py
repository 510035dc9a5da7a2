"""A lead's own population table: numbers too big or that could be read two ways are refused
with their row number (never a 500, never a guess), and each dimension keeps its own source's
attribution (census figures keep the ONS licence line beside a lead's own table)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from surveys.equality import repository as equality_repository
from tests.helpers import check_page, sign_in
from tests.views.test_equality import LSC, add_people, equality_survey, upload, url
from toolkit.population import tables


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("1" * 30, "more than 100,000,000 people"),
        ("9" * 5000, "more than 100,000,000 people"),
        ("12,5", "could be read more than one way"),
        ("1.520", "could be read more than one way"),
        ("1,52", "could be read more than one way"),
        ("1,5200", "not a whole number"),
        ("٣٠", "not a whole number"),
    ],
)
def test_a_count_too_big_or_ambiguous_is_refused_with_its_row(client: FlaskClient, count: str, message: str) -> None:
    sign_in(client, "lead")
    survey = equality_survey()
    text = f'dimension,category,count\nsex,Female,"{count}"\nsex,Male,400\n'
    problems = check_page(upload(client, survey, text), 400).select_one("#file-problems").get_text()
    assert "Row 2:" in problems and message in problems
    assert equality_repository.population_settings(survey.id).custom is None


def test_thousands_separators_in_groups_of_three_are_read(client: FlaskClient) -> None:
    sign_in(client, "lead")
    survey = equality_survey()
    assert upload(client, survey, 'dimension,category,count\nsex,Female,"1,520"\nsex,Male,1 400\n').status_code == 302
    stored = equality_repository.population_settings(survey.id).custom
    assert stored is not None and stored["dimensions"]["sex"]["counts"] == {"Female": 1520, "Male": 1400}


def test_an_age_only_custom_table_keeps_the_census_licence_for_the_other_dimensions(client: FlaskClient) -> None:
    from tests.helpers import sign_in

    sign_in(client, "lead")
    survey = equality_survey(area=[LSC])
    ages = "\n".join(f"age,{c},100" for c, _ in tables.AGE_16_PLUS)
    assert upload(client, survey, f"dimension,category,count\n{ages}\n").status_code == 302
    add_people(survey, 60, {"eq_age": "25_to_34", "eq_sex": "female"})  # a whole reporting block
    attribution = check_page(client.get(url(survey, "representativeness"))).select_one("#attribution")
    assert attribution is not None
    text = attribution.get_text(" ", strip=True)
    assert "supplied by the survey lead" in text
    assert "Office for National Statistics" in text or "ONS" in text
    assert attribution.find("a", href=True) is not None  # the Open Government Licence link
