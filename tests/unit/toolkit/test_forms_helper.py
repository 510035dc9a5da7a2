"""toolkit.forms turns any WTForms field into NHS.UK macro parameters."""

from werkzeug.datastructures import MultiDict
from wtforms import Form, IntegerField, PasswordField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from toolkit.forms import error_summary_params, field_params, macro_name


class ExampleForm(Form):
    colour = RadioField("Colour", choices=[("red", "Red"), ("blue", "Blue")], validators=[InputRequired("Pick one")])
    things = SelectMultipleField("Things", choices=[("a", "A"), ("b", "B")])
    story = TextAreaField("Story", validators=[Length(max=50)])
    notes = TextAreaField("Notes")
    name = StringField("Name")
    age = IntegerField("Age")
    secret = PasswordField("Secret")


def test_macro_for_each_field_kind():
    form = ExampleForm()
    kinds = {field.name: macro_name(field) for field in form}
    assert kinds == {
        "colour": "radios",
        "things": "checkboxes",
        "story": "characterCount",
        "notes": "textarea",
        "name": "input",
        "age": "input",
        "secret": "input",
    }


def test_radios_carry_legend_items_checked_state_and_error():
    form = ExampleForm(MultiDict({"colour": "blue"}))
    params = field_params(form.colour, hint="Your favourite", page_heading=True)
    assert params["fieldset"]["legend"] == {
        "text": "Colour",
        "isPageHeading": True,
        "classes": "nhsuk-fieldset__legend--l",
    }
    assert [(i["value"], i["checked"]) for i in params["items"]] == [("red", False), ("blue", True)]
    assert params["hint"] == {"text": "Your favourite"} and "errorMessage" not in params
    form = ExampleForm(MultiDict({}))
    form.validate()
    # The macro's own "Error:" prefix is English: the helper gives it the translated one.
    assert field_params(form.colour)["errorMessage"] == {"text": "Pick one", "visuallyHiddenText": "Error"}


def test_checkboxes_and_conditional_other():
    form = ExampleForm(MultiDict([("things", "a"), ("things", "b")]))
    params = field_params(form.things, conditional={"b": "<p>more</p>"})
    assert all(item["checked"] for item in params["items"])
    assert params["items"][1]["conditional"] == {"html": "<p>more</p>"}


def test_text_inputs_keep_value_but_never_echo_a_password():
    form = ExampleForm(MultiDict({"story": "Once", "age": "7", "secret": "hunter2"}))
    assert field_params(form.story)["maxlength"] == 50
    assert field_params(form.story)["value"] == "Once"
    assert field_params(form.age)["inputmode"] == "numeric"
    assert "value" not in field_params(form.secret)


def test_error_summary_links_each_error_to_its_field():
    form = ExampleForm(MultiDict({"story": "x" * 51}))
    form.validate()
    summary = error_summary_params(form, "There is a problem")
    assert summary["titleText"] == "There is a problem"
    assert {"text": "Pick one", "href": "#colour"} in summary["errorList"]
    assert any(item["href"] == "#story" for item in summary["errorList"])
    assert error_summary_params(ExampleForm(), "x") is None
