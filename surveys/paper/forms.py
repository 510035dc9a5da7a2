"""Staff forms for the easy-read, print and paper pages: easy-read wording and
pictures, asking for printed copies, keying a returned copy, settling a mismatch."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from surveys import questions
from surveys.easy_read import model as easy_read
from surveys.easy_read.repository import EasyReadChange
from surveys.model import Question, SurveyDefinition
from surveys.paper import model as paper
from surveys.paper import printing
from surveys.paper.repository import Mismatch
from toolkit.text import lazy as _l

REFERENCE_FIELD = "paper-reference"  # a hyphen: never a question id
VERSION_FIELD = "paper-version"  # the survey version whose questions the keyer was shown


# --- easy-read wording and pictures ------------------------------------------------------------


class EasyReadForm(FlaskForm):
    easy_read_text = TextAreaField(
        _l("Easy-read wording"),
        validators=[Optional(), Length(max=500, message=_l("Easy-read wording must be 500 characters or fewer"))],
    )
    easy_read_scale = RadioField(
        _l("Show the answers as"),
        choices=[("", _l("Numbers")), (easy_read.SMILEY, _l("Smiley faces with words"))],
        default="",
    )
    picture = FileField(_l("Upload a picture"))
    image_alt = StringField(
        _l("Describe the picture for people who cannot see it"),
        validators=[Optional(), Length(max=300, message=_l("The description must be 300 characters or fewer"))],
    )
    remove_picture = BooleanField(_l("Remove the picture"))


def easy_read_form(question: Question) -> EasyReadForm:
    form = EasyReadForm(
        data={
            "easy_read_text": question.easy_read_text,
            "easy_read_scale": question.easy_read_scale,
            "image_alt": question.image_alt,
        }
    )
    if not question.kind.scale:
        del form.easy_read_scale
    if not question.image_id:
        del form.remove_picture
    return form


def easy_read_change(form: EasyReadForm, question: Question) -> EasyReadChange | None:
    """The change the form asks for, or None with the problems put on the form's fields."""
    upload = form.picture.data
    content = upload.read(easy_read.MAX_PICTURE_BYTES + 1) if upload and getattr(upload, "filename", "") else None
    mime = ""
    if content is not None:
        try:
            mime = easy_read.picture_type(content)
        except easy_read.PictureError as error:
            form.picture.errors = [str(error)]
            return None
    removing = "remove_picture" in form and bool(form.remove_picture.data)
    keeps_picture = content is not None or (question.image_id and not removing)
    alt = (form.image_alt.data or "").strip()
    if keeps_picture and not alt:
        form.image_alt.errors = [_l("Describe the picture, for people who cannot see it")]
        return None
    return EasyReadChange(
        question_id=question.id,
        easy_read_text=form.easy_read_text.data or "",
        easy_read_scale=form.easy_read_scale.data if "easy_read_scale" in form else "",
        image_alt=alt,
        picture=content,
        picture_type=mime,
        remove_picture=removing and content is None,
    )


# --- printing -----------------------------------------------------------------------------------


class PrintForm(FlaskForm):
    """The print form: a POST with its CSRF token, since each copy's reference is recorded."""

    variant = RadioField(
        _l("Version"),
        choices=[(key, name) for key, name in printing.VARIANT_NAMES.items()],
        default="standard",
        validators=[InputRequired(_l("Choose a version"))],
    )
    # Not "lang": that would also switch the staff member's own interface language.
    language = SelectField(_l("Language"), default="en")
    copies = IntegerField(
        _l("Number of copies"),
        default=1,
        validators=[
            InputRequired(_l("Enter how many copies to print")),
            NumberRange(min=1, max=printing.MAX_COPIES, message=printing.TOO_MANY_COPIES),
        ],
    )


def print_form(formdata: Any, language_names: list[tuple[str, str]]) -> PrintForm:
    form = PrintForm(formdata=formdata or None)
    form.language.choices = language_names
    return form


class DoubleKeyingForm(FlaskForm):
    double_keying = BooleanField(_l("Every returned copy must be keyed twice, ideally by two different people"))


# --- keying a returned copy ------------------------------------------------------------------------


class EntryForm(FlaskForm):
    """Base for the keying form built from a survey version."""


def _paper_question(number: int, question: Question) -> Question:
    """As keyed from paper: numbered as printed, nothing required (a paper respondent may leave
    anything out, or answer a question the web version would have skipped)."""
    return replace(question, text=f"{number}. {question.text}", required=False, show_if=None)


def entry_form(definition: SurveyDefinition) -> FlaskForm:
    fields: dict[str, Any] = {
        REFERENCE_FIELD: StringField(
            _l("Reference number printed on the copy"),
            validators=[InputRequired(_l("Enter the reference number printed on the copy"))],
        ),
        VERSION_FIELD: HiddenField(),
    }
    for item in paper.numbered_questions(definition):
        if item.number is not None:
            fields.update(questions.form_fields(_paper_question(item.number, item.question)))
    return type("PaperEntryForm", (EntryForm,), fields)()


def posted_reference(formdata: Any) -> str | None:
    """The copy reference a keying form posted, as printed; None if it cannot be one.
    Read before the form is built: the copy decides which version's questions it has."""
    return paper.normalise_reference(formdata.get(REFERENCE_FIELD, ""))


def shown_version(form: FlaskForm) -> int | None:
    """The number of the survey version whose questions the keyer saw, if the form said."""
    raw = form[VERSION_FIELD].data or ""
    return int(raw) if raw.isdigit() else None


def entry_answers(form: FlaskForm, definition: SurveyDefinition) -> dict[str, Any]:
    """Exactly what was ticked or written, question by question."""
    answers: dict[str, Any] = {}
    for question in definition.answerable_questions():
        answers.update(questions.answers_from_form(question, form.data))
    return answers


# --- settling two keyings ------------------------------------------------------------------------------


class SettleForm(FlaskForm):
    """Base for the settling form built from a mismatch."""


def settle_form(item: Mismatch) -> FlaskForm:
    fields: dict[str, Any] = {}
    not_answered = _l("Not answered")
    for question_id in item.differing:
        question = item.definition.question(question_id)
        first = questions.display_answer(question, item.first.answers) or not_answered
        second = questions.display_answer(question, item.second.answers) or not_answered
        fields[question_id] = RadioField(
            question.text,
            choices=[
                (paper.FIRST, _l("First keying: %(answer)s", answer=first)),
                (paper.SECOND, _l("Second keying: %(answer)s", answer=second)),
                (paper.NEITHER, _l("Neither: leave it unanswered")),
            ],
            validators=[InputRequired(_l("Choose the answer on the paper copy"))],
        )
    return type("PaperSettleForm", (SettleForm,), fields)()


def settle_choices(form: FlaskForm, item: Mismatch) -> dict[str, str]:
    return {question_id: form[question_id].data for question_id in item.differing}
