"""toolkit.views, the form page every area's views share: 200 when shown, 400 when a POST comes
back to it with errors (field errors or problems of the whole form), 200 when the POST only asked
to check; and or_404."""

from __future__ import annotations

import pytest
from flask import Flask, request
from flask_babel import Babel
from jinja2 import DictLoader
from werkzeug.exceptions import NotFound
from wtforms import Form, StringField
from wtforms.validators import InputRequired

from toolkit.views import bad_request_if, form_page, form_page_with_problems, or_404

TEMPLATE = (
    "{% if error_summary %}{% for e in error_summary.errorList %}[{{ e.text }}|{{ e.href }}]{% endfor %}{% endif %}"
)


class NameForm(Form):
    name = StringField("Name", validators=[InputRequired("Enter a name")])


@pytest.fixture
def app() -> Flask:
    application = Flask(__name__)
    application.jinja_loader = DictLoader({"page.html": TEMPLATE})
    Babel(application)
    return application


def test_a_form_shown_by_get_is_200(app: Flask) -> None:
    with app.test_request_context("/", method="GET"):
        assert form_page("page.html", NameForm()) == ""


def test_a_post_with_field_errors_is_400_with_a_summary_linking_the_field(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={}):
        form = NameForm(request.form)
        assert not form.validate()
        assert form_page("page.html", form) == ("[Enter a name|#name]", 400)


def test_problems_of_the_whole_form_are_400_and_link_the_first_field(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={"name": "Ann"}):
        form = NameForm(request.form)
        assert form.validate()
        assert form_page_with_problems("page.html", form, ["That move would break routing"]) == (
            "[That move would break routing|#name]",
            400,
        )


def test_checking_without_saving_is_200(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={}):
        form = NameForm(request.form)
        form.validate()
        html = form_page_with_problems("page.html", form, (), checking=True)
        assert isinstance(html, str) and "Enter a name" in html


def test_bad_request_if_and_or_404() -> None:
    assert bad_request_if("page", True) == ("page", 400)
    assert bad_request_if("page", False) == "page"
    assert or_404(0) == 0  # found things that are falsy are still found
    with pytest.raises(NotFound):
        or_404(None)
