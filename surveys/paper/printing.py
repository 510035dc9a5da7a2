"""Print-ready PDFs of a survey (standard, large print, easy read) and of channel
posters: what goes on the page, and numbered copies. HTML becomes a tagged PDF in `toolkit.pdf`.

No Flask: the caller renders the HTML from a template and hands it to `to_pdf`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from surveys.easy_read import model as easy_read
from surveys.model import Question, Section, SurveyDefinition
from surveys.paper import model as paper
from surveys.translations import model as translation
from toolkit import pdf
from toolkit.datauri import data_uri as data_uri
from toolkit.datauri import svg_data_uri as svg_data_uri
from toolkit.text import lazy as _l

VARIANT_NAMES: dict[str, Any] = {
    "standard": _l("Standard"),
    "large-print": _l("Large print"),
    "easy-read": _l("Easy read"),
}
# A copy is laid out once, however many are asked for, and each further copy costs only
# painting its pages: 500 copies of a three-page survey take about 30 s and 250 MB more
# memory on a busy two-core machine (bench/printing.py). Beyond that, make another PDF.
MAX_COPIES = 500
# One PDF's most copies, said the same way on the print form and for a PDF address asked for directly.
TOO_MANY_COPIES = _l(
    "Ask for between 1 and %(most)s copies at a time. For more, make another PDF: every copy still gets its own "
    "reference number",
    most=MAX_COPIES,
)


class PrintError(ValueError):
    """A print request that cannot be met; the message says why."""


def parse_copies(raw: str | None) -> int:
    """How many copies, from ?copies=N: 1 to MAX_COPIES."""
    if raw is None or raw == "":
        return 1
    text = raw.strip()
    # ASCII digits only: "①".isdigit() is true but int("①") fails; and a few digits at most.
    if (
        not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_COPIES)))
        or not 1 <= int(text) <= MAX_COPIES
    ):
        raise PrintError(TOO_MANY_COPIES)
    return int(text)


# --- languages ---------------------------------------------------------------------------------


def languages(definition: SurveyDefinition) -> list[str]:
    """English (the source language) and every language the survey has a translation into."""
    return ["en", *sorted(code for code in definition.translations if code != "en")]


def translated(definition: SurveyDefinition, language: str) -> tuple[SurveyDefinition, str]:
    """The definition in the language asked for if it can be, and the language it is
    really in: English when the survey has no such translation or translating is not
    available yet."""
    if language == "en" or language not in definition.translations:
        return definition, "en"
    return translation.apply(definition, language), language


def localise(definition: SurveyDefinition, language: str) -> tuple[SurveyDefinition, str]:
    """As `translated`, but a language the survey does not offer at all is refused."""
    if language not in languages(definition):
        raise PrintError(_l("This survey has no translation into that language."))
    return translated(definition, language)


def text_direction(language: str) -> str:
    try:
        return str(Locale.parse(language).text_direction)
    except (UnknownLocaleError, ValueError):
        return "ltr"


# --- what goes on the page ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintItem:
    number: int | None
    question: Question  # in the wording of the variant (easy-read wording for easy read)
    section: Section
    starts_section: bool
    section_condition: Any  # lazy string or None: the section's routing, as an instruction
    condition: Any  # lazy string or None: the question's routing
    instruction: Any
    lines: int
    faces: list[easy_read.Face]
    picture: str  # a data: URI, or ""


def printable(definition: SurveyDefinition, variant: str, pictures: Mapping[int, str]) -> list[PrintItem]:
    """Every question as printed, numbered, with its instruction and routing in words."""
    items = []
    previous_section = None
    for numbered in paper.numbered_questions(definition):
        question, section = numbered.question, numbered.section
        if variant == "easy-read":
            question = easy_read.easy_question(question)
        items.append(
            PrintItem(
                number=numbered.number,
                question=question,
                section=section,
                starts_section=section.id != previous_section,
                section_condition=_condition(definition, section.show_if),
                condition=_condition(definition, question.show_if),
                instruction=question.kind.paper_instruction,
                lines=question.kind.paper_lines,
                faces=easy_read.smiley_faces(question) if _shows_faces(question, variant) else [],
                picture=pictures.get(question.image_id or 0, "") if variant == "easy-read" else "",
            )
        )
        previous_section = section.id
    return items


def _shows_faces(question: Question, variant: str) -> bool:
    return variant == "easy-read" and easy_read.uses_smileys(question)


def _condition(definition: SurveyDefinition, condition: Any) -> Any:
    if condition is None:
        return None
    return paper.condition_text(definition, condition.question_id, condition.values)


# --- numbered copies ------------------------------------------------------------------------------


# The reference a copy is laid out with; each printed copy's own reference replaces it.
# "0" is not in paper.REFERENCE_ALPHABET, so it can never be a real copy's reference.
PLACEHOLDER_REFERENCE = "P-0000-0000"


def to_pdf(html: str, references: Sequence[str] = ()) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, reading order, language and alt text kept).

    With `references`, `html` is one copy showing PLACEHOLDER_REFERENCE: it is laid out
    once and its pages painted once per reference, each with that reference in place of
    the placeholder. Laying out is most of the work, so many copies cost little more than
    painting their pages. The reference is set in a fixed-width font (print.css), so
    every reference takes exactly the placeholder's room.
    """
    document = pdf.render(html)
    if references:
        document = document.copy(list(_numbered_pages(document.pages, references)))
    return pdf.write(document)


def _numbered_pages(pages: Sequence[Any], references: Sequence[str]) -> Iterator[Any]:
    """Each copy's pages: the laid-out pages, painted with that copy's reference."""
    placeholders = [
        [box for box in page._page_box.descendants() if getattr(box, "text", None) == PLACEHOLDER_REFERENCE]
        for page in pages
    ]
    if not any(placeholders):
        raise ValueError("The copy's HTML does not show PLACEHOLDER_REFERENCE, so copies could not be told apart.")
    for reference in references:
        for page, boxes in zip(pages, placeholders, strict=True):
            numbered = copy.copy(page)
            numbered.paint = _painter(page, boxes, reference)
            yield numbered


def _painter(page: Any, boxes: list[Any], reference: str) -> Any:
    def paint(stream: Any, scale: float = 1) -> None:
        for box in boxes:  # shared by every copy's page: set just before this copy's is painted
            # WeasyPrint shapes a text box's line again from its layout's text when painting it.
            box.text = box.pango_layout.text = reference
        page.paint(stream, scale)

    return paint
