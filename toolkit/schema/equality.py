"""Equality monitoring: answers kept apart from the survey answers, and each survey's area.

Equality answers live in their own table so that no export or results page built from
`response.answers` can show them beside what a person wrote; staff see them only in aggregate,
after small-number suppression.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.stats.disclosure import new_record_key
from toolkit.timeutil import utcnow


class EqualityResponse(Base):
    """One respondent's answers to the equality questions (question id -> stored value)."""

    __tablename__ = "equality_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A random number from 0 to 255, fixed when stored and never shown: the cell-key method's
    # record key (toolkit.stats.disclosure), so the same group of people always gets the same noise.
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key, nullable=False)


class SurveyPopulation(Base):
    """Who a survey's respondents are compared with, and how small counts are hidden."""

    __tablename__ = "survey_population"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    # One or more local authority codes, or one ICB code (toolkit.population.list_areas).
    area_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A lead's own population table: {"name": ..., "dimensions": {dimension: {"base": ..., "counts": {...}}}}.
    custom_population: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Counts below this are shown as "fewer than N"; never below 3.
    suppression_threshold: Mapped[int] = mapped_column(Integer, default=5)
    # Who the survey is for: "16+", "18+" or "all"; picks the census population base.
    base: Mapped[str] = mapped_column(String(10), default="16+")
    # The seldom-heard groups the lead wants first on the dashboard: [[dimension key, group], ...].
    priority_groups: Mapped[list[list[str]] | None] = mapped_column(JSON, nullable=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class EqualityPublished(Base):
    """The tables the representativeness page last published for a survey, after the cross-view
    audit (surveys/equality/service.py), keyed by a digest of everything they were worked out from,
    so any app process shows them without auditing again. Published figures only: counts already
    perturbed, small or withheld, as every staff member sees them."""

    __tablename__ = "equality_published"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    tables: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
