"""Making a print run: a survey's PDF in one variant and language, with a new reference number
on every copy. Needs an application context (templates, configuration, database), not a request,
so a background job can call `produce` as the print page does.

References are recorded only once the PDF exists: a run that fails part-way issues nothing."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale

from surveys import repository
from surveys.easy_read import repository as images
from surveys.model import SurveyDefinition, from_dict
from surveys.paper import printing
from surveys.paper import repository as paper_repository
from toolkit.i18n import SUPPORTED_LOCALES
from toolkit.schema import Survey

FREEPOST_PLACEHOLDER = "RETURN ADDRESS NOT SET – ask the toolkit's administrator to set FREEPOST_ADDRESS"


@dataclass(frozen=True)
class PrintRun:
    content: bytes  # the PDF
    filename: str  # without ".pdf"
    references: tuple[str, ...]  # one per copy, recorded; empty for a sample or a draft survey


def produce(
    survey: Survey, variant: str, language: str, copies: int, staff_user_id: int | None, *, numbered: bool = True
) -> PrintRun:
    """The PDF of `copies` numbered copies (one unnumbered copy when not `numbered`, or when the
    survey is not published: it prints as a draft). PrintError for a language it cannot print."""
    version = repository.latest_version(survey.id)
    stored = from_dict(version.definition) if version else repository.definition_of(survey)
    definition, language = printing.localise(stored, language)
    references = paper_repository.new_references(copies) if numbered and version is not None else []
    html = render_printed(survey, definition, variant, language, numbered=bool(references), sample=version is not None)
    content = printing.to_pdf(html, references)
    if references and version is not None:
        paper_repository.record_copies(survey.id, version.id, variant, language, references, staff_user_id)
    return PrintRun(content, f"{survey.slug}-{variant}-{language}", tuple(references))


def render_printed(
    survey: Survey, definition: SurveyDefinition, variant: str, language: str, *, numbered: bool, sample: bool
) -> str:
    """One copy's HTML: numbered copies show the placeholder each copy's reference replaces;
    otherwise the copy says it is a sample (published survey) or a draft."""
    with force_locale(SUPPORTED_LOCALES.get(language, language)):
        return render_template(
            "surveys/paper/print.html",
            survey=survey,
            definition=definition,
            variant=variant,
            language=language,
            direction=printing.text_direction(language),
            items=printing.printable(definition, variant, pictures(survey.id, definition)),
            reference=printing.PLACEHOLDER_REFERENCE if numbered else None,
            sample=sample,
            svg_data_uri=printing.svg_data_uri,
            freepost=current_app.config.get("FREEPOST_ADDRESS") or FREEPOST_PLACEHOLDER,
        )


def pictures(survey_id: int, definition: SurveyDefinition) -> dict[int, str]:
    found = images.images_of(survey_id, (q.image_id or 0 for q in definition.questions()))
    return {image_id: printing.data_uri(image.content, image.mime_type) for image_id, image in found.items()}
