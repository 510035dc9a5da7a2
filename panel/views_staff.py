"""Staff: panels, members (contact details for admins and panel managers only, every view and
export audited), adding members who joined on paper or by phone, importing a panel from a file,
and recruitment channels with QR codes."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from panel import export, forms, importing, model, repository
from panel.blueprint import PANEL, STAFF, panel_bp, panel_or_404
from toolkit import qr, spreadsheets, teams
from toolkit.auth import current_user, has_role, role_required
from toolkit.auth import current_user_id as _user_id
from toolkit.auth.blueprint import external_url
from toolkit.equality import AreaChoiceError, area_names, resolve_areas
from toolkit.i18n import SUPPORTED_LOCALES
from toolkit.schema import Panel
from toolkit.views import Page, form_page

QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@panel_bp.get(f"{STAFF}/")
@role_required("viewer")
def index() -> str:
    user = current_user()
    found = repository.panels(teams.visible_team_ids(user) if user else set())
    return render_template("panel/staff/index.html", panels=found, can_edit=has_role(user, "lead"))


@panel_bp.route(f"{STAFF}/new", methods=["GET", "POST"])
@role_required("lead")
def new() -> Page:
    form = forms.PanelForm()
    if form.validate_on_submit():
        try:
            areas = resolve_areas(form.areas.data or "")
            user = current_user()
            team = next(iter(sorted(teams.team_ids_of(user))), None) if user else None
            created = repository.create_panel(form.name.data or "", form.slug.data or "", areas, team, _user_id())
            return redirect(url_for("panel.overview", panel_id=created.id))
        except AreaChoiceError as error:
            form.areas.errors = [*form.areas.errors, str(error)]
        except model.PanelError as error:
            forms.add_problems(form, error)
    return form_page("panel/staff/new.html", form, back_url=url_for("panel.index"))


@panel_bp.get(PANEL)
@role_required("viewer")
def overview(panel_id: int) -> str:
    panel = panel_or_404(panel_id)
    return render_template(
        "panel/staff/overview.html",
        panel=panel,
        counts=repository.counts(panel.id),
        areas=area_names(panel.area_codes),
        join_url=external_url("panel.public_join", slug=panel.slug),
        can_edit=has_role(current_user(), "lead"),
        may_see_contacts=has_role(current_user(), "panel_manager"),
    )


@panel_bp.route(f"{PANEL}/settings", methods=["GET", "POST"])
@role_required("lead")
def settings(panel_id: int) -> Page:
    panel = panel_or_404(panel_id)
    form = forms.SettingsForm(obj=panel)
    if form.validate_on_submit():
        repository.update_settings(panel, {f.name: f.data for f in form if f.name != "csrf_token"}, _user_id())
        flash(_("Settings saved."))
        return redirect(url_for("panel.overview", panel_id=panel.id))
    return form_page(
        "panel/staff/settings.html", form, panel=panel, back_url=url_for("panel.overview", panel_id=panel.id)
    )


def _members_page(panel_id: int, *, contacts: bool) -> str:
    panel = panel_or_404(panel_id)
    status = forms.StatusFilter(request.args)
    wanted = status.status.data if status.validate() else None
    rows = repository.member_rows(panel.id, status=wanted or None, with_contacts=contacts, by=_user_id())
    return render_template(
        "panel/staff/members.html",
        panel=panel,
        rows=rows,
        filter=status,
        contacts=contacts,
        may_see_contacts=has_role(current_user(), "panel_manager"),
        form=forms.ConfirmForm(),
    )


@panel_bp.get(f"{PANEL}/members")
@role_required("lead")
def members(panel_id: int) -> str:
    return _members_page(panel_id, contacts=False)


@panel_bp.get(f"{PANEL}/members/contacts")
@role_required("panel_manager")
def member_contacts(panel_id: int) -> str:
    """The members list with contact details: admins and panel managers only, audited."""
    return _members_page(panel_id, contacts=True)


@panel_bp.get(f"{PANEL}/members/contacts.csv")
@role_required("panel_manager")
def export_contacts(panel_id: int) -> Response:
    panel = panel_or_404(panel_id)
    confirmed = model.MemberStatus.CONFIRMED
    rows = repository.member_rows(panel.id, status=confirmed, with_contacts=False, by=None, limit=100_000)
    contacts = repository.contacts_for_staff(panel.id, [r.id for r in rows], _user_id(), export=True)
    response = current_app.response_class(export.contacts_csv(rows, contacts), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="panel-{panel.slug}-contacts.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@panel_bp.route(f"{PANEL}/members/add", methods=["GET", "POST"])
@role_required("lead")
def add_member(panel_id: int) -> Page:
    panel = panel_or_404(panel_id)
    form = forms.StaffMemberForm()
    if form.validate_on_submit():
        try:
            joining = model.Joining(
                form.contact(),
                form.preferences(),
                model.About({}),
                panel.consent_version,
                source=form.source.data or model.JoinSource.PAPER,
            )
            repository.join(panel, joining, None, by=_user_id())
            flash(_("Member added."))
            return redirect(url_for("panel.members", panel_id=panel.id))
        except model.PanelError as error:
            if isinstance(error, repository.DuplicateError):
                forms.add_problems(form, error)
    wording = model.consent_wording(panel.consent_version)
    return form_page(
        "panel/staff/add_member.html",
        form,
        panel=panel,
        wording=wording,
        back_url=url_for("panel.members", panel_id=panel.id),
    )


@panel_bp.post(f"{PANEL}/members/<int:member_id>/confirm")
@role_required("lead")
def confirm_member(panel_id: int, member_id: int) -> Response:
    member = repository.get_member(panel_id, member_id) or abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    repository.confirm_by_staff(member, _user_id())
    flash(_("Member confirmed."))
    return redirect(url_for("panel.members", panel_id=panel_id))


@panel_bp.post(f"{PANEL}/members/<int:member_id>/remove")
@role_required("panel_manager")
def remove_member(panel_id: int, member_id: int) -> Response:
    member = repository.get_member(panel_id, member_id) or abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    repository.remove_by_staff(member, _user_id())
    flash(_("Member removed: their contact details and equality answers have been deleted."))
    return redirect(url_for("panel.members", panel_id=panel_id))


@panel_bp.route(f"{PANEL}/import", methods=["GET", "POST"])
@role_required("panel_manager")
def import_members(panel_id: int) -> Page:
    panel = panel_or_404(panel_id)
    form = forms.ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            table = importing.read_table(upload.read(), upload.filename or "")
            problem = importing.header_problem(table[0] if table else [])
            if problem:
                raise spreadsheets.SpreadsheetError(problem)
            emails, phones = repository.known_contacts(panel.id)
            report = importing.check_rows(table, languages=SUPPORTED_LOCALES, known_emails=emails, known_phones=phones)
            accepted = [joining for _row, joining in report.accepted]
            repository.import_members(panel, accepted, report.summary(), upload.filename or "", _user_id())
        except spreadsheets.SpreadsheetError as error:
            form.file.errors = [*form.file.errors, str(error)]
    return form_page(
        "panel/staff/import.html",
        form,
        panel=panel,
        report=report,
        columns=importing.COLUMNS,
        back_url=url_for("panel.members", panel_id=panel.id),
    )


@panel_bp.get(f"{PANEL}/channels")
@role_required("viewer")
def channels(panel_id: int) -> Page:
    return _channels_page(panel_or_404(panel_id), forms.ChannelForm())


def _channels_page(panel: Panel, form: forms.ChannelForm) -> Page:
    return form_page(
        "panel/staff/channels.html",
        form,
        panel=panel,
        channels=repository.channels(panel.id),
        join_url=external_url("panel.public_join", slug=panel.slug),
        can_edit=has_role(current_user(), "lead"),
        back_url=url_for("panel.overview", panel_id=panel.id),
    )


@panel_bp.post(f"{PANEL}/channels")
@role_required("lead")
def add_channel(panel_id: int) -> Page:
    panel = panel_or_404(panel_id)
    form = forms.ChannelForm()
    if form.validate_on_submit():
        try:
            repository.add_channel(panel.id, form.name.data or "", _user_id())
            return redirect(url_for("panel.channels", panel_id=panel.id))
        except model.PanelError as error:
            forms.add_problems(form, error)
    return _channels_page(panel, form)


@panel_bp.get(f"{PANEL}/channels/<int:recruitment_channel_id>/qr.<kind>")
@role_required("viewer")
def channel_qr(panel_id: int, recruitment_channel_id: int, kind: str) -> Response:
    panel = panel_or_404(panel_id)
    channel = repository.get_channel(panel.id, recruitment_channel_id) or abort(404)
    if kind not in QR_TYPES:
        abort(404)
    url = external_url("panel.public_join", slug=panel.slug, c=channel.code)
    image = qr.qr_svg(url) if kind == "svg" else qr.qr_png(url)
    response = current_app.response_class(image, mimetype=QR_TYPES[kind])
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="panel-qr-{channel.code}.{kind}"'
    return response
