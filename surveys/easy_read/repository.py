"""Database reads and writes for easy-read pictures and wording.

Returns schema objects and plain data; never touches the request or the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from surveys import repository
from surveys.builder import editing
from surveys.model import SurveyDefinition
from toolkit import audit, db
from toolkit.schema import Survey, SurveyImage


def add_image(survey_id: int, content: bytes, mime_type: str, alt_text: str, staff_user_id: int | None) -> SurveyImage:
    """Store a picture that has already been checked (surveys.easy_read.model.picture_type)."""
    with db.transaction() as session:
        image = SurveyImage(
            survey_id=survey_id, content=content, mime_type=mime_type, alt_text=alt_text, created_by=staff_user_id
        )
        session.add(image)
        session.flush()
        audit.record(
            session, staff_user_id, "upload_image", "survey", survey_id, {"image": image.id, "bytes": len(content)}
        )
    return image


def image_of(survey_id: int, image_id: int) -> SurveyImage | None:
    """A survey's picture; None for another survey's picture, so ids cannot be guessed across surveys."""
    image = db.session.get(SurveyImage, image_id)
    return image if image is not None and image.survey_id == survey_id else None


def images_of(survey_id: int, image_ids: Iterable[int]) -> dict[int, SurveyImage]:
    wanted = {i for i in image_ids if i}
    if not wanted:
        return {}
    query = select(SurveyImage).where(SurveyImage.survey_id == survey_id, SurveyImage.id.in_(wanted))
    return {image.id: image for image in db.session.scalars(query)}


@dataclass(frozen=True)
class EasyReadChange:
    question_id: str
    easy_read_text: str
    easy_read_scale: str
    image_alt: str
    picture: bytes | None = None  # a new, checked picture
    picture_type: str = ""
    remove_picture: bool = False


def save_easy_read(
    survey: Survey, definition: SurveyDefinition, change: EasyReadChange, staff_user_id: int | None
) -> None:
    """Store a question's easy-read wording, scale and picture in the editable definition."""
    question = definition.question(change.question_id)
    image_id = question.image_id
    if change.remove_picture:
        image_id = None
    if change.picture is not None:
        image_id = add_image(survey.id, change.picture, change.picture_type, change.image_alt, staff_user_id).id
    changed = replace(
        question,
        easy_read_text=change.easy_read_text.strip(),
        easy_read_scale=change.easy_read_scale,
        image_id=image_id,
        image_alt=change.image_alt.strip() if image_id else "",
    )
    section_id = editing.section_of(definition, question.id).id
    repository.save_definition(
        survey, editing.put_question(definition, section_id, changed), staff_user_id, "edit_easy_read"
    )


def attach_pictures(
    survey: Survey, definition: SurveyDefinition, pictures: Mapping[str, tuple[Path, str]]
) -> SurveyDefinition:
    """Store pictures from files (question id -> (SVG or PNG path, alt text)) and point
    the questions at them: how the demo survey gets its pictograms."""
    mime_types = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
    for question_id, (path, alt) in pictures.items():
        image = add_image(survey.id, path.read_bytes(), mime_types[path.suffix], alt, None)
        question = replace(definition.question(question_id), image_id=image.id, image_alt=alt)
        definition = editing.put_question(definition, editing.section_of(definition, question_id).id, question)
    return definition
