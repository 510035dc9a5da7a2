"""The `workshops` blueprint with every view module's routes registered on it."""

from workshops import (
    views_capture,
    views_closing,
    views_edit,
    views_equality,
    views_outcomes,
    views_plan,
    views_public,
    views_votes,
)
from workshops.blueprint import workshops

__all__ = [
    "views_capture",
    "views_closing",
    "views_edit",
    "views_equality",
    "views_outcomes",
    "views_plan",
    "views_public",
    "views_votes",
    "workshops",
]
