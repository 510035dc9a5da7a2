"""Staff and participant forms for workshops. Choices that depend on the session (tables,
topics, themes, notes) are filled in by the `for_*` helpers at request time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from toolkit.dateinput import DateInputField
from toolkit.equality import EqualityQuestion
from toolkit.forms import ChoiceRadioField, TeamField, postcode_district_check
from toolkit.security import parse_id
from toolkit.text import lazy as _l
from workshops import model
from workshops.model import ActionDraft, NoteDraft, SessionDetails
from workshops.votes import PAPER_MAX


def new_key() -> str:
    return uuid.uuid4().hex


def optional_int(value: Any) -> int | None:
    """An id from a form or query string; None when blank or not one (see toolkit.security.parse_id)."""
    return parse_id(value)


class EngagementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title for the engagement")), Length(max=200)])
    description = TextAreaField(_l("What it is about (optional)"), validators=[Optional(), Length(max=2000)])


class NewEngagementForm(EngagementForm):
    team = TeamField()


TIME_PATTERN = r"^([01]?\d|2[0-3]):[0-5]\d$"


def _on_day(day: date, time: str | None) -> datetime:
    hours, minutes = (int(p) for p in (time or "00:00").split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC)


class SessionForm(FlaskForm):
    title = StringField(
        _l("Session title"), validators=[DataRequired(_l("Enter a title for the session")), Length(max=200)]
    )
    day = DateInputField(_l("Date"), validators=[Optional()], what=_l("The date of the session"))
    time = StringField(
        _l("Start time"),
        validators=[Optional(), Regexp(TIME_PATTERN, message=_l("Enter a time like 18:30"))],
    )
    ends = StringField(
        _l("Finish time (optional)"),
        validators=[Optional(), Regexp(TIME_PATTERN, message=_l("Enter a time like 20:30"))],
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    accessibility = SelectMultipleField(_l("Accessibility of the venue"), choices=list(model.ACCESSIBILITY_FEATURES))
    interpreter_needs = TextAreaField(_l("Interpreter or BSL needs"), validators=[Optional(), Length(max=2000)])
    facilitators = TextAreaField(_l("Facilitators"), validators=[Optional(), Length(max=2000)])
    capacity = IntegerField(
        _l("Capacity"), validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Enter a number from 1"))]
    )

    def details(self) -> SessionDetails:
        starts_at = _on_day(self.day.data, self.time.data) if self.day.data else None
        ends_at = _on_day(self.day.data, self.ends.data) if self.day.data and self.ends.data else None
        return SessionDetails(
            title=self.title.data or "",
            starts_at=starts_at,
            venue=self.venue.data or "",
            online_link=self.online_link.data or "",
            accessibility=frozenset(self.accessibility.data or ()),
            interpreter_needs=self.interpreter_needs.data or "",
            facilitators=self.facilitators.data or "",
            capacity=self.capacity.data,
            ends_at=ends_at,
        )

    def validate_ends(self, field: StringField) -> None:
        """A finish time needs the day, and comes after the start."""
        if not field.data or field.errors or self.day.errors:
            return
        if not self.day.data:
            raise ValidationError(_l("Enter the date of the session to give a finish time"))
        if (
            self.time.data
            and not self.time.errors
            and _on_day(self.day.data, field.data) <= _on_day(self.day.data, self.time.data)
        ):
            raise ValidationError(_l("The finish time must be after the start time"))

    def fill(self, workshop: Any) -> None:
        """Show a stored session's values (GET only)."""
        for name in ("title", "venue", "online_link", "interpreter_needs", "facilitators", "capacity"):
            self[name].data = getattr(workshop, name)
        self.accessibility.data = [key for key, _label in model.ACCESSIBILITY_FEATURES if getattr(workshop, key)]
        if workshop.starts_at:
            self.day.data = workshop.starts_at.date()
            self.time.data = workshop.starts_at.strftime("%H:%M")
        if workshop.ends_at:
            self.ends.data = workshop.ends_at.strftime("%H:%M")


class TopicForm(FlaskForm):
    title = StringField(_l("Topic"), validators=[DataRequired(_l("Enter the topic")), Length(max=200)])
    questions = TextAreaField(_l("Questions to ask (optional)"), validators=[Optional(), Length(max=2000)])
    minutes = IntegerField(
        _l("Time box in minutes"),
        default=15,
        validators=[InputRequired(_l("Enter the minutes")), NumberRange(1, 480, _l("Enter minutes from 1 to 480"))],
    )


class CopyGuideForm(FlaskForm):
    from_session = SelectField(_l("Reuse the guide from"), choices=[], coerce=str)


class TableForm(FlaskForm):
    name = StringField(_l("Table name"), validators=[DataRequired(_l("Enter a name for the table")), Length(max=80)])


