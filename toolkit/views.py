"""What the view modules of every area share: the type a view returns, a form page that answers
400 when posted input was wrong, and 404 for a thing that is not there (or not under its owner).

Views only: this module uses Flask's request and templates. Areas import it; it imports no area.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import abort, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.form import BaseForm

from toolkit.forms import error_summary_params

T = TypeVar("T")

# What a view returns: a page, a redirect or a file, or a page with its status (400: input was wrong).
Page = str | Response | tuple[str, int] | tuple[Response, int]


def or_404(found: T | None) -> T:
    """The thing a repository found, or 404. Repositories look children up by their owner's id as
    well as their own (a round of this session, a survey's channel), so this is the owner check too."""
    if found is None:
        abort(404)
    return found


def bad_request_if(html: str, wrong: bool) -> Page:
    """A page shown again because what was posted was wrong answers 400, so tests, logs and
    assistive technology see a refusal; otherwise 200."""
    return (html, 400) if wrong else html


def form_page(template: str, form: BaseForm, **context: Any) -> Page:
    """Render a form page with the NHS.UK error summary. After a POST that comes back here the
    input was wrong: 400."""
    return form_page_with_problems(template, form, (), **context)


def form_page_with_problems(
    template: str, form: BaseForm, errors: Sequence[str], *, checking: bool = False, **context: Any
) -> Page:
    """`form_page` with problems that belong to no one field (`errors`, linked to the first field)
    in the summary too; `checking`: the POST only asked to see the page again (nothing wrong,
    nothing saved), so 200."""
    summary = error_summary_params(form, _("There is a problem"))
    if errors:
        summary = summary or {"titleText": _("There is a problem"), "errorList": []}
        first = next((field for field in form if field.name != "csrf_token"), None)
        summary["errorList"] += [{"text": e, "href": f"#{first.id}" if first else ""} for e in errors]
    html = render_template(template, form=form, error_summary=summary, **context)
    return bad_request_if(html, request.method == "POST" and summary is not None and not checking)
