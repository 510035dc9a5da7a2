"""Staff sign-in and roles. Every staff view is wrapped in `role_required`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, has_request_context, redirect, request, session, url_for
from flask_babel import gettext as _

from toolkit.auth import users
from toolkit.schema import StaffUser

F = TypeVar("F", bound=Callable[..., Any])

# Each role can do everything the roles after it can.
ROLE_RANK = {"admin": 4, "lead": 3, "facilitator": 2, "viewer": 1}


def current_user() -> StaffUser | None:
    user_id = session.get("staff_user_id")
    return users.active_user(user_id) if isinstance(user_id, int) else None


def current_user_id() -> int | None:
    user = current_user()
    return user.id if user else None


def has_role(user: StaffUser | None, minimum: str) -> bool:
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[minimum]


def role_required(minimum: str) -> Callable[[F], F]:
    """Anonymous visitors are sent to sign in; signed-in staff without the role get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("auth.sign_in", next=request.full_path))
            if not has_role(user, minimum):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = minimum  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def sign_in(user: StaffUser) -> None:
    session.clear()  # no session fixation: a fresh session for a signed-in user
    session["staff_user_id"] = user.id
    session.permanent = False


def sign_out() -> None:
    session.clear()


def staff_navigation() -> dict[str, Any]:
    """The staff menu, on staff pages only: public pages (and documents made outside a request,
    such as a print run in a background job) stay uncluttered."""
    if not has_request_context() or not request.path.startswith("/staff") or current_user() is None:
        return {}
    items = [
        {"href": url_for("builder.index"), "text": "Surveys"},
        {"href": url_for("workshops.index"), "text": "Workshops"},
        {"href": url_for("engagements.index"), "text": "Engagements"},
        {"href": url_for("jobs.recent"), "text": _("Your jobs")},
        *([{"href": url_for("outbox.index"), "text": _("Outbox")}] if has_role(current_user(), "admin") else []),
        {"href": url_for("auth.sign_out"), "text": "Sign out"},
    ]
    return {"staff_navigation": items, "header_home_url": url_for("builder.index")}
