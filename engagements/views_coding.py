"""Staff: the engagement's codebook, and coding every comment against it from the keyboard."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engagements import coding, forms, redaction, refi, repository
from engagements import coding_repository as codes
from engagements.blueprint import (
    ONE,
    add_problems,
    engagement_or_404,
    engagements,
    posted_codes,
    staff_id,
    visible_teams,
)
from engagements.coding import CodeDraft, Filters
from engagements.model import EngagementError
from toolkit.auth import current_user, has_role, role_required
from toolkit.views import Page, form_page

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _code_form(engagement_id: int, own_id: int | None = None) -> forms.CodeForm:
    form = forms.CodeForm()
    themes = [c for c in codes.codebook(engagement_id) if c.parent_id is None and c.id != own_id]
    form.parent.choices = [("", _("None: it is a theme")), *((str(c.id), c.name) for c in themes)]
    return form


def _draft(form: forms.CodeForm) -> CodeDraft:
    parent = int(form.parent.data) if (form.parent.data or "").isdigit() else None
    values = (form.definition.data, form.include_example.data, form.exclude_example.data)
    return CodeDraft(form.name.data or "", parent, *(v or "" for v in values))


@engagements.route(f"{ONE}/codebook", methods=["GET", "POST"])
@role_required("viewer")
def codebook(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = _code_form(engagement_id)
    if form.validate_on_submit():
        _require("lead")
        try:
            codes.add_code(engagement_id, _draft(form), staff_id())
            flash(_("Code added."))
            return redirect(url_for("engagements.codebook", engagement_id=engagement_id))
        except EngagementError as error:
            add_problems(form, "name", error)
    copy = forms.CopyCodebookForm(prefix="copy")
    others = [e for e in repository.all_engagements(visible_teams()) if e.id != engagement_id]
    copy.source.choices = [(str(e.id), e.title) for e in others]
    context = {
        "engagement": found,
        "codebook": codes.codebook(engagement_id),
        "copy": copy,
        "upload": forms.ImportCodebookForm(prefix="import"),
        "coded_upload": forms.ImportCodingForm(prefix="coded"),
        "board_themes": codes.board_themes(engagement_id),
        "back_url": url_for("engagements.overview", engagement_id=engagement_id),
    }
    return form_page("engagements/codebook.html", form, **context)


@engagements.route(f"{ONE}/codebook/<int:code_id>", methods=["GET", "POST"])
@role_required("lead")
def edit_code(engagement_id: int, code_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    row = codes.get_code(engagement_id, code_id) or abort(404)
    form = _code_form(engagement_id, own_id=code_id)
    if form.validate_on_submit():
        try:
            codes.update_code(row, _draft(form), staff_id())
            flash(_("Code saved."))
            return redirect(url_for("engagements.codebook", engagement_id=engagement_id))
        except EngagementError as error:
            add_problems(form, "name", error)
    elif not form.is_submitted():
        form.process(
            data={
                "name": row.name,
                "parent": str(row.parent_id or ""),
                "definition": row.definition,
                "include_example": row.include_example,
                "exclude_example": row.exclude_example,
            }
        )
    back = url_for("engagements.codebook", engagement_id=engagement_id)
    return form_page("engagements/code_form.html", form, engagement=found, code=row, back_url=back)


@engagements.post(f"{ONE}/codebook/<int:code_id>/delete")
@role_required("lead")
def delete_code(engagement_id: int, code_id: int) -> Response:
    row = codes.get_code(engagement_id, code_id) or abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    codes.delete_code(row, staff_id())
    flash(_("Code deleted."))
    return redirect(url_for("engagements.codebook", engagement_id=engagement_id))


@engagements.post(f"{ONE}/codebook/copy")
@role_required("lead")
def copy_codebook(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    form = forms.CopyCodebookForm(prefix="copy")
    others = repository.all_engagements(visible_teams())
    form.source.choices = [(str(e.id), e.title) for e in others if e.id != engagement_id]
    if not form.validate_on_submit():
        abort(400)
    added = codes.copy_codebook(int(form.source.data), engagement_id, staff_id())
    flash(_("%(count)d codes copied.", count=added))
    return redirect(url_for("engagements.codebook", engagement_id=engagement_id))


@engagements.post(f"{ONE}/codebook/import")
@role_required("lead")
def import_codebook(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    form = forms.ImportCodebookForm(prefix="import")
    if not form.validate_on_submit():
        abort(400)
    storage = form.file.data
    data = storage.read(2_000_001) if storage and storage.filename else b""
    try:
        if (storage.filename or "").lower().endswith(".qdc"):
            added = codes.import_qdc(engagement_id, data, staff_id())
        elif (storage.filename or "").lower().endswith(".xlsx"):
            added = codes.import_csv(engagement_id, coding.rows_csv(coding.rows_from_xlsx(data)), staff_id())
        else:
            added = codes.import_csv(engagement_id, data.decode("utf-8-sig"), staff_id())
        flash(_("%(count)d codes imported.", count=added))
    except UnicodeDecodeError:
        flash(_("The file must be a CSV saved as UTF-8 with a column called theme"))
    except (EngagementError, ValueError) as error:
        flash(" ".join(str(p) for p in getattr(error, "problems", [error])))
    return redirect(url_for("engagements.codebook", engagement_id=engagement_id))


@engagements.post(f"{ONE}/coding/import")
@role_required("facilitator")
def import_coding(engagement_id: int) -> Response:
    """Coded comments from a CSV or Excel file become the importing coder's codes."""
    engagement_or_404(engagement_id)
    form = forms.ImportCodingForm(prefix="coded")
    if not form.validate_on_submit():
        abort(400)
    storage = form.file.data
    data = storage.read(5_000_001) if storage and storage.filename else b""
    try:
        xlsx = (storage.filename or "").lower().endswith(".xlsx")
        text = coding.rows_csv(coding.rows_from_xlsx(data)) if xlsx else data.decode("utf-8-sig")
        count = codes.import_codings(engagement_id, text, staff_id())
        flash(_("Codes imported for %(count)d comments.", count=count))
    except UnicodeDecodeError:
        flash(_("The file must be a CSV saved as UTF-8, or an Excel workbook"))
    except (EngagementError, ValueError) as error:
        flash(" ".join(str(p) for p in getattr(error, "problems", [error])))
    return redirect(url_for("engagements.codebook", engagement_id=engagement_id))


