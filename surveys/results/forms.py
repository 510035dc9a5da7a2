"""The results filter (channel, language, dates): a GET form, so no CSRF token (it changes
nothing), shared by the results page, the exports and the representativeness dashboard."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from wtforms import Form, SelectField
from wtforms.fields import DateField
from wtforms.validators import ValidationError

from surveys.repository import ResponseFilter
from toolkit.i18n import LANGUAGES
from toolkit.schema import Channel
from toolkit.text import lazy as _l


class FilterDateField(DateField):
    """A date typed as 2025-03-31 (what a date picker sends) or 31/03/2025, with a clear message."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = " ".join(valuelist).strip() if valuelist else ""
        self.data = None
        if raw:
            for pattern in self.strptime_format:
                try:
                    self.data = datetime.strptime(raw, pattern).date()
                    return
                except ValueError:
                    continue
            raise ValueError(_l("Enter a real date, like 2025-03-31"))


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
    submitted_from = FilterDateField(_l("Submitted on or after"))
    submitted_to = FilterDateField(_l("Submitted on or before"))

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

    def query_args(self) -> dict[str, str]:
        """The filters as they were typed, for links that keep them (the exports)."""
        return {field.name: str(field.raw_data[0]) for field in self if field.raw_data and field.raw_data[0]}


def filter_form(args: Mapping[str, Any], channels: Iterable[Channel]) -> FilterForm:
    """The filter as the query string sets it, offering the survey's channels."""
    form = FilterForm(args)
    form.channel.choices = [("", _("All channels")), *((str(c.id), c.name) for c in channels)]
    return form
