"""The results filter (channel, language, dates): a GET form, so no CSRF token (it changes
nothing), shared by the results page, the exports and the representativeness dashboard."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from wtforms import Form, SelectField, StringField
from wtforms.utils import unset_value
from wtforms.validators import Length, ValidationError

from surveys.model import Question
from surveys.question_types.base import CHOICE
from surveys.repository import ResponseFilter
from toolkit.comment_themes import QuestionThemes
from toolkit.dateinput import DateInputField
from toolkit.i18n import LANGUAGES
from toolkit.schema import Channel
from toolkit.text import lazy as _l


class FilterDateField(DateInputField):
    """A filter date in the NHS.UK day, month and year boxes. A link may carry the date whole
    (`submitted_from=2025-03-31`, or 31/03/2025): the exports, the links that keep the filters and
    bookmarks do, and `FilterForm.query_args` writes it that way."""

    WHOLE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        whole = formdata.get(self.name) if formdata is not None else None
        if whole is None:
            super().process(formdata, data, extra_filters)
            return
        super().process(None, data, extra_filters)
        raw = str(whole).strip()
        self.raw_data = [raw] if raw else []
        self.data = None
        for pattern in self.WHOLE_FORMATS:
            try:
                self.data = datetime.strptime(raw, pattern).date()
                break
            except ValueError:
                continue
        if raw and self.data is None:
            self.typed = {"day": "", "month": "", "year": ""}
            self.process_errors.append(_l("Enter a real date, for example 31 3 2025"))


class ListedField(SelectField):
    """A select whose value must be one of its choices, with a plain message when it is not."""

    def __init__(self, label: Any, message: Any, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.message = message

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, _label in self.choices or []}:
            raise ValidationError(self.message)


class FilterForm(Form):
    channel = ListedField(_l("Channel"), _l("Select a channel from the list"), choices=[], default="")
    language = ListedField(_l("Language"), _l("Select a language from the list"), choices=[], default="")
    submitted_from = FilterDateField(_l("Submitted on or after"), what=_l("The start date"))
    submitted_to = FilterDateField(_l("Submitted on or before"), what=_l("The end date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [("", _("All languages")), *((lang.code, lang.name) for lang in LANGUAGES)]

    def validate_submitted_to(self, field: FilterDateField) -> None:
        start: date | None = self.submitted_from.data
        if start and field.data and field.data < start:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    def response_filter(self) -> ResponseFilter:
        channel = int(self.channel.data) if self.channel.data else None
        language = self.language.data or None
        return ResponseFilter(channel, self.submitted_from.data, self.submitted_to.data, language)

    def query_args(self) -> dict[str, Any]:
        """The filters as they were typed, for links that keep them (the exports)."""
        found: dict[str, Any] = {}
        for field in self:
            if isinstance(field, FilterDateField):
                if field.data is not None:
                    found[field.name] = field.data.isoformat()
            elif field.raw_data and field.raw_data[0]:
                found[field.name] = str(field.raw_data[0])
        return found


def filter_form(args: Mapping[str, Any], channels: Iterable[Channel]) -> FilterForm:
    """The filter as the query string sets it, offering the survey's channels."""
    form = FilterForm(args)
    form.channel.choices = [("", _("All channels")), *((str(c.id), c.name) for c in channels)]
    return form


class TextAnswersForm(Form):
    """Search and filter one question's written answers (GET, so links keep it)."""

    search = StringField(_l("Search the answers"), validators=[Length(max=200)], filters=[lambda v: (v or "").strip()])
    answered = ListedField(_l("Only people who answered"), _l("Select an answer from the list"), choices=[], default="")
    theme = ListedField(_l("Only answers with the theme"), _l("Select a theme from the list"), choices=[], default="")

    def theme_id(self) -> int | None:
        return int(self.theme.data) if self.theme.data else None


def text_answers_form(
    args: Mapping[str, Any], questions: Iterable[Question], themes: QuestionThemes | None = None
) -> TextAnswersForm:
    """The search and filter as the query string sets them, offering each closed question's options
    (as "question id=option value") and the codebook's themes once there are some."""
    form = TextAnswersForm(args)
    choices = [("", _("Anyone"))]
    for question in questions:
        if question.kind.tally == CHOICE:
            choices += [(f"{question.id}={o.value}", f"{question.text}: {o.label}") for o in question.choices]
    form.answered.choices = choices
    form.theme.choices = [("", _("Any theme")), *((str(t.id), t.label) for t in (themes.themes if themes else ()))]
    return form
