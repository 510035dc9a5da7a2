"""The one daily retention purge, whatever area the data belongs to.

Each area (surveys, workshops) registers a purger when it is imported; the scheduled job
(`surveys.schedule.tasks.daily_purge`) and `flask purge` run every registered purger in one
transaction, so one job keeps every promise the privacy page makes. Areas never import each
other: they meet here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

# (session, now, the app's configuration) -> a sentence saying what was deleted
Purger = Callable[[Session, datetime, Mapping[str, Any]], str]

_PURGERS: dict[str, Purger] = {}


def register(name: str, purger: Purger) -> None:
    _PURGERS[name] = purger


def purge_all(session: Session, now: datetime, config: Mapping[str, Any]) -> list[str]:
    """Run every registered purger (in name order) in `session`'s transaction."""
    return [_PURGERS[name](session, now, config) for name in sorted(_PURGERS)]
