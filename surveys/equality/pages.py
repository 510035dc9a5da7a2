"""What more than one staff page needs from equality monitoring: the weighted-results part,
shown on the results page and on the representativeness dashboard. No Flask: the caller passes
the query string in. The data comes from the service; the form only says which margins."""

from __future__ import annotations

from typing import Any

from surveys.equality import service as equality_service
from surveys.equality import tasks as equality_tasks
from surveys.equality.forms import weighting_form
from surveys.equality.service import Publication, Setup
from toolkit.text import lazy as _l

PREPARING = _l(
    "The equality figures are being checked before they are shown, so that nobody can be identified. "
    "This takes a few minutes for a large survey: refresh this page to see them."
)


def weighting_context(
    survey: Any, filters: Any, args: Any, found: Setup | None = None, now: Publication | None = None
) -> dict[str, Any]:
    """What the weighted-results part of a page needs (the results page and the dashboard), given
    the valid response filters and the query string (and `now`, the page's publication if it has
    one already): nothing when the survey has no population to compare with."""
    found = found or equality_service.setup(survey)
    if not found.comparisons:
        return {}
    form = weighting_form(args, equality_service.margin_choices(found))
    weighted, on_queue = None, False
    problem = equality_service.view_problem(filters.response_filter())
    if form.validate() and form.margin.data and not problem:
        now = now or equality_service.publication(survey, found, equality_tasks.publish_soon)
        views = now.views
        if views is None:
            problem = str(PREPARING)
        elif equality_service.too_many_to_weigh(survey, filters.response_filter(), views):
            most = f"{equality_service.WEIGHED_IN_A_REQUEST:,}"
            problem = str(
                _l(
                    "These filters include more than %(most)s responses, too many to weigh while the page loads. "
                    "Weigh them in the background instead: a progress page shows how it is going, and you get a "
                    "spreadsheet of the weighted results when it is done.",
                    most=most,
                )
            )
            on_queue = True
        else:
            weighted = equality_service.weighting(survey, found, filters.response_filter(), form.margin.data, views)
    return {"weighting_form": form, "weighted": weighted, "weighting_view_problem": problem, "weigh_on_queue": on_queue}
