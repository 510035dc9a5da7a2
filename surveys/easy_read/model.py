"""The easy-read version of a survey, as plain logic: one question per page in the
order a respondent sees them, easy-read wording, smiley-face scales, and checks
on uploaded pictures.

Plain module: no Flask, no database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from PIL import Image, UnidentifiedImageError

from surveys.equality import model as equality
from surveys.model import Option, Question, Section, SurveyDefinition
from toolkit.text import lazy as _l

MAX_PICTURE_BYTES = 1024 * 1024
MAX_PICTURE_SIDE = 6000
PICTURE_TYPES = {b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"), b"\xff\xd8\xff": ("image/jpeg", "JPEG")}
# What the public route will serve: uploads are PNG or JPEG; the demo's own pictograms are SVG.
SERVED_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})
SMILEY = "smiley"
FACE_COUNT = 5  # very unhappy .. very happy
FACE_WORDS = (_l("Very bad"), _l("Bad"), _l("OK"), _l("Good"), _l("Very good"))


class PictureError(ValueError):
    """An upload that is not a usable picture; the message says why, plainly."""


def picture_type(content: bytes) -> str:
    """The MIME type of an uploaded picture, after checking it really is a PNG or JPEG
    of at most 1 MB that opens."""
    if not content:
        raise PictureError(_l("The selected file is empty"))
    if len(content) > MAX_PICTURE_BYTES:
        raise PictureError(_l("The picture must be smaller than 1 MB"))
    kind = next((kind for magic, kind in PICTURE_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise PictureError(_l("The picture must be a PNG or JPEG"))
    mime, pillow_format = kind
    try:
        with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PictureError(
            _l("The picture could not be read. Save it again as a PNG or JPEG and upload that.")
        ) from None
    if max(width, height) > MAX_PICTURE_SIDE:
        raise PictureError(_l("The picture is too large: make it smaller than 6000 pixels on each side"))
    return mime


# --- wording -------------------------------------------------------------------------


def easy_question(question: Question) -> Question:
    """The question as the easy-read version shows it: the easy-read wording when the
    lead wrote one (replacing the standard help text), otherwise the standard wording;
    likewise for each answer option. Option values stay the same, so easy-read answers
    are stored, and counted in results, exactly as standard ones."""
    changes: dict[str, Any] = {}
    if any(option.easy_read.strip() for option in question.options):
        changes["options"] = tuple(easy_option(option) for option in question.options)
    lines = [line.strip() for line in question.easy_read_text.strip().splitlines() if line.strip()]
    if lines:  # the first line is the question; any others (one idea each) say more beneath it
        changes.update(text=lines[0], help="\n".join(lines[1:]))
    return replace(question, **changes) if changes else question


def easy_option(option: Option) -> Option:
    return replace(option, label=option.easy_read.strip()) if option.easy_read.strip() else option


def has_easy_read(definition: SurveyDefinition) -> bool:
    return any(q.easy_read_text.strip() for q in definition.questions())


def uses_smileys(question: Question) -> bool:
    return question.kind.scale and question.easy_read_scale == SMILEY


def face_for(position: int, count: int) -> int:
    """Which of the five faces (0 very unhappy .. 4 very happy) shows the answer at
    this position (0-based) on a scale of `count` answers."""
    if count <= 1:
        return FACE_COUNT // 2
    return round(position * (FACE_COUNT - 1) / (count - 1))


@dataclass(frozen=True)
class Face:
    value: str
    face: int
    words: Any  # a (lazy) string


def smiley_faces(question: Question) -> list[Face]:
    """The faces of a rating scale, each with the words a person reads beside it."""
    numbers = list(range(question.scale_min, question.scale_max + 1))
    faces = []
    for position, number in enumerate(numbers):
        face = face_for(position, len(numbers))
        words: Any = FACE_WORDS[face] if len(numbers) <= FACE_COUNT else str(number)
        if position == 0 and question.scale_min_label:
            words = question.scale_min_label
        elif position == len(numbers) - 1 and question.scale_max_label:
            words = question.scale_max_label
        faces.append(Face(str(number), face, words))
    return faces


# --- one question per page ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    section: Section
    question: Question
    number: int  # 1-based among the questions this respondent sees (information items are not counted)
    total: int  # `question_count`: fixed, so the count never goes backwards as routing applies
    previous_id: str | None
    next_id: str | None
    first_in_section: bool  # where the section's introduction is shown
    routed: bool = False  # some questions may be skipped: the total is "up to"


def question_count(definition: SurveyDefinition) -> int:
    """The most questions anyone is asked: the start page's count and every page's total. A question
    asked in two steps (ethnic group: broad group, then detail) counts as two, as each is a page."""
    return sum(equality.easy_read_step_count(q) for q in definition.questions() if q.answerable)


def visible_steps(definition: SurveyDefinition, answers: dict[str, Any]) -> list[tuple[Section, Question]]:
    """Every question (and information item) this respondent is shown, in order."""
    return [
        (section, step)
        for section in definition.visible_sections(answers)
        for question in section.visible_questions(answers)
        for step in equality.easy_read_steps(question, answers)
    ]


def after_step(answers: dict[str, Any], question_id: str) -> dict[str, Any]:
    """The answers once a step's answer is saved (the ethnic group follows its broad group)."""
    return equality.after_easy_read_step(answers, question_id)


def standard_picture(question: Question) -> equality.Picture | None:
    """The shipped picture of a standard equality question, unless the lead uploaded their own."""
    return None if question.image_id else equality.standard_picture(question.id)


def standard_picture_names() -> frozenset[str]:
    return equality.picture_names()


def step(definition: SurveyDefinition, question_id: str, answers: dict[str, Any]) -> Step | None:
    """Where a question sits for this respondent, or None if they are not shown it."""
    steps = visible_steps(definition, answers)
    ids = [question.id for _, question in steps]
    if question_id not in ids:
        return None
    index = ids.index(question_id)
    section, question = steps[index]
    return Step(
        section=section,
        question=question,
        number=sum(1 for _, asked in steps[: index + 1] if asked.answerable),
        total=question_count(definition),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
        first_in_section=index == 0 or steps[index - 1][0].id != section.id,
        routed=definition.has_routing(),
    )


def first_unanswered(definition: SurveyDefinition, answers: dict[str, Any], seen: set[str]) -> str | None:
    """The first question not yet shown to the respondent, or a required one left blank."""
    for _, question in visible_steps(definition, answers):
        if question.id not in seen or (question.required and question.answerable and question.id not in answers):
            return question.id
    return None


def one_question_section(section: Section, question: Question) -> Section:
    """A section holding just this question in its easy-read wording, so the standard
    form building and validation (surveys.forms) serve one question per page."""
    return replace(section, questions=(replace(easy_question(question), show_if=None),))


def completed_sections(definition: SurveyDefinition, answers: dict[str, Any], seen: set[str]) -> list[str]:
    """Pages whose every visible question has been shown: the standard path treats
    these as seen, so a respondent can move between the two versions."""
    done = []
    for section in definition.visible_pages(answers):
        if all(q.id in seen for q in section.visible_questions(answers)):
            done.append(section.id)
    return done
