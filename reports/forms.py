"""Staff forms for reports and "You said, we did". Choices from stored data (quotes, themes) are
filled in by the view."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import Form, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from reports import easy_read, insight, model
from reports.model import CommitmentDraft
from surveys.results.forms import FilterDateField
from toolkit.dateinput import DateInputField
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
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=model.OWNER_MAX)])
    service_area = StringField(_l("Service area (optional)"), validators=[Optional(), Length(max=model.OWNER_MAX)])

    def texts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in ("summary", "recommendations", "next_steps")}

    def evaluation(self) -> dict[str, str]:
        return {key: self[key].data or "" for key, _q in model.EVALUATION_QUESTIONS}

    def where(self) -> dict[str, str]:
        return {"place": (self.place.data or "").strip(), "service_area": (self.service_area.data or "").strip()}


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
    decided_on = DateInputField(
        _l("Date of the decision (optional)"), validators=[Optional()], what=_l("The date of the decision")
    )
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
    on = DateInputField(
        _l("Date"), validators=[InputRequired(_l("Enter the date of the update"))], what=_l("The date of the update")
    )
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


class TranslationUploadForm(FlaskForm):
    file = FileField(
        _l("Upload the filled-in spreadsheet (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose the filled-in spreadsheet")), FileSize(2 * 1024 * 1024)],
    )


class DeleteAddressForm(FlaskForm):
    email = StringField(
        _l("Email address to delete"),
        validators=[DataRequired(_l("Enter the email address to delete")), Length(max=model.EMAIL_MAX)],
    )


class InsightSearchForm(Form):
    """The insight library's search, read from the query string (a GET: no CSRF token)."""

    q = StringField(_l("Search for"), validators=[Length(max=insight.QUERY_MAX)])
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=insight.FILTER_MAX)])
    service_area = StringField(_l("Service area (optional)"), validators=[Optional(), Length(max=insight.FILTER_MAX)])
    theme = StringField(_l("Theme (optional)"), validators=[Optional(), Length(max=insight.FILTER_MAX)])
    population = StringField(_l("Population group (optional)"), validators=[Optional(), Length(max=insight.FILTER_MAX)])
    from_date = FilterDateField(_l("On or after (optional)"), what=_l("The start date"))
    to_date = FilterDateField(_l("On or before (optional)"), what=_l("The end date"))

    def filters(self) -> insight.Filters:
        return insight.Filters(
            self.q.data or "",
            self.place.data or "",
            self.service_area.data or "",
            self.theme.data or "",
            self.population.data or "",
            self.from_date.data,
            self.to_date.data,
        )


class ReuseThemeForm(FlaskForm):
    engagement = SelectField(_l("Add it to the codebook of"), choices=[], coerce=int, validate_choice=True)


class EasyReadForm(FlaskForm):
    """Up to eight key points, each with a picture from the shipped easy-read set."""

    def pairs(self) -> list[tuple[str, str]]:
        return [(self[f"point_{n}"].data or "", self[f"picture_{n}"].data or "") for n in range(1, POINTS + 1)]

    def fill(self, points: Sequence[easy_read.Point]) -> None:
        for n, point in enumerate(points[:POINTS], start=1):
            self[f"point_{n}"].data, self[f"picture_{n}"].data = point.text, point.picture


POINTS = easy_read.POINTS_MAX
for _n in range(1, POINTS + 1):
    setattr(
        EasyReadForm,
        f"point_{_n}",
        TextAreaField(
            _l("Point %(n)d", n=_n), validators=[Optional(), Length(max=easy_read.POINT_MAX)], render_kw={"rows": 2}
        ),
    )
    setattr(
        EasyReadForm,
        f"picture_{_n}",
        SelectField(
            _l("Picture for point %(n)d", n=_n),
            choices=[(key, alt) for key, alt in easy_read.PICTURES],
            validate_choice=False,  # checked with the point it goes with (`easy_read.problems`)
        ),
    )
