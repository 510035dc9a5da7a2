"""The engagement's codebook themes of its surveys' comments, offered to the survey results
(`toolkit.comment_themes`): importing this module registers the source."""

from __future__ import annotations

from sqlalchemy import select

from engagements import coding, coding_repository
from toolkit import comment_themes, db
from toolkit.comment_themes import QuestionThemes, Theme
from toolkit.schema import Survey


def question_themes(survey_id: int, question_id: str) -> QuestionThemes | None:
    """The codes that stand (`coding_repository.codings`) on each response's answer to the question."""
    engagement_id = db.session.scalar(select(Survey.engagement_id).where(Survey.id == survey_id))
    if engagement_id is None:
        return None
    codebook = coding_repository.codebook(engagement_id)
    if not codebook:
        return None
    coded: dict[int, set[int]] = {}
    for found in coding_repository.codings(engagement_id):
        if found.key.source == "response" and found.key.question_id == question_id:
            coded.setdefault(found.key.source_id, set()).update(found.code_ids)
    themes = tuple(Theme(code.id, coding.label(code, codebook), code.parent_id) for code in codebook)
    return QuestionThemes(themes, {response: frozenset(ids) for response, ids in coded.items()})


comment_themes.register(question_themes)
