"""toolkit.dateinput: the NHS.UK date input (day, month and year boxes) as a WTForms field,
its messages for missing and impossible parts, and how it renders through render_field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import InputRequired, Optional

from toolkit.dateinput import DateInputError, DateInputField, parse_parts
from toolkit.forms import error_summary_params, field_params, macro_name
from toolkit.templating import nhsuk_field

TEMPLATES = Path(__file__).resolve().parents[3] / "toolkit" / "templates"


class ExampleForm(Form):
    closes_on = DateInputField("Closes on", validators=[Optional()], what="The close date")
    born_on = DateInputField("Date of birth", validators=[InputRequired("Enter your date of birth")])


def typed(**boxes: str) -> MultiDict[str, str]:
    """Form data with the given boxes, e.g. typed(closes_on_day="31") -> closes_on-day=31."""
    return MultiDict(
        {
            name.replace("_day", "-day").replace("_month", "-month").replace("_year", "-year"): v
            for name, v in boxes.items()
        }
    )


def parts(day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    return {"day": day, "month": month, "year": year}


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        (parts("31", "3", "2026"), date(2026, 3, 31)),
        (parts("01", "03", "2026"), date(2026, 3, 1)),
        (parts(" 5 ", "12", "2026"), date(2026, 12, 5)),
        (parts("5", "March", "2026"), date(2026, 3, 5)),
        (parts("5", "sept", "2026"), date(2026, 9, 5)),
        (parts("29", "2", "2028"), date(2028, 2, 29)),
        (parts(), None),
    ],
)
def test_a_typed_date_becomes_a_date(boxes: dict[str, str], expected: date | None) -> None:
    assert parse_parts(boxes) == expected


@pytest.mark.parametrize(
    ("boxes", "message", "marked"),
    [
        (parts("", "3", "2026"), "The date must include a day", ("day",)),
        (parts("31", "", "2026"), "The date must include a month", ("month",)),
        (parts("31", "3", ""), "The date must include a year", ("year",)),
        (parts("", "", "2026"), "The date must include a day and month", ("day", "month")),
        (parts("", "3", ""), "The date must include a day and year", ("day", "year")),
        (parts("31", "", ""), "The date must include a month and year", ("month", "year")),
        (parts("31", "13", "2026"), "The date must be a real date", ("month",)),
        (parts("32", "1", "2026"), "The date must be a real date", ("day",)),
        (parts("0", "1", "2026"), "The date must be a real date", ("day",)),
        (parts("x", "y", "2026"), "The date must be a real date", ("day", "month")),
        (parts("31", "2", "2026"), "The date must be a real date", ("day",)),
        (parts("29", "2", "2027"), "The date must be a real date", ("day",)),
        (parts("31", "3", "26"), "Year must include 4 numbers", ("year",)),
        (parts("31", "3", "20266"), "Year must include 4 numbers", ("year",)),
    ],
)
def test_missing_and_impossible_parts_say_which_box(
    boxes: dict[str, str], message: str, marked: tuple[str, ...]
) -> None:
    with pytest.raises(DateInputError) as problem:
        parse_parts(boxes)
    assert str(problem.value.message) == message
    assert problem.value.parts == marked


def test_the_field_reads_its_three_boxes() -> None:
    form = ExampleForm(
        typed(
            closes_on_day="31",
            closes_on_month="3",
            closes_on_year="2026",
            born_on_day="1",
            born_on_month="2",
            born_on_year="1990",
        )
    )
    assert form.validate(), form.errors
    assert form.closes_on.data == date(2026, 3, 31)
    assert form.born_on.data == date(1990, 2, 1)


def test_blank_is_allowed_when_optional_and_asked_for_when_required() -> None:
    form = ExampleForm(typed(closes_on_day="", born_on_day=""))
    assert not form.validate()
    assert form.closes_on.data is None and form.closes_on.errors == []
    assert form.born_on.errors == ["Enter your date of birth"]
    assert form.born_on.marked_parts == ("day", "month", "year")


def test_the_named_date_is_in_the_message_and_typed_text_is_kept() -> None:
    form = ExampleForm(
        typed(
            closes_on_day="31",
            closes_on_month="feb",
            closes_on_year="2026",
            born_on_day="1",
            born_on_month="2",
            born_on_year="1990",
        )
    )
    assert not form.validate()
    assert [str(e) for e in form.closes_on.errors] == ["The close date must be a real date"]
    assert form.closes_on.parts == {"day": "31", "month": "feb", "year": "2026"}
    assert form.closes_on.error_target_id == "closes_on-day"


def test_a_stored_date_fills_the_boxes() -> None:
    form = ExampleForm(data={"closes_on": date(2026, 3, 31), "born_on": "1990-02-01"})
    assert form.closes_on.parts == {"day": "31", "month": "3", "year": "2026"}
    assert form.born_on.parts == {"day": "1", "month": "2", "year": "1990"}  # ISO text, as kept in JSON


def test_params_name_each_box_mark_the_wrong_one_and_give_the_uk_hint() -> None:
    form = ExampleForm(
        typed(closes_on_day="31", closes_on_year="2026", born_on_day="1", born_on_month="2", born_on_year="1990")
    )
    form.validate()
    assert macro_name(form.closes_on) == "dateInput"
    params = field_params(form.closes_on)
    assert params["hint"] == {"text": "For example, 31 3 2026"}
    assert params["fieldset"]["legend"]["text"] == "Closes on"
    assert params["errorMessage"]["text"] == "The close date must include a month"
    items = {item["name"]: item for item in params["items"]}
    assert list(items) == ["closes_on-day", "closes_on-month", "closes_on-year"]
    assert items["closes_on-month"]["classes"] == "nhsuk-input--error"
    assert "classes" not in items["closes_on-day"]
    assert items["closes_on-day"]["value"] == "31"
    assert items["closes_on-year"]["width"] == 4
    summary = error_summary_params(form, "There is a problem")
    assert summary is not None
    assert summary["errorList"] == [{"text": "The close date must include a month", "href": "#closes_on-month"}]


def render(form: Form, name: str) -> BeautifulSoup:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), PackageLoader("nhsuk_frontend_jinja")]),
        autoescape=True,
        undefined=ChainableUndefined,
    )
    env.globals.update(field_params=field_params, field_macro_name=macro_name, nhsuk_field=nhsuk_field)
    template = env.from_string('{% from "toolkit/fields.html" import render_field %}{{ render_field(field) }}')
    return BeautifulSoup(template.render(field=form[name]), "html.parser")


def test_it_renders_as_three_labelled_numeric_boxes_in_a_fieldset() -> None:
    form = ExampleForm(typed(closes_on_day="31", closes_on_month="13", closes_on_year="2026"))
    form.validate()
    html = render(form, "closes_on")
    assert html.select_one("fieldset legend").get_text(strip=True) == "Closes on"
    boxes = html.select("input")
    assert [b["name"] for b in boxes] == ["closes_on-day", "closes_on-month", "closes_on-year"]
    assert [b["id"] for b in boxes] == ["closes_on-day", "closes_on-month", "closes_on-year"]
    assert all(b["inputmode"] == "numeric" and b["type"] == "text" for b in boxes)
    assert [html.select_one(f'label[for="{b["id"]}"]').get_text(strip=True) for b in boxes] == ["Day", "Month", "Year"]
    assert [b["value"] for b in boxes] == ["31", "13", "2026"]
    assert ["nhsuk-input--error" in b["class"] for b in boxes] == [False, True, False]
    assert "For example, 31 3 2026" in html.select_one(".nhsuk-hint").get_text()
    assert "must be a real date" in html.select_one(".nhsuk-error-message").get_text()
    assert not html.select('input[type="date"]')
