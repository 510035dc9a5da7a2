"""Equality monitoring for the staff pages: the one place the views call.

Joins the survey's definitions, its area and the stored equality answers to the plain modules
(`equality`, `equality_dashboard`, `equality_weighting`). No Flask here; database access goes
through the repositories.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from surveys import repository
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.equality import tallies
from surveys.equality import tally_repository as equality_tally
from surveys.equality import translation as equality_translation
from surveys.equality.dashboard import (
    Comparison,
    DashboardView,
    Published,
    build_from,
    cells,
    fields,
    publish_from_cells,
    responses_frame,
)
from surveys.equality.dashboard import select as select_view
from surveys.equality.dashboard import view_problem as dashboard_view_problem
from surveys.equality.repository import PopulationSettings
from surveys.equality.weighting import Weighting, weight
from surveys.model import Question, SurveyDefinition, from_dict
from surveys.repository import ResponseFilter
from surveys.results import export
from surveys.results.summary import report_questions
from toolkit.equality import AnswerTally, tally_answers
from toolkit.equality_blocks import (
    DAY,
    FIELD,
    PUBLISHING_VERSION,
    TOTAL,
    N,
    cells_digest,
    complete_cells,
    policy_block_ends,
    tables_from_json,
    tables_to_json,
)
from toolkit.population import (
    AreaPopulation,
    PopulationError,
    area_population,
    category_mapping,
    custom_population_template,
    get_dimension,
    parse_custom_population_csv,
)
from toolkit.schema import Survey
from toolkit.stats.disclosure import Policy
from toolkit.text import lazy as _l


@dataclass(frozen=True)
class Setup:
    """What the dashboard can compare, and why some comparisons cannot be made."""

    settings: PopulationSettings
    questions: tuple[Question, ...]  # the equality questions asked
    comparisons: tuple[Comparison, ...]
    problems: tuple[str, ...]

    @property
    def uncompared_questions(self) -> tuple[Question, ...]:
        """Equality questions with no census comparison: counted on their own."""
        compared = {i for c in self.comparisons for i in equality.dimension_question_ids(c.key)}
        return tuple(q for q in self.questions if q.id not in compared)


def _definitions(survey: Survey) -> list[SurveyDefinition]:
    published = [from_dict(v.definition) for v in repository.versions(survey.id)]
    return published or [repository.definition_of(survey)]


def equality_questions(survey: Survey) -> tuple[Question, ...]:
    """Every equality question any published version asked (the draft's, before publishing)."""
    definitions = _definitions(survey)
    ids = frozenset().union(*(d.equality_question_ids() for d in definitions))
    return tuple(q for q in report_questions(definitions) if q.id in ids)


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's own questions, leaving the equality questions out (results and exports)."""
    definitions = _definitions(survey)
    ids = frozenset().union(*(d.equality_question_ids() for d in definitions))
    return [q for q in report_questions(definitions) if q.id not in ids]


def settings(survey: Survey) -> PopulationSettings:
    return equality_repository.population_settings(survey.id)


def setup(survey: Survey) -> Setup:
    settings = equality_repository.population_settings(survey.id)
    questions = equality_questions(survey)
    comparisons, problems = _comparisons(settings, [q.id for q in questions])
    return Setup(settings, questions, tuple(comparisons), tuple(problems))


def _comparisons(settings: PopulationSettings, question_ids: Sequence[str]) -> tuple[list[Comparison], list[str]]:
    custom = equality.custom_from_store(settings.custom) if settings.custom else {}
    comparisons: list[Comparison] = []
    problems: list[str] = []
    if not settings.chosen:
        return comparisons, problems
    mappings = list(equality.comparison_mappings(question_ids, settings.base))
    asked = frozenset(question_ids)
    wanted = {m.dimension for m in mappings}
    # A dimension only the lead's own table gives (say, 19 ethnic groups for a survey of adults).
    mappings += [
        category_mapping(key, population.base)
        for key, population in custom.items()
        if key not in wanted and equality.dimension_question_ids(key)[0] in asked
    ]
    for mapping in mappings:
        label = get_dimension(mapping.dimension).label
        try:
            population = _population(settings, custom, mapping.dimension, mapping.base)
            if population.base != mapping.base:
                mapping = category_mapping(mapping.dimension, population.base)
        except PopulationError as error:
            problems.append(str(_l("%(dimension)s is not compared: %(reason)s", dimension=label, reason=str(error))))
            continue
        comparisons.append(Comparison(label, mapping, population))
    return comparisons, problems


def _population(
    settings: PopulationSettings, custom: dict[str, AreaPopulation], dimension: str, base: str
) -> AreaPopulation:
    if dimension in custom:
        return custom[dimension]
    if not settings.area_codes:
        raise PopulationError(str(_l("your own population table has no figures for it.")))
    return area_population(settings.area_codes, dimension, base)


def view_problem(filters: ResponseFilter) -> str | None:
    """Why equality figures cannot be shown for these filters (see `dashboard.view_problem`)."""
    return dashboard_view_problem(filters.channel_id, filters.submitted_from, filters.submitted_to, filters.language)


def policy(found: Setup) -> Policy:
    return Policy(found.settings.threshold)


def today() -> date:
    """The day still taking responses (UTC, like each response's submitted day): never in a block."""
    return datetime.now(UTC).date()


def reported_answers(survey: Survey, chosen: Policy, on: date) -> AnswerTally:
    """The people who gave equality answers, counted up to the end of the survey's last complete
    reporting block before `on` (the blocks of its dashboard: `policy_block_ends` of everyone's
    days), so tables made from them change a block at a time, never by one new response. Summed
    from the equality tallies, or read from the responses when those do not count every one."""
    if equality_tally.in_step(survey.id):
        found = equality_tally.sums(survey.id)
        ends = policy_block_ends(_people_per_day(found), chosen, on)
        return tallies.answer_tally(t for t in found if ends and t.day <= ends[-1])
    rows = list(equality_repository.iter_equality_rows(survey.id))
    ends = policy_block_ends(pd.Series(Counter(r.submitted_on for r in rows), dtype="int64"), chosen, on)
    return tally_answers((r.answers, r.record_key) for r in rows if r.answers and ends and r.submitted_on <= ends[-1])


def _people_per_day(found: Iterable[tallies.Tally]) -> pd.Series:
    counted: Counter[date] = Counter()
    for t in found:
        if t.field == TOTAL:
            counted[t.day] += t.people
    return pd.Series(counted, dtype="int64")


def dashboard(survey: Survey, found: Setup, filters: ResponseFilter, drawn: bool = True) -> DashboardView:
    """The view the filters ask for, from the survey's published views (`published`: audited here
    if need be, for jobs); check `view_problem` first. Without `drawn`, no charts."""
    counted, views = published(survey, found)
    return _dashboard(survey, found, filters, counted, views, drawn)


def dashboard_now(survey: Survey, found: Setup, filters: ResponseFilter, now: Publication) -> DashboardView | None:
    """For a page: the view the filters ask for from `now` (the page's `publication`: never audited
    in the request), or None if nothing was ever published."""
    return _dashboard(survey, found, filters, now.counted, now.views) if now.views is not None else None


def _dashboard(
    survey: Survey, found: Setup, filters: ResponseFilter, counted: pd.DataFrame, views: Published, drawn: bool = True
) -> DashboardView:
    return build_from(
        counted,
        views,
        found.comparisons,
        policy=policy(found),
        channel=_channel_name(survey, filters),
        until=filters.submitted_to,
        other_questions=found.uncompared_questions,
        priority=found.settings.priority_groups,
        drawn=drawn,
    )


# --- the seldom-heard groups a lead puts first ------------------------------------------------------------

SEPARATOR = "|"  # dimension keys never hold it


def priority_choices(found: Setup) -> list[tuple[str, str]]:
    """Every group of every compared characteristic, as (value, "Characteristic: group")."""
    return [
        (f"{c.key}{SEPARATOR}{group}", f"{c.label}: {group}")
        for c in found.comparisons
        for group in c.mapping.group_population(c.population)
    ]


def chosen_priority(found: Setup) -> list[str]:
    return [f"{d}{SEPARATOR}{g}" for d, g in found.settings.priority_groups]


def save_priority(survey: Survey, values: Iterable[str], user: int | None) -> None:
    """Store the named groups (values from `priority_choices`, already checked by the form)."""
    pairs = [tuple(v.split(SEPARATOR, 1)) for v in values]
    equality_repository.save_priority_groups(survey.id, [(d, g) for d, g in pairs], user)


def engagement_seldom_heard(survey: Survey) -> str:
    """What the survey's engagement plan says about seldom-heard groups, to help the lead choose."""
    return equality_repository.engagement_seldom_heard(survey)


# --- the audited figures, kept while nothing they depend on changes ---------------------------------------
#
# Publishing audits every view of every reporting block together (`toolkit.stats.disclosure`), which
# takes seconds at tens of thousands of responses and tens of seconds at a million. What it publishes
# depends only on the cells of the complete reporting blocks (`complete_cells`: a response today, or one
# that does not complete a block, changes nothing published), the population settings and threshold,
# the questions compared and the channels' names. So the published tables are kept under a digest of
# all of them: in the database (`equality_published`, one row per survey: any app process shows them
# without auditing, and the `surveys.equality.tasks` job audits each survey taking responses soon
# after a day's blocks complete) and in each process. They are worked out again only when one of
# those changes: a response added, deleted or anonymised inside a complete block, or a block completing.
# Published figures are the same either way: the audit is deterministic.

CACHED_SURVEYS = 8
# A survey never published before with at most this many responses in complete blocks is audited in
# the page's request (well under a second), rather than showing nothing until the queue has done it.
AUDITED_IN_A_REQUEST = 5_000
_published: OrderedDict[str, Published] = OrderedDict()
_published_lock = threading.Lock()


def clear_cache() -> None:
    """Forget this process's copies (the database keeps its own)."""
    with _published_lock:
        _published.clear()


def _digest(survey: Survey, found: Setup, complete: pd.DataFrame) -> str:
    settings = found.settings
    described = json.dumps(
        [
            survey.id,
            PUBLISHING_VERSION,
            cells_digest(complete),
            [settings.area_codes, settings.base, settings.threshold, settings.custom],
            [c.key for c in found.comparisons],
            [q.id for q in found.uncompared_questions],
            [[c.id, c.name] for c in repository.channels(survey.id)],
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(described.encode()).hexdigest()


def published(survey: Survey, found: Setup) -> tuple[pd.DataFrame, Published]:
    """Every response counted in cells (`response_cells`) and the views the dashboard publishes
    from them, audited together: kept (see above) while nothing they depend on has changed, else
    audited here (the queue's job and report jobs; a page asks for `publication` instead)."""
    counted = response_cells(survey, found)
    complete = complete_cells(counted, policy(found), today())
    digest = _digest(survey, found, complete)
    views = _kept(survey, found, digest, complete)
    if views is None:
        views = publish_from_cells(complete, found.comparisons, policy(found), None, found.uncompared_questions)
        equality_repository.store_published(survey.id, digest, tables_to_json(views.tables))
        _remember(digest, views)
    return counted, views


@dataclass(frozen=True)
class Publication:
    """What a page may show now, without auditing in the request: the current views, or, while the
    queue audits a block that has just completed, the views last published (`catching_up_to` says
    up to which day the new ones will go), or nothing yet (`views` None: never audited)."""

    counted: pd.DataFrame
    views: Published | None
    catching_up_to: date | None = None


def publication(survey: Survey, found: Setup, publish_later: Callable[[int], None]) -> Publication:
    """The views a page shows: as `published`, but when they need auditing, `publish_later`
    (the queue's job) is asked to audit them and the page shows the tables last published, if
    the reporting blocks they cover are as they were (nothing in them added, deleted or changed,
    and the same settings): those figures were shown before, so showing them again discloses
    nothing new. With a queue that runs jobs at once (tests), the new views are there at once."""
    counted = response_cells(survey, found)
    complete = complete_cells(counted, policy(found), today())
    digest = _digest(survey, found, complete)
    views = _kept(survey, found, digest, complete)
    if views is None:
        publish_later(survey.id)
        views = _kept(survey, found, digest, complete)
    if views is not None:
        return Publication(counted, views)
    earlier = _earlier(survey, found, counted)
    if earlier is None and _people(complete) <= AUDITED_IN_A_REQUEST:
        return Publication(*published(survey, found))  # quick: no reason to make anyone wait
    return Publication(counted, earlier, catching_up_to=max(complete[DAY]) if len(complete) else None)


def _people(complete: pd.DataFrame) -> int:
    return int(complete.loc[complete[FIELD] == TOTAL, N].sum())


def _kept(survey: Survey, found: Setup, digest: str, complete: pd.DataFrame) -> Published | None:
    """The views published from these cells, from this process's copy or the database's."""
    with _published_lock:
        if digest in _published:
            _published.move_to_end(digest)
            return _published[digest]
    stored = equality_repository.published_tables(survey.id, digest)
    if stored is None:
        return None
    views = publish_from_cells(
        complete, found.comparisons, policy(found), None, found.uncompared_questions, tables_from_json(stored)
    )
    _remember(digest, views)
    return views


def _earlier(survey: Survey, found: Setup, counted: pd.DataFrame) -> Published | None:
    """The views last published for the survey, if the complete blocks they were published from
    are unchanged: the same cells up to their last block's end, under the same settings."""
    last = equality_repository.last_published(survey.id)
    if last is None:
        return None
    digest, stored = last
    tables = tables_from_json(stored)
    ends = [end for views in tables.values() for (_, _, end) in views]
    if not ends:
        return None
    earlier = counted[counted[DAY].to_numpy() <= max(ends)].reset_index(drop=True)
    earlier = complete_cells(earlier, policy(found), today())
    return _kept(survey, found, digest, earlier) if _digest(survey, found, earlier) == digest else None


def _remember(digest: str, views: Published) -> None:
    with _published_lock:
        _published[digest] = views
        while len(_published) > CACHED_SURVEYS:
            _published.popitem(last=False)


def response_cells(survey: Survey, found: Setup) -> pd.DataFrame:
    """Every response counted per channel, day and answer (`toolkit.equality_blocks.CELL_COLUMNS`):
    summed from the equality tallies, or, when they do not count every stored response (a bulk
    load not yet recounted), from the responses themselves. The two give the same cells."""
    if equality_tally.in_step(survey.id):
        return tallies.cells(equality_tally.sums(survey.id), found.comparisons, found.uncompared_questions)
    rows = equality_repository.iter_equality_rows(survey.id)
    frame = responses_frame(rows, found.comparisons, found.uncompared_questions)
    return cells(frame, fields(found.comparisons, found.uncompared_questions))


def _channel_name(survey: Survey, filters: ResponseFilter) -> str | None:
    names = {c.id: c.name for c in repository.channels(survey.id)}
    return names.get(filters.channel_id) if filters.channel_id is not None else None


def margin_choices(found: Setup) -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in found.comparisons]


# Weighting reads every response of the view (its answers and equality answers) and rakes them: for a
# survey of 30 five-option questions, 0.7 s at 20,000 responses and 2.3 s at 50,000 before reading them
# from the database, a minute or more at a million (bench/representativeness_page.py). A larger view is
# weighted on the queue (`surveys.equality.jobs`), with a progress page, not in the request.
WEIGHED_IN_A_REQUEST = 20_000


def too_many_to_weigh(survey: Survey, filters: ResponseFilter, views: Published) -> bool:
    """Whether the view these filters select has more responses than a request may weigh."""
    key, _ = select_view(views, _channel_name(survey, filters), filters.submitted_to)
    return key is not None and views.sizes[key] > WEIGHED_IN_A_REQUEST


def weighting(
    survey: Survey,
    found: Setup,
    filters: ResponseFilter,
    margins: Iterable[str],
    views: Published | None = None,
    reading: Callable[[int, int], None] | None = None,
) -> Weighting:
    """Weighted against unweighted results for the survey's choice questions, for the view the
    dashboard publishes for these filters (its responses and its protected margin tables), from
    `views` (a page's `publication`) or the survey's published views. `reading(done, total)` is
    told how many of the view's responses have been read, every `READ_REPORTED` of them."""
    chosen = set(margins)
    comparisons = [c for c in found.comparisons if c.key in chosen]
    questions = [q for q in survey_questions(survey) if q.kind.offers_choices]
    if views is None:
        _, views = published(survey, found)  # each dimension is audited on its own: the chosen ones' tables
    key, _ = select_view(views, _channel_name(survey, filters), filters.submitted_to)
    view_filter = ResponseFilter(filters.channel_id, None, key[2] if key else None, filters.language)
    rows: Iterable[Any] = equality_repository.iter_weighting_rows(survey.id, view_filter)
    if reading is not None:
        rows = _told(rows, reading, views.sizes[key] if key else 0)
    tables = {c.key: views.tables[c.key][key] for c in comparisons} if key else None
    return weight(rows, comparisons, questions, policy=policy(found), published=tables)


READ_REPORTED = 10_000


def _told(rows: Iterable[Any], reading: Callable[[int, int], None], total: int) -> Iterator[Any]:
    done = 0
    for done, row in enumerate(rows, 1):
        if done % READ_REPORTED == 0:
            reading(done, max(total, done))
        yield row
    reading(done, max(total, done))


def add_section(survey: Survey, topics: Iterable[str] | None, staff_user_id: int | None) -> None:
    """Add the standard equality section to the draft (or change the one there)."""
    definition = equality.with_equality_section(repository.definition_of(survey), topics)
    definition = equality_translation.with_standard_translations(definition)  # for the survey's languages
    repository.save_definition(survey, definition, staff_user_id, "add_equality_section")


def custom_population(text: str, name: str) -> dict[str, AreaPopulation]:
    """Parse an uploaded table; raises CustomPopulationError listing the rows at fault."""
    return parse_custom_population_csv(text, name=name)


def raw_export_csv(survey: Survey, staff_user_id: int | None) -> str:
    """Every stored set of equality answers, and nothing else: no reference, no date, no channel,
    no other answer, rows in a random order. Recorded in the audit trail."""
    questions = equality_questions(survey)
    rows = equality_repository.export_rows(survey.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([export.safe_cell(q.text) for q in questions])
    for answers in rows:
        writer.writerow([export.safe_cell(_display(q, answers.get(q.id))) for q in questions])
    equality_repository.record_export(survey.id, staff_user_id, len(rows))
    return export.BOM + out.getvalue()


def _display(question: Question, value: object) -> str:
    if value is None:
        return ""
    return question.label_for(str(value)) if question.options else str(value)


def template_rows() -> list[list[str]]:
    """The custom population template as rows, to show on the page."""
    return list(csv.reader(io.StringIO(custom_population_template())))


def save_custom_population(survey: Survey, name: str, populations: dict[str, AreaPopulation], user: int | None) -> None:
    equality_repository.save_custom_population(survey.id, equality.custom_to_store(name, populations), user)


def remove_custom_population(survey: Survey, user: int | None) -> None:
    equality_repository.save_custom_population(survey.id, None, user)


def save_area(survey: Survey, area_codes: list[str], base: str, threshold: int, user: int | None) -> None:
    equality_repository.save_area(survey.id, area_codes, base, threshold, user)
