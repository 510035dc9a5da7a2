"""Staff forms for reports and "You said, we did". Choices from stored data (quotes, themes) are
filled in by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from reports import model
from reports.model import CommitmentDraft
from toolkit.forms import ChoiceRadioField
from toolkit.text import lazy as _l


def _narrative(label: object) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=model.NARRATIVE_MAX)])


class NarrativeForm(FlaskForm):
    summary = _narrative(_l("Summary"))
    recommendations = _narrative(_l("5. Recommendations"))
    next_steps = _narrative(_l("6. Next steps"))
    quotes = SelectMultipleField(_l("Quotes to use"), choices=[], validate_choice=True)
    objectives = _narrative(model.EVALUATION_QUESTIONS[0][1])
    reach = _narrative(model.EVALUATION_QUESTIONS[1][1])
    methods = _narrative(model.EVALUATION_QUESTIONS[2][1])
    outputs = _narrative(model.EVALUATION_QUESTIONS[3][1])
    learning = _narrative(model.EVALUATION_QUESTIONS[4][1])

    def texts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in ("summary", "recommendations", "next_steps")}

    def evaluation(self) -> dict[str, str]:
        return {key: self[key].data or "" for key, _q in model.EVALUATION_QUESTIONS}


class CommitmentForm(FlaskForm):
    what = TextAreaField(
        _l("What we did or decided"),
        validators=[DataRequired(_l("Say what was done or decided")), Length(max=model.WHAT_MAX)],
    )
    why = TextAreaField(_l("Why (optional)"), validators=[Optional(), Length(max=model.WHAT_MAX)])
    owner = StringField(
        _l("Who owns it"), validators=[DataRequired(_l("Say who owns it")), Length(max=model.OWNER_MAX)]
    )
    decided_by = StringField(_l("Who decided (optional)"), validators=[Optional(), Length(max=model.OWNER_MAX)])
    decided_on = DateField(_l("Date of the decision (optional)"), validators=[Optional()])
    status = ChoiceRadioField(_l("Status"), choices=list(model.COMMITMENT_STATUSES), default="agreed")
    reason = TextAreaField(
        _l("Why it is not possible (needed when it is not possible)"),
        validators=[Optional(), Length(max=model.WHAT_MAX)],
    )
    themes = SelectMultipleField(_l("Themes it answers"), choices=[], coerce=int, validate_choice=True)

    def draft(self) -> CommitmentDraft:
        return CommitmentDraft(
            what=self.what.data or "",
            owner=self.owner.data or "",
            status=self.status.data or "",
            why=self.why.data or "",
            reason=self.reason.data or "",
            decided_by=self.decided_by.data or "",
            decided_on=self.decided_on.data,
            theme_ids=tuple(self.themes.data or ()),
        )


class UpdateForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the update"))])
    text = TextAreaField(_l("Update"), validators=[DataRequired(_l("Write the update")), Length(max=model.WHAT_MAX)])


class PublishForm(FlaskForm):
    change_note = TextAreaField(
        _l("What changed since the last version (optional)"), validators=[Optional(), Length(max=model.WHAT_MAX)]
    )


class TellMeForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter an email address, like name@example.com")), Length(max=model.EMAIL_MAX)],
    )
