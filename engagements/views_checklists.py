"""Staff: an engagement's checklists (at the versions it started with), ticking items with a note
and evidence; admins upload and adopt checklist versions and keep the calendar of periods."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from engagements import checklists, forms, repository, ticking
from engagements.blueprint import ONE, STAFF, add_problems, engagement_or_404, engagements, staff_id
from engagements.checklists import Checklist, ChecklistError
from engagements.model import EngagementError
from toolkit.auth import current_user, has_role, role_required
from toolkit.schema import Engagement
from toolkit.views import Page, form_page

CHECKLIST = f"{ONE}/checklists/<key>"


def _checklist_or_404(engagement: Engagement, key: str) -> Checklist:
    found = repository.engagement_checklist(engagement, key)
    if found is None:
        abort(404)
    return found


@engagements.get(f"{ONE}/checklists")
@role_required("viewer")
def checklists_page(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    ticks = repository.ticks(engagement_id)
    lists = repository.engagement_checklists(found)
    progress = {c.key: checklists.progress(c, {i: t for (k, i), t in ticks.items() if k == c.key}) for c in lists}
    return render_template(
        "engagements/checklists.html",
        engagement=found,
        checklists=lists,
        progress=progress,
        blockers=repository.launch_blockers(found),
        back_url=url_for("engagements.overview", engagement_id=engagement_id),
    )


@engagements.get(CHECKLIST)
@role_required("viewer")
def checklist(engagement_id: int, key: str) -> str:
    found = engagement_or_404(engagement_id)
    shown = _checklist_or_404(found, key)
    ticks = {i: t for (k, i), t in repository.ticks(engagement_id).items() if k == key}
    back = url_for("engagements.checklists_page", engagement_id=engagement_id)
    return render_template("engagements/checklist.html", engagement=found, checklist=shown, ticks=ticks, back_url=back)


def _upload(storage: FileStorage | None) -> ticking.Upload | None:
    if storage is None or not storage.filename:
        return None
    return ticking.check_upload(storage.filename, storage.read(ticking.MAX_FILE_BYTES + 1))


@engagements.route(f"{CHECKLIST}/<item_id>", methods=["GET", "POST"])
@role_required("facilitator")
def tick(engagement_id: int, key: str, item_id: str) -> Page:
    request.max_content_length = ticking.MAX_FILE_BYTES + 64 * 1024  # evidence may be a committee paper
    found = engagement_or_404(engagement_id)
    shown = _checklist_or_404(found, key)
    item = shown.item(item_id) or abort(404)
    form = forms.TickForm()
    if form.validate_on_submit():
        try:
            draft = ticking.TickDraft(
                bool(form.done.data), form.note.data or "", form.link.data or "", _upload(form.file.data)
            )
            repository.save_tick(found, key, item_id, draft, staff_id())
            flash(_("Checklist item saved."))
            return redirect(url_for("engagements.checklist", engagement_id=engagement_id, key=key, _anchor=item_id))
        except ValueError as error:
            add_problems(form, "file" if not isinstance(error, EngagementError) else "link", error)
    elif not form.is_submitted():
        state = repository.tick_row(engagement_id, key, item_id)
        if state is not None:
            form.done.data, form.note.data, form.link.data = state.done, state.note, state.evidence_link
    back = url_for("engagements.checklist", engagement_id=engagement_id, key=key)
    context = {"engagement": found, "checklist": shown, "item": item, "back_url": back}
    return form_page("engagements/tick.html", form, **context)


@engagements.get(f"{ONE}/evidence/<int:file_id>")
@role_required("viewer")
def evidence(engagement_id: int, file_id: int) -> Response:
    stored = repository.evidence_file(engagement_id, file_id) or abort(404)
    response = Response(stored.content, mimetype=stored.mime_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{stored.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- admin: checklist versions -------------------------------------------------------------


@engagements.route(f"{STAFF}/checklists", methods=["GET", "POST"])
@role_required("admin")
def admin_checklists() -> Page:
    form = forms.UploadChecklistForm()
    if form.validate_on_submit():
        try:
            storage = form.file.data
            data = storage.read(checklists.MAX_UPLOAD_BYTES + 1) if storage and storage.filename else b""
            uploaded = repository.upload_checklist(data, staff_id())
            flash(
                _(
                    "Version %(version)s of %(title)s uploaded. Adopt it to start new engagements on it.",
                    version=uploaded.version,
                    title=uploaded.title,
                )
            )
            return redirect(url_for("engagements.admin_checklists"))
        except ChecklistError as error:
            add_problems(form, "file", error)
    current = repository.current_versions()
    keys = checklists.ordered({*current, *(u.checklist_key for u in repository.uploaded())})
    versions = {key: repository.versions(key) for key in keys}
    return form_page(
        "engagements/admin_checklists.html",
        form,
        current=current,
        versions=versions,
        back_url=url_for("engagements.index"),
    )


@engagements.post(f"{STAFF}/checklists/<key>/adopt")
@role_required("admin")
def adopt(key: str) -> Page:
    form = forms.AdoptForm()
    form.version.choices = [(c.version, c.version) for c in repository.versions(key)]
    if not form.validate_on_submit():
        abort(400)
    repository.adopt(key, form.version.data or "", staff_id())
    flash(
        _(
            "New engagements now start on version %(version)s. Running engagements keep theirs.",
            version=form.version.data,
        )
    )
    return redirect(url_for("engagements.admin_checklists"))


# --- admin: pre-election periods and school holidays ---------------------------------------


@engagements.route(f"{STAFF}/calendar", methods=["GET", "POST"])
@role_required("viewer")
def calendar() -> Page:
    form = forms.PeriodForm()
    if form.validate_on_submit():
        _require_admin()
        starts_on, ends_on = form.starts_on.data, form.ends_on.data
        assert starts_on is not None and ends_on is not None  # both InputRequired
        try:
            repository.add_period(form.kind.data or "", form.name.data or "", starts_on, ends_on, staff_id())
            flash(_("Period added."))
            return redirect(url_for("engagements.calendar"))
        except EngagementError as error:
            add_problems(form, "ends_on", error)
    return form_page(
        "engagements/calendar.html",
        form,
        shipped=repository.all_periods(),
        added=repository.periods(),
        back_url=url_for("engagements.index"),
    )


@engagements.post(f"{STAFF}/calendar/<int:period_id>/delete")
@role_required("admin")
def delete_period(period_id: int) -> Page:
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        repository.delete_period(period_id, staff_id())
        flash(_("Period removed."))
    except EngagementError:
        abort(404)
    return redirect(url_for("engagements.calendar"))


def _require_admin() -> None:
    if not has_role(current_user(), "admin"):
        abort(403)
