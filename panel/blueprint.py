"""The `panel` blueprint and what its view modules share. Staff pages live under /staff/panel;
the public join page under /panel/<slug>/join and each member's own page, reached by their
personal link (no password), under /panel/me/<token>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from panel import model, repository
from panel.repository import Compose, Message
from toolkit import teams
from toolkit.auth.blueprint import external_url
from toolkit.equality import EqualityQuestion, default_questions, in_language
from toolkit.i18n import BY_CODE
from toolkit.population import list_areas
from toolkit.schema import Panel, PanelMember
from toolkit.views import or_404

panel_bp = Blueprint("panel", __name__, template_folder="templates")

STAFF = "/staff/panel"
PANEL = f"{STAFF}/<int:panel_id>"
MEMBER_PAGE = "/panel/me/<token>"

teams.register_scope("panel_id", repository.team_of_panel)


def panel_or_404(panel_id: int) -> Panel:
    return or_404(repository.get_panel(panel_id))


def public_panel_or_404(slug: str) -> Panel:
    found = repository.panel_by_slug(slug)
    return or_404(found if found is not None and found.open_to_join else None)


def member_or_404(token: str) -> PanelMember:
    return or_404(repository.member_by_token(token))


def questions(language: str) -> tuple[EqualityQuestion, ...]:
    """The harmonised equality questions, worded in the visitor's language where a stock translation exists."""
    return in_language(default_questions(), language)


def area_choices(panel: Panel) -> list[tuple[str, str]]:
    names = {area.code: area.name for area in list_areas()}
    return [(code, names.get(code, code)) for code in panel.area_codes]


def confirm_message(panel: Panel, method: str) -> Compose:
    """The double opt-in message: a confirmation link and the member's personal link."""

    def compose(token: str, confirm_token: str) -> Message:
        confirm = external_url("panel.public_confirm", token=confirm_token)
        page = external_url("panel.public_member", token=token)
        if method == model.ContactMethod.SMS:
            return Message("", _("%(panel)s: confirm you want to join: %(link)s", panel=panel.name, link=confirm))
        body = _(
            "Thank you for joining %(panel)s.\n\nPlease confirm your email address by opening this link within "
            "%(days)s days:\n%(confirm)s\n\nYour personal link, to change your details, pause or leave at any "
            "time (keep it private):\n%(page)s\n",
            panel=panel.name,
            days=model.CONFIRM_LINK_DAYS,
            confirm=confirm,
            page=page,
        )
        return Message(_("Confirm you want to join %(panel)s", panel=panel.name), body)

    return compose


def labels() -> dict[str, Any]:
    return {
        "status_label": lambda value: str(model.STATUS_LABELS.get(value, value)),
        "method_label": lambda value: model.label_for(model.CONTACT_METHODS, value),
        "format_label": lambda value: model.label_for(model.FORMATS, value),
        "source_label": lambda value: model.label_for(model.SOURCES, value),
        "language_label": lambda code: BY_CODE[code].name if code in BY_CODE else code,
    }


panel_bp.context_processor(labels)


@panel_bp.after_request
def _never_store_personal_pages(response: Response) -> Response:
    """A member's own pages show their contact details: no browser or proxy keeps a copy."""
    if request.path.startswith("/panel/me/") or request.path.startswith("/panel/confirm/"):
        response.headers["Cache-Control"] = "no-store"
    return response
