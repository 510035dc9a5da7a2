"""Staff forms for equality monitoring: which questions to ask, the survey's area, a custom
population table, and the margins to weight to."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from surveys.equality import model as equality
from surveys.equality.repository import PopulationSettings
from surveys.questions import ChoiceCheckboxField, WholeNumberField
from toolkit.population import list_areas
from toolkit.stats import MINIMUM_THRESHOLD
from toolkit.text import lazy as _l

MAX_THRESHOLD = 100
MAX_UPLOAD_BYTES = 1_000_000


class ActionForm(FlaskForm):
    """A button that changes something: the CSRF token only."""


class TopicsForm(FlaskForm):
    topics = ChoiceCheckboxField(_l("Questions to ask"), choices=[])
    inclusion_health = ChoiceCheckboxField(_l("Inclusion health questions (off unless you choose them)"), choices=[])

    def validate_inclusion_health(self, field: SelectMultipleField) -> None:
        if not (self.topics.data or []) and not (field.data or []):
            raise ValidationError(_l("Choose at least one question to ask"))

    def chosen(self) -> list[str]:
        return [*(self.topics.data or []), *(self.inclusion_health.data or [])]


def topics_form(chosen: frozenset[str]) -> TopicsForm:
    """Ticked: the topics asked now (on a POST, what was sent)."""
    form = TopicsForm(data={"topics": sorted(chosen), "inclusion_health": sorted(chosen)})
    form.topics.choices = [(t.key, t.label) for t in equality.topics() if not t.inclusion_health]
    form.inclusion_health.choices = [(t.key, t.label) for t in equality.topics() if t.inclusion_health]
    return form


class AreaForm(FlaskForm):
    area_type = RadioField(
        _l("What kind of area is the survey for?"),
        choices=[("icb", _l("An integrated care board (ICB)")), ("lad", _l("One or more local authorities"))],
        validators=[InputRequired(_l("Select the kind of area"))],
    )
    icb = SelectField(_l("Integrated care board"), choices=[], validate_choice=False)
    lad_codes = TextAreaField(
        _l("Local authorities"),
        validators=[Length(max=4000, message=_l("Enter 4,000 characters or fewer"))],
    )
    base = RadioField(
        _l("Who is the survey for?"),
        choices=[
            ("16+", _l("People aged 16 and over")),
            ("18+", _l("People aged 18 and over")),
            ("all", _l("People of all ages")),
        ],
        default="16+",
        validators=[InputRequired(_l("Select who the survey is for"))],
    )
    threshold = WholeNumberField(
        _l("Hide counts smaller than"),
        default=5,
        validators=[
            InputRequired(_l("Enter the smallest count to show, like 5")),
            NumberRange(
                min=MINIMUM_THRESHOLD,
                max=MAX_THRESHOLD,
                message=_l("Enter a number from %(low)s to %(high)s", low=MINIMUM_THRESHOLD, high=MAX_THRESHOLD),
            ),
        ],
    )

    def validate_icb(self, field: SelectField) -> None:
        if self.area_type.data != "icb":
            return
        if not field.data:
            raise ValidationError(_l("Select an integrated care board"))
        if field.data not in {a.code for a in list_areas("icb")}:
            raise ValidationError(_l("Select an integrated care board from the list"))

    def validate_lad_codes(self, field: TextAreaField) -> None:
        self.codes: tuple[str, ...] = ()
        if self.area_type.data != "lad":
            return
        try:
            self.codes = equality.resolve_areas(field.data or "")
        except equality.AreaChoiceError as error:
            raise ValidationError(str(error)) from None

    def threshold_value(self) -> int:
        """After validation: a whole number from the minimum to MAX_THRESHOLD."""
        value = self.threshold.data
        assert isinstance(value, int)
        return value

    def area_codes(self) -> list[str]:
        return [self.icb.data] if self.area_type.data == "icb" else list(self.codes)


def area_form(settings: PopulationSettings, formdata: Any = None) -> AreaForm:
    icbs = {a.code for a in list_areas("icb")}
    is_icb = len(settings.area_codes) == 1 and settings.area_codes[0] in icbs
    data = {
        "area_type": ("icb" if is_icb else "lad") if settings.area_codes else None,
        "icb": settings.area_codes[0] if is_icb else "",
        "lad_codes": "" if is_icb else ", ".join(settings.area_codes),
        "base": settings.base,
        "threshold": settings.threshold,
    }
    form = AreaForm(formdata=formdata, data=data)
    form.icb.choices = [("", _l("Choose an ICB")), *((a.code, a.name) for a in list_areas("icb"))]
    return form


class PriorityForm(FlaskForm):
    groups = ChoiceCheckboxField(_l("Seldom-heard groups to put first"), choices=[])


def priority_form(choices: list[tuple[str, str]], chosen: list[str]) -> PriorityForm:
    """Ticked: the groups named now (on a POST, what was sent). A value is "dimension|group"."""
    form = PriorityForm(data={"groups": chosen})
    form.groups.choices = choices
    return form


class UploadForm(FlaskForm):
    name = StringField(
        _l("Name of the population"),
        validators=[
            InputRequired(_l("Enter a name for the population, like Station Road Surgery patients")),
            Length(max=120, message=_l("Enter 120 characters or fewer")),
        ],
    )
    table = FileField(_l("Population table (CSV)"))

    def text(self) -> str | None:
        """The uploaded file as text, or None with a message on the field."""
        upload = self.table.data
        if not upload or not getattr(upload, "filename", ""):
            self.table.errors = [_l("Choose a CSV file to upload")]
            return None
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            self.table.errors = [_l("The file must be 1 MB or smaller")]
            return None
        try:
            return str(content.decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.table.errors = [_l("Save the file as CSV UTF-8 and upload it again")]
            return None


class WeightingForm(Form):
    """GET: which population margins to weight to (no CSRF: it changes nothing)."""

    margin = ChoiceCheckboxField(_l("Weight to these population margins"), choices=[])


def weighting_form(formdata: Any, choices: list[tuple[str, str]]) -> WeightingForm:
    form = WeightingForm(formdata)
    form.margin.choices = choices
    return form
