"""Single choice: one answer from the lead's options, as radios; may drive routing."""

from __future__ import annotations

from surveys.question_types.base import LeadOptionsType
from toolkit.text import lazy as _l


class SingleChoice(LeadOptionsType):
    name = "single_choice"
    label = _l("Single choice (radios)")
    hint = _l("People choose one answer from a list.")
    routable = True


TYPE = SingleChoice()