@engagements.post(f"{ONE}/codebook/board")
@role_required("lead")
def map_board_themes(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    for theme, _title in codes.board_themes(engagement_id):
        chosen = request.form.get(f"theme-{theme.id}", "")
        code_id = int(chosen) if chosen.isdigit() else None
        if code_id != theme.code_id:
            try:
                codes.map_theme(engagement_id, theme.id, code_id, staff_id())
            except EngagementError:
                abort(400)
    flash(_("Board themes mapped to the codebook."))
    return redirect(url_for("engagements.codebook", engagement_id=engagement_id, _anchor="board"))


@engagements.get(f"{ONE}/codebook.csv")
@role_required("viewer")
def codebook_csv(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    return _csv(coding.codebook_csv(codes.codebook(engagement_id)), f"codebook-{engagement_id}.csv")


@engagements.get(f"{ONE}/codebook.qdc")
@role_required("viewer")
def codebook_qdc(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    try:
        data = refi.to_qdc(codes.codebook(engagement_id), engagement_id)
    except ValueError:
        abort(404)
    response = Response(data, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="codebook-{engagement_id}.qdc"'
    return response


@engagements.get(f"{ONE}/coding.xlsx")
@role_required("viewer")
def coding_xlsx(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    response = Response(codes.export_xlsx(engagement_id), mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="codebook-and-coding-{engagement_id}.xlsx"'
    return response


def _csv(text: str, name: str) -> Response:
    response = Response("\ufeff" + text, mimetype=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- coding -------------------------------------------------------------------------------


def _filters() -> Filters:
    code = request.args.get("code", "")
    source = request.args.get("source", "")
    return Filters(
        source=source if source in coding.SOURCES else "",
        question=request.args.get("question", "")[:500],
        code_id=int(code) if code.isdigit() else None,
        uncoded=request.args.get("uncoded") == "1",
    )


def _filter_args(filters: Filters, blind: bool = False) -> dict[str, Any]:
    args = {
        "source": filters.source,
        "question": filters.question,
        "code": filters.code_id or "",
        "uncoded": "1" if filters.uncoded else "",
        "sample": "1" if blind else "",
    }
    return {k: v for k, v in args.items() if v}


@engagements.get(f"{ONE}/coding")
@role_required("facilitator")
def coding_page(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    filters = _filters()
    blind = request.args.get("sample") == "1"
    state = codes.coding_state(engagement_id, staff_id(), filters, request.args.get("at", ""), blind)
    form = forms.CodingForm()
    form.codes.choices = [(c.id, coding.label(c, state.codebook)) for c in state.codebook]
    if state.current is not None:
        form.key.data, form.next_key.data = str(state.current.key), str(state.next.key) if state.next else ""
        form.codes.data = sorted(state.mine)
    return render_template(
        "engagements/coding.html",
        engagement=found,
        state=state,
        form=form,
        filters=filters,
        filter_args=_filter_args(filters, blind),
        blind=blind,
        source_labels=coding.SOURCE_LABELS,
        back_url=url_for("engagements.overview", engagement_id=engagement_id),
    )


@engagements.post(f"{ONE}/coding")
@role_required("facilitator")
def save_coding(engagement_id: int) -> Response:
    engagement_or_404(engagement_id)
    form = forms.CodingForm()
    key, chosen = posted_codes(form, engagement_id)
    try:
        codes.set_codes(engagement_id, key, chosen, staff_id())
    except EngagementError:
        abort(400)
    after = form.next_key.data if coding.parse_key(form.next_key.data or "") else str(key)
    return redirect(
        url_for(
            "engagements.coding_page",
            engagement_id=engagement_id,
            at=after,
            **_filter_args(_filters(), request.args.get("sample") == "1"),
        )
    )


@engagements.get(f"{ONE}/coded-comments.csv")
@role_required("viewer")
def coded_csv(engagement_id: int) -> Response:
    """Staff who code get what people said; everyone else (and anyone asking for the published
    version) gets the words as redacted for publication."""
    engagement_or_404(engagement_id)
    published = request.args.get("published") == "1" or not has_role(current_user(), "facilitator")
    name = f"coded-comments-{engagement_id}{'-published' if published else ''}.csv"
    return _csv(codes.coded_comments_csv(engagement_id, published), name)


@engagements.route(f"{ONE}/redact", methods=["GET", "POST"])
@role_required("lead")
def redact(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    key = coding.parse_key(request.args.get("key", ""))
    said = codes.comment(engagement_id, key) if key else None
    if said is None:
        abort(404)
    form = forms.RedactionForm()
    if form.validate_on_submit():
        try:
            codes.redact(engagement_id, said.key, form.text.data or "", form.reason.data or "", staff_id())
            flash(_("The words to publish are saved. What the person said is kept as it was."))
            return redirect(url_for("engagements.coding_page", engagement_id=engagement_id, at=str(said.key)))
        except EngagementError as error:
            add_problems(form, "text", error)
    elif not form.is_submitted():
        form.text.data = codes.redactions(engagement_id).get(said.key) or redaction.suggested(said.text)
    back = url_for("engagements.coding_page", engagement_id=engagement_id, at=str(said.key))
    return form_page("engagements/redact.html", form, engagement=found, comment=said, back_url=back)


def _require(role: str) -> None:
    if not has_role(current_user(), role):
        abort(403)
