"""What other areas may ask of a survey question's type without importing surveys (areas never
import each other): an engagement codes its surveys' free text. The types themselves are data in
`surveys.question_types`; like the app factory and the home page, this imports it only when asked,
so the core still loads without the areas."""

from __future__ import annotations


def is_free_text(type_name: str) -> bool:
    """Whether answers to a question of this type are the respondent's own words."""
    from surveys import question_types

    return question_types.get(type_name).free_text
