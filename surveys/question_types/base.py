"""What every question type knows, with the defaults most types share.

One `QuestionType` instance per type, registered in `surveys.question_types`. Every module
that treats questions differently by type asks the question's type (`question.kind`)
instead of comparing type names: the builder (label, hint, settings fields), the respondent
form (field, parsing, checking a whole response), check answers and easy read (how an
answer reads), results (how it is tallied and charted), exports (its cells), translations
(its translatable strings) and paper (its instruction and writing lines).

Plain module: WTForms and lazy gettext only, no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from wtforms import Field, StringField
from wtforms.validators import InputRequired, Length, Optional

from surveys.model import HARD_MAX_LENGTH, OPTION_MAX_LENGTH, OTHER_VALUE, Option, Question, other_key
from toolkit.equality import POSTCODE_ID
from toolkit.forms import ChoiceRadioField, postcode_district_check
from toolkit.text import lazy as _l

# How the results page and the tallies count a question.
CHOICE, NUMBER, TEXT = "choice", "number", "text"
# How an export writes a question's answer: one option's label, several labels, or the value itself.
ONE_LABEL, SEVERAL_LABELS, VALUE = "one_label", "several_labels", "value"
# What the builder shows under a question in its list: the answers, the character limit, the range.
SHOWS_CHOICES, SHOWS_LIMIT, SHOWS_RANGE = "choices", "limit", "range"
OTHER_TEXT_LIMIT = 200


def other_label() -> str:
    """ "Other", in the language of the page being made."""
    return str(_l("Other"))


class QuestionType:
    """The default: a question with a typed answer and no options. Subclasses override."""

    name: ClassVar[str]
    label: ClassVar[Any]  # the builder's name for the type (lazy gettext)
    hint: ClassVar[Any] = None  # the builder's hint under that name
    settings: ClassVar[tuple[str, ...]] = ()  # builder fields beyond text, help, required and routing
    answerable: ClassVar[bool] = True
    routable: ClassVar[bool] = False  # other questions may be shown only for some of its answers
    offers_choices: ClassVar[bool] = False  # the answer is one (or several) of `choices`
    multiple: ClassVar[bool] = False  # several choices at once
    lead_options: ClassVar[bool] = False  # the lead writes the options (and "Other" may be added)
    scale: ClassVar[bool] = False  # a numbered scale with end labels, smiley faces in easy read
    yes_no_pictures: ClassVar[bool] = False  # easy read and paper show the yes and no pictures
    default_max_length: ClassVar[int] = 0  # a character limit when the lead sets none (0: no limit)
    free_text: ClassVar[bool] = False  # the respondent's own words: an engagement codes them into themes
    tally: ClassVar[str] = TEXT
    export: ClassVar[str] = VALUE
    xlsx_number: ClassVar[bool] = False  # written to XLSX as a number, not text
    stored_as_int: ClassVar[bool] = False  # the stored answer is a whole number that names a choice
    builder_detail: ClassVar[str] = ""
    paper_instruction: ClassVar[Any] = ""
    paper_lines: ClassVar[int] = 0  # blank lines printed for a written answer
    # Translatable words of the question beyond its text, help, easy read and picture (the lead's
    # options are translated whenever `lead_options`).
    translatable_fields: ClassVar[tuple[str, ...]] = ()

    # --- the definition ---------------------------------------------------------------------

    def choices(self, question: Question) -> tuple[Option, ...]:
        """The options a respondent picks from."""
        extra = (Option(OTHER_VALUE, other_label()),) if question.allow_other and self.lead_options else ()
        return question.options + extra

    def problems(self, question: Question, name: str) -> list[str]:
        """Problems with the answers the question offers (its options, scale or limits)."""
        return []

    # --- the respondent's form ----------------------------------------------------------------

    def required_message(self) -> Any:
        return _l("Enter an answer")

    def presence(self, question: Question) -> list[Any]:
        return [InputRequired(self.required_message())] if question.required else [Optional()]

    def form_field(self, question: Question) -> Field:
        raise NotImplementedError(self.name)

    def form_fields(self, question: Question) -> dict[str, Any]:
        """The unbound fields for one question, keyed by form field name."""
        fields = {question.id: self.form_field(question)}
        if question.allow_other and self.lead_options:
            fields[other_key(question.id)] = StringField(
                _l("Please specify"),
                validators=[
                    Optional(),
                    Length(max=OTHER_TEXT_LIMIT, message=_l("Answer must be 200 characters or fewer")),
                ],
            )
        return fields

    def parse(self, question: Question, value: Any) -> Any:
        """A validated form value as it is stored (None, "" or [] for no answer)."""
        return value

    def form_value(self, value: Any) -> Any:
        """A stored answer as the form field takes it back."""
        return value

    def other_chosen(self, question: Question, value: Any) -> bool:
        return False

    def fits(self, question: Question, value: Any) -> bool:
        """Whether a stored, non-empty answer is one this question could have been given."""
        return isinstance(value, str) and len(value) <= question.text_limit

    # --- reading an answer back -----------------------------------------------------------------

    def display(self, question: Question, value: Any, other_text: str) -> str:
        """An answer as a person reads it, on check answers, in easy read and in exports."""
        return str(value)


def display_answer(question: Question, answers: Mapping[str, Any]) -> str:
    value = answers.get(question.id)
    if value is None:
        return ""
    return question.kind.display(question, value, answers.get(other_key(question.id), ""))


def with_other(label: str, value: str, other_text: str) -> str:
    return f"{label}: {other_text}" if value == OTHER_VALUE and other_text else label


class ChoiceType(QuestionType):
    """One answer from a list of options: radios."""

    offers_choices = True
    tally = CHOICE
    export = ONE_LABEL
    builder_detail = SHOWS_CHOICES
    paper_instruction = _l("Tick one box.")

    def required_message(self) -> Any:
        return _l("Select an answer")

    def form_field(self, question: Question) -> Field:
        choices = [(o.value, o.label) for o in question.choices]
        return ChoiceRadioField(question.text, choices=choices, validators=self.presence(question))

    def other_chosen(self, question: Question, value: Any) -> bool:
        return self.lead_options and question.allow_other and bool(value == OTHER_VALUE)

    def fits(self, question: Question, value: Any) -> bool:
        offered = {option.value for option in question.choices}
        return str(value) in offered and not isinstance(value, bool | list | dict)

    def display(self, question: Question, value: Any, other_text: str) -> str:
        return with_other(question.label_for(str(value)), str(value), other_text)


class LeadOptionsType(ChoiceType):
    """Options the lead writes, one per line, with "Other, please specify" if they choose."""

    lead_options = True
    settings: ClassVar[tuple[str, ...]] = ("options", "allow_other")

    def problems(self, question: Question, name: str) -> list[str]:
        problems = []
        values = [o.value for o in question.choices]
        if len(question.options) < 2:
            problems.append(f"{name} needs at least 2 options.")
        if len(set(values)) != len(values):
            problems.append(f"{name} has two options with the same value.")
        if any(len(o.easy_read) > OPTION_MAX_LENGTH for o in question.options):
            problems.append(f"{name} has easy-read answer wording longer than {OPTION_MAX_LENGTH} characters.")
        return problems


class WrittenType(QuestionType):
    """An answer the respondent writes."""

    export = VALUE
    paper_instruction = _l("Write your answer in the box.")
    paper_lines = 1

    def parse(self, question: Question, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class TextType(WrittenType):
    """Free text with a character limit."""

    free_text = True
    settings = ("max_length",)
    builder_detail = SHOWS_LIMIT

    def problems(self, question: Question, name: str) -> list[str]:
        if not 1 <= question.text_limit <= HARD_MAX_LENGTH:
            return [f"{name} needs a character limit between 1 and {HARD_MAX_LENGTH}."]
        return []

    def text_field(self, question: Question, field_class: type[Field]) -> Field:
        limit = question.text_limit
        message = _l("Answer must be %(limit)s characters or fewer", limit=limit)
        validators = [*self.presence(question), Length(max=limit, message=message)]
        if question.id == POSTCODE_ID:
            validators.append(postcode_district_check)
        return field_class(question.text, validators=validators)