class MoveForm(FlaskForm):
    """Move up / move down: the value comes from the button pressed."""

    direction = SelectField(choices=[(d, d) for d in model.MOVE_DIRECTIONS], validate_choice=True)


class ConfirmForm(FlaskForm):
    """A confirmation page's button: only the CSRF token."""


class NoteForm(FlaskForm):
    table_id = SelectField(_l("Table"), choices=[], validate_choice=True)
    # Radios, not a select: a topic is a whole question ("How should local people be involved in
    # choosing the new provider?") and a phone's select box would cut it off after a few words.
    topic_id = RadioField(_l("Topic"), choices=[], default="")
    text = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(_l("Enter the note")),
            Length(max=model.NOTE_MAX_LENGTH, message=_l("A note must be 2000 characters or fewer")),
        ],
    )
    idempotency_key = HiddenField()

    def draft(self, author_kind: str = "facilitator") -> NoteDraft:
        return NoteDraft(
            text=self.text.data or "",
            idempotency_key=self.idempotency_key.data or "",
            author_kind=author_kind,
            table_id=optional_int(self.table_id.data),
            topic_id=optional_int(self.topic_id.data),
        )


def for_note(form: NoteForm, tables: Iterable[Any], topics: Iterable[Any]) -> NoteForm:
    form.table_id.choices = [("", _l("No table")), *[(str(t.id), t.name) for t in tables]]
    form.topic_id.choices = [("", _l("No topic")), *[(str(t.id), t.title) for t in topics]]
    if not form.idempotency_key.data:
        form.idempotency_key.data = new_key()
    return form


class IdeaForm(FlaskForm):
    text = TextAreaField(
        _l("Your idea"),
        validators=[
            DataRequired(_l("Enter your idea")),
            Length(max=model.NOTE_MAX_LENGTH, message=_l("Your idea must be 2000 characters or fewer")),
        ],
    )
    no_quote = BooleanField(_l("Do not quote my words in reports"))
    idempotency_key = HiddenField()


class NoteEditForm(FlaskForm):
    text = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(_l("Enter the note")),
            Length(max=model.NOTE_MAX_LENGTH, message=_l("A note must be 2000 characters or fewer")),
        ],
    )


class ThemeForm(FlaskForm):
    name = StringField(_l("New theme"), validators=[DataRequired(_l("Enter a name for the theme")), Length(max=120)])


class AssignForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), choices=[], validate_choice=True)


def for_assign(form: AssignForm, themes: Iterable[Any]) -> AssignForm:
    form.theme_id.choices = [("", _l("Not in a theme")), *[(str(t.id), t.name) for t in themes]]
    return form


class ThemeNameForm(FlaskForm):
    name = StringField(_l("Theme name"), validators=[DataRequired(_l("Enter a name for the theme")), Length(max=120)])


class RoundForm(FlaskForm):
    title = StringField(
        _l("What are people voting on?"), validators=[DataRequired(_l("Enter a title")), Length(max=200)]
    )
    dots = IntegerField(
        _l("Dots for each person"),
        default=model.DEFAULT_DOTS,
        validators=[InputRequired(_l("Enter a number of dots")), NumberRange(1, model.MAX_DOTS, _l("Enter 1 to 10"))],
    )
    theme_ids = SelectMultipleField(_l("Themes to vote on"), choices=[], coerce=int)
    note_ids = SelectMultipleField(_l("Notes to vote on"), choices=[], coerce=int)


def for_round(form: RoundForm, themes: Iterable[Any], notes: Iterable[Any]) -> RoundForm:
    form.theme_ids.choices = [(t.id, t.name) for t in themes]
    form.note_ids.choices = [(n.id, n.text) for n in notes]
    return form


class BallotForm(FlaskForm):
    """One number field per priority, added by `ballot_form`."""


def ballot_form(options: Iterable[Any], dots: int) -> FlaskForm:
    fields = {
        f"option_{o.id}": IntegerField(
            o.label,
            default=0,
            validators=[Optional(), NumberRange(0, dots, _l("Give from 0 to %(dots)d dots", dots=dots))],
        )
        for o in options
    }
    return type("Ballot", (BallotForm,), fields)()


def ballot_choices(form: FlaskForm, prefix: str = "option_") -> dict[int, int]:
    return {
        int(name.removeprefix(prefix)): int(field.data or 0)
        for name, field in form._fields.items()
        if name.startswith(prefix)
    }


def show_choices(form: FlaskForm, choices: dict[int, int]) -> None:
    """Put counts back into a ballot's fields (after a +/- button without JavaScript)."""
    for option_id, count in choices.items():
        field = form[f"option_{option_id}"]
        field.data, field.raw_data = count, None  # shown from `data`, not what was typed


