"""The Jinja speed-ups change nothing that is rendered: an empty field's HTML is reused, a field
with an answer is drawn afresh and never kept, and text and markup are never taken for each other."""

from __future__ import annotations

from markupsafe import Markup

from toolkit import templating


def test_an_empty_field_is_drawn_once_and_an_answered_one_is_never_kept(app):
    templating._drawn.clear()
    params = {"name": "colour", "idPrefix": "colour", "items": [{"value": "red", "text": "Red"}]}
    with app.test_request_context():
        first = templating.nhsuk_field(app.jinja_env, "radios", params, empty=True)
        again = templating.nhsuk_field(app.jinja_env, "radios", dict(params), empty=True)
        answered = {**params, "items": [{"value": "red", "text": "Red", "checked": True}]}
        drawn = templating.nhsuk_field(app.jinja_env, "radios", answered, empty=False)
    assert first is again and 'value="red"' in first
    assert "checked" in drawn and len(templating._drawn) == 1


def test_text_and_markup_with_the_same_characters_are_drawn_apart(app):
    templating._drawn.clear()
    with app.test_request_context():
        as_text = templating.nhsuk_field(
            app.jinja_env, "input", {"name": "q", "label": {"text": "<b>Hi</b>"}}, empty=True
        )
        as_markup = templating.nhsuk_field(
            app.jinja_env, "input", {"name": "q", "label": {"html": Markup("<b>Hi</b>")}}, empty=True
        )
    assert "&lt;b&gt;Hi" in as_text and "<b>Hi</b>" in as_markup
    assert len(templating._drawn) == 2
