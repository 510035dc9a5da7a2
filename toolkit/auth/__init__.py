"""Staff sign-in, sessions and roles. Every staff view is wrapped in `role_required`.

The session cookie holds only a random token naming a server-side session record
(toolkit/auth/sessions.py): signing out ends the record, so every copy of the cookie stops
working; deactivation and a new password end all of a person's records; records time out when
idle and after an absolute lifetime. A session is "full" once the second factor has been given
(or was not needed); until then it reaches only the two-factor pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for

from toolkit import teams
from toolkit.auth import sessions, users
from toolkit.schema import StaffSession, StaffUser
from toolkit.text import lazy as _l

F = TypeVar("F", bound=Callable[..., Any])

# Each role can do everything the roles after it can.
# A panel manager is an engagement lead who may also see and export the citizens' panel's
# contact details (every view audited); only admins rank higher.
ROLE_RANK = {"admin": 5, "panel_manager": 4, "lead": 3, "facilitator": 2, "viewer": 1}
COOKIE_KEY = "staff_session"


def _limits() -> dict[str, timedelta]:
    config = current_app.config
    return {
        "idle": timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
        "absolute": timedelta(hours=int(config["SESSION_MAX_HOURS"])),
    }


def _load() -> tuple[StaffSession, StaffUser] | None:
    """The live session record and its active user, once per request; rotates the session id
    when the person's role has changed since it was issued."""
    if "staff_auth" in g:
        return g.staff_auth  # type: ignore[no-any-return]
    found: tuple[StaffSession, StaffUser] | None = None
    token = session.get(COOKIE_KEY)
    record = sessions.live(token, **_limits()) if isinstance(token, str) else None
    user = users.active_user(record.staff_user_id) if record else None
    if record is not None and user is not None:
        if record.role != user.role:
            record = _rotate(token, user, two_factor_done=record.two_factor_done)  # type: ignore[arg-type]
        found = (record, user)
    elif token is not None:
        session.pop(COOKIE_KEY, None)
    g.staff_auth = found
    return found


def _rotate(old_token: str, user: StaffUser, *, two_factor_done: bool) -> StaffSession:
    sessions.end(old_token)
    token = sessions.start(user.id, user.role, two_factor_done=two_factor_done, user_agent=request.user_agent.string)
    session[COOKIE_KEY] = token
    record = sessions.live(token, **_limits())
    assert record is not None
    return record


def current_user() -> StaffUser | None:
    """The signed-in member of staff whose session is complete (second factor given)."""
    found = _load()
    return found[1] if found and found[0].two_factor_done else None


def pending_user() -> StaffUser | None:
    """Signed in with a password, second factor still to give or set up."""
    found = _load()
    return found[1] if found and not found[0].two_factor_done else None


def current_token() -> str | None:
    token = session.get(COOKIE_KEY)
    return token if isinstance(token, str) and _load() else None


def current_user_id() -> int | None:
    user = current_user()
    return user.id if user else None


def has_role(user: StaffUser | None, minimum: str) -> bool:
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[minimum]


def two_factor_missing(user: StaffUser) -> bool:
    """Two-factor sign-in is required for this person and not yet set up."""
    from toolkit.auth import two_factor

    return user.totp_secret is None and two_factor.required_for(user)


def role_required(minimum: str) -> Callable[[F], F]:
    """Anonymous visitors are sent to sign in; staff asking for another team's work get 404
    (which says nothing about whether it exists), whatever their role; staff without the role get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                target = "auth.two_factor_code" if pending_user() else "auth.sign_in"
                return redirect(url_for(target, next=request.full_path))
            if two_factor_missing(user):
                return redirect(url_for("auth.two_factor_setup"))
            if not teams.may_reach(user, kwargs):
                abort(404)
            if not has_role(user, minimum):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = minimum  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def sign_in(user: StaffUser, *, two_factor_done: bool) -> None:
    """A fresh session (and so a fresh CSRF token): no session fixation."""
    old = session.get(COOKIE_KEY)
    if isinstance(old, str):
        sessions.end(old)
    session.clear()
    session[COOKIE_KEY] = sessions.start(
        user.id, user.role, two_factor_done=two_factor_done, user_agent=request.user_agent.string
    )
    session.permanent = False
    g.pop("staff_auth", None)
    if two_factor_done:
        users.signed_in(user)


def sign_out() -> None:
    token = session.get(COOKIE_KEY)
    if isinstance(token, str):
        sessions.end(token)
    session.clear()
    g.pop("staff_auth", None)


def staff_navigation() -> dict[str, Any]:
    """The staff menu, on staff pages only: public pages (and documents made outside a request,
    such as a print run in a background job) stay uncluttered."""
    if not has_request_context() or not request.path.startswith("/staff"):
        return {}
    user = current_user()
    if user is None:
        return {}
    items = [
        {"href": url_for("builder.index"), "text": _l("Surveys")},
        {"href": url_for("workshops.index"), "text": _l("Workshops")},
        {"href": url_for("engagements.index"), "text": _l("Engagements")},
        {"href": url_for("panel.index"), "text": _l("Citizens' panel")},
        {"href": url_for("reports.insight_library"), "text": _l("Insight library")},
        {"href": url_for("jobs.recent"), "text": _l("Your jobs")},
    ]
    if user.role == "admin":
        items.append({"href": url_for("auth.people"), "text": _l("People")})
        items.append({"href": url_for("outbox.index"), "text": _l("Outbox")})
    items += [
        {"href": url_for("auth.account"), "text": _l("Your account")},
        {"href": url_for("auth.sign_out"), "text": _l("Sign out")},
    ]
    return {"staff_navigation": items, "header_home_url": url_for("builder.index")}
