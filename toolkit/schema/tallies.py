"""Per-version tallies of the answers: what the results page sums instead of reading every response."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base


class ResponseTally(Base):
    """How many responses of one version, day (UTC, as the results filters), channel and language
    added one to a key (question id, kind, value): see surveys/results/tallies.py. Written in the
    transaction that stores, keys or purges responses, so it always agrees with them."""

    __tablename__ = "response_tally"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class EqualityTally(Base):
    """How many responses of one day (UTC) and channel gave one value of one equality field, and
    the sum of their record keys (the disclosure control's cell keys are that sum modulo 256):
    see surveys/equality/tallies.py. Field "" counts every response. Written in the transaction
    that stores or purges responses, like `ResponseTally`, so the dashboard sums these instead of
    reading every response."""

    __tablename__ = "equality_tally"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    key_sum: Mapped[int] = mapped_column(BigInteger)
