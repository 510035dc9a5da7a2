"""Warnings, not blocks, shown before a survey is published: the rules of thumb from
the engagement guidance. A lead may have good reasons to go ahead anyway.

Plain module: no Flask. Messages are lazy gettext strings, translated when rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveys.model import SurveyDefinition
from surveys.translations import model as translation
from toolkit.text import lazy as _l

SURVEY_MIN_DAYS = 30  # a simple survey runs for at least 30 days
CONSULTATION_MIN_DAYS = 84  # a formal consultation runs for at least 12 weeks
CONSULTATION = "consultation"

# Words in a question that usually mean it asks for personal data.
PERSONAL_DATA = re.compile(
    r"\b(?:(?:full |first |last |sur)?name|e-?mail|(?:tele)?phone|mobile number|(?:home |postal )?address"
    r"|date of birth|nhs number)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PublishWarning:
    """Something the guidance advises against. `code` is stable, for tests and styling."""

    code: str
    message: Any  # a lazy, translatable string


def publish_warnings(
    definition: SurveyDefinition,
    kind: str,
    opens_on: date | None,
    closes_on: date | None,
    today: date,
) -> list[PublishWarning]:
    """Every warning for publishing this survey today."""
    return [
        *_timing_warnings(kind, opens_on, closes_on, today),
        *_privacy_warnings(definition),
        *_translation_warnings(definition),
    ]


def _translation_warnings(definition: SurveyDefinition) -> list[PublishWarning]:
    """Out-of-date translations: a warning, unless the lead chose to refuse publishing on them
    (then they are problems, from `surveys.translations.model.publish_problems`)."""
    if definition.block_outdated_translations:
        return []
    return [PublishWarning("translation_out_of_date", message) for message in translation.outdated_messages(definition)]


def running_days(opens_on: date | None, closes_on: date, today: date) -> int:
    """How many days the survey is open, counting both the first and the last day.
    A survey with no open date opens when it is published."""
    return (closes_on - (opens_on or today)).days + 1


def _timing_warnings(kind: str, opens_on: date | None, closes_on: date | None, today: date) -> list[PublishWarning]:
    if closes_on is None:
        return [
            PublishWarning(
                "no_close_date",
                _l("There is no close date. Say when the survey closes so people know how long they have to answer."),
            )
        ]
    if closes_on < today:
        return [
            PublishWarning(
                "closed_already",
                _l("The close date has passed, so nobody will be able to answer. Change the close date."),
            )
        ]
    days = running_days(opens_on, closes_on, today)
    if kind == CONSULTATION and days < CONSULTATION_MIN_DAYS:
        message = _l(
            "This formal consultation runs for %(days)s days. Guidance says a formal consultation should run for "
            "at least 12 weeks (84 days), so people have enough time to respond.",
            days=days,
        )
        return [PublishWarning("consultation_too_short", message)]
    if kind != CONSULTATION and days < SURVEY_MIN_DAYS:
        message = _l(
            "This survey runs for %(days)s days. Guidance says a survey should run for at least 30 days.",
            days=days,
        )
        return [PublishWarning("survey_too_short", message)]
    return []


def _privacy_warnings(definition: SurveyDefinition) -> list[PublishWarning]:
    found: list[PublishWarning] = []
    if not definition.privacy_notice.strip():
        message = _l("There is no privacy notice. Tell people how their answers are used, kept and shared.")
        found.append(PublishWarning("no_privacy_notice", message))
    for question in definition.answerable_questions():
        match = PERSONAL_DATA.search(question.text)
        if match:
            message = _l(
                "“%(question)s” seems to ask for personal data (%(what)s). Ask only for personal data you really "
                "need, and say why in the privacy notice.",
                question=question.text,
                what=match.group(0).lower(),
            )
            found.append(PublishWarning("personal_data", message))
    return found
