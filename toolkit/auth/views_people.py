"""Admins: people, invitations, teams and the organisation's sign-in settings."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit import teams
from toolkit.auth import current_user_id, invitations, role_required, two_factor, users
from toolkit.auth.blueprint import Page, add_error, auth, external_url, form_page
from toolkit.auth.forms import ACCOUNT_PROBLEMS, ActionForm, InviteForm, PersonForm, TeamForm
from toolkit.auth.users import AccountError


def _team_choices() -> list[tuple[int, str]]:
    return [(team.id, team.name) for team in teams.all_teams()]


def _admin_id() -> int:
    user_id = current_user_id()
    assert user_id is not None
    return user_id


@auth.get("/people")
@role_required("admin")
def people() -> str:
    return render_template(
        "auth/people.html",
        people=users.all_users(),
        memberships=teams.members_by_user(),
        team_names={team.id: team.name for team in teams.all_teams()},
        pending=invitations.pending_invitations(),
        settings=two_factor.settings(),
        form=ActionForm(),
    )


@auth.route("/people/invite", methods=["GET", "POST"])
@role_required("admin")
def invite() -> Page:
    form = InviteForm()
    form.teams.choices = _team_choices()
    if form.validate_on_submit():
        config = current_app.config
        try:
            invitations.invite(
                form.email.data or "",
                form.role.data or "",
                form.teams.data or [],
                _admin_id(),
                hours=config["INVITATION_HOURS"],
                link_for=lambda token: external_url("auth.accept_invitation", token=token),
                organisation=config["ORGANISATION_NAME"],
            )
        except AccountError as error:
            add_error(form, "email", error)
        else:
            flash(_("Invitation sent to %(email)s. The link works for 72 hours.", email=form.email.data))
            return redirect(url_for("auth.people"))
    return form_page("auth/invite.html", form, back_url=url_for("auth.people"))


@auth.route("/people/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def person(user_id: int) -> Page:
    found = users.get(user_id) or abort(404)
    form = PersonForm(data={"role": found.role, "teams": sorted(teams.team_ids_of(found))})
    form.teams.choices = _team_choices()
    if form.validate_on_submit():
        try:
            users.change_role(found, form.role.data or "", _admin_id())
            users.set_teams(found, form.teams.data or [], _admin_id())
        except AccountError as error:
            add_error(form, "role", error)
        else:
            flash(_("Saved the changes to %(name)s.", name=found.name))
            return redirect(url_for("auth.people"))
    return form_page("auth/person.html", form, person=found, action_form=ActionForm(), back_url=url_for("auth.people"))


@auth.post("/people/<int:user_id>/<any(deactivate, reactivate):action>")
@role_required("admin")
def set_active(user_id: int, action: str) -> Response:
    found = users.get(user_id) or abort(404)
    if ActionForm().validate_on_submit():
        try:
            users.set_active(found, action == "reactivate", _admin_id())
        except AccountError as error:
            flash(str(ACCOUNT_PROBLEMS[error.key]))
        else:
            if action == "deactivate":
                flash(_("%(name)s can no longer sign in and has been signed out everywhere.", name=found.name))
            else:
                flash(_("%(name)s can sign in again.", name=found.name))
    return redirect(url_for("auth.person", user_id=user_id))


@auth.post("/people/invitations/<int:invitation_id>/revoke")
@role_required("admin")
def revoke_invitation(invitation_id: int) -> Response:
    if ActionForm().validate_on_submit():
        invitations.revoke(invitation_id, _admin_id())
        flash(_("The invitation has been withdrawn: its link no longer works."))
    return redirect(url_for("auth.people"))


@auth.post("/people/two-factor")
@role_required("admin")
def require_two_factor() -> Response:
    if ActionForm().validate_on_submit():
        required = not two_factor.settings().require_two_factor_for_all
        two_factor.set_required_for_all(required, _admin_id())
        if required:
            flash(_("Everyone must now use two-factor sign-in. People set it up the next time they sign in."))
        else:
            flash(_("Two-factor sign-in is now required only for admins."))
    return redirect(url_for("auth.people"))


@auth.route("/teams", methods=["GET", "POST"])
@role_required("admin")
def teams_page() -> Page:
    form = TeamForm()
    if form.validate_on_submit():
        try:
            teams.create_team(form.name.data or "", _admin_id())
        except ValueError:
            form.name.errors = [_("There is already a team with this name")]
        else:
            flash(_("Team %(name)s added.", name=form.name.data))
            return redirect(url_for("auth.teams_page"))
    return form_page("auth/teams.html", form, teams=teams.all_teams(), back_url=url_for("auth.people"))