class PaperVotesForm(FlaskForm):
    """One number field per priority, added by `paper_form`."""


def paper_form(options: Iterable[Any]) -> FlaskForm:
    message = _l("Enter a number of dots from 0 to %(max)d", max=PAPER_MAX)
    fields = {
        f"paper_{o.id}": IntegerField(o.label, default=0, validators=[Optional(), NumberRange(0, PAPER_MAX, message)])
        for o in options
    }
    return type("PaperVotes", (PaperVotesForm,), fields)()


class ActionForm(FlaskForm):
    what = TextAreaField(
        _l("What will be done"),
        validators=[DataRequired(_l("Enter what will be done")), Length(max=model.ACTION_MAX_LENGTH)],
    )
    owner = StringField(
        _l("Who owns it (a role or an organisation)"),
        validators=[DataRequired(_l("Enter who owns the action")), Length(max=200)],
    )
    due_on = DateInputField(_l("By when (optional)"), validators=[Optional()], what=_l("The date it is due by"))
    status = RadioField(_l("Status"), choices=list(model.ACTION_STATUSES), default="agreed")
    reason = TextAreaField(_l("Why is it not possible?"), validators=[Optional(), Length(max=2000)])
    agreed_by_group = BooleanField(_l("The group agreed this action"))
    theme_ids = SelectMultipleField(_l("Themes it came from"), choices=[], coerce=int)
    note_ids = SelectMultipleField(_l("Notes it came from"), choices=[], coerce=int)
    round_id = SelectField(_l("Vote round it came from (optional)"), choices=[], default="", validate_choice=True)

    def draft(self) -> ActionDraft:
        return ActionDraft(
            what=self.what.data or "",
            owner=self.owner.data or "",
            status=self.status.data or "",
            reason=self.reason.data or "",
            due_on=self.due_on.data,
            agreed_by_group=bool(self.agreed_by_group.data),
            theme_ids=tuple(self.theme_ids.data or ()),
            note_ids=tuple(self.note_ids.data or ()),
            round_id=optional_int(self.round_id.data),
        )


def for_action(
    form: ActionForm, themes: Iterable[Any], notes: Iterable[Any], rounds: Iterable[Any] = (), action: Any = None
) -> ActionForm:
    form.theme_ids.choices = [(t.id, t.name) for t in themes]
    form.note_ids.choices = [(n.id, n.text) for n in notes]
    form.round_id.choices = [("", _l("Not from a vote")), *[(str(r.id), r.title) for r in rounds]]
    if action is not None and not form.is_submitted():
        form.round_id.data = str(action.vote_round_id or "")
    return form


class AttendanceForm(FlaskForm):
    """One number per role, added by `attendance_form`."""


def attendance_form(counts: dict[str, int]) -> FlaskForm:
    fields = {
        role: IntegerField(
            label,
            default=counts.get(role, 0),
            validators=[InputRequired(_l("Enter a number, 0 or more")), NumberRange(0, 10000, _l("Enter 0 or more"))],
        )
        for role, label in model.ATTENDANCE_ROLES
    }
    return type("Attendance", (AttendanceForm,), fields)()


class ExpenseStatusForm(FlaskForm):
    status = RadioField(
        _l("Status"), choices=list(model.EXPENSE_STATUSES), validators=[InputRequired(_l("Select a status"))]
    )


class ExpenseForm(FlaskForm):
    description = StringField(
        _l("What it is for (no names or bank details)"),
        validators=[DataRequired(_l("Enter what the payment is for")), Length(max=200)],
    )
    amount = StringField(
        _l("Amount in pounds"),
        validators=[
            DataRequired(_l("Enter an amount")),
            Regexp(r"^£?\d{1,6}(\.\d{1,2})?$", message=_l("Enter an amount like 12.50")),
        ],
    )
    status = RadioField(_l("Status"), choices=list(model.EXPENSE_STATUSES), default="owed")

    def pence(self) -> int:
        try:
            return int(Decimal((self.amount.data or "0").lstrip("£")) * 100)
        except InvalidOperation:
            return 0


class EqualityForm(FlaskForm):
    """A participant's anonymous equality answers: one field per question, none required."""


def equality_form(questions: Iterable[EqualityQuestion]) -> FlaskForm:
    fields: dict[str, Any] = {}
    for question in questions:
        if question.options:
            choices = list(question.options)
            fields[question.id] = ChoiceRadioField(question.text, choices=choices, validators=[Optional()])
        else:
            limit = question.max_length or 8
            message = _l("Answer must be %(limit)s characters or fewer", limit=limit)
            fields[question.id] = StringField(
                question.text, validators=[Optional(), Length(max=limit, message=message), postcode_district_check]
            )
    return type("Equality", (EqualityForm,), fields)()
