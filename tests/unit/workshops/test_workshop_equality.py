"""The equality questions shared by surveys and workshops (toolkit.equality), workshop answers in
aggregate (workshops.equality), and the report's inline chart."""

from __future__ import annotations

import dataclasses
import re

from toolkit import equality as toolkit_equality
from toolkit.population import PREFER_NOT_TO_SAY
from toolkit.stats import Policy, Status
from workshops import equality, report
from workshops.votes import Result


def test_every_workshop_question_is_optional_with_prefer_not_to_say() -> None:
    asked = equality.questions()
    assert [q.id for q in asked][:2] == ["eq_age", "eq_sex"]
    assert not {q.topic for q in asked} & toolkit_equality.INCLUSION_HEALTH_TOPICS
    for question in asked:
        if question.options:
            assert PREFER_NOT_TO_SAY in [label for _value, label in question.options], question.id
        else:
            assert question.id == toolkit_equality.POSTCODE_ID


def test_answers_to_store_keep_only_real_answers_and_the_first_half_of_a_postcode() -> None:
    stored = toolkit_equality.answers_to_store(
        equality.questions(),
        {
            "eq_age": "25_to_34",
            "eq_sex": "forged",
            "eq_religion": "",
            "eq_postcode_district": "m1 1ae",
            "device": "abc",
            "csrf_token": "x",
        },
    )
    assert stored == {"eq_age": "25_to_34", "eq_postcode_district": "M1"}


def keyed(answer_sets: list[dict[str, str]]) -> list[tuple[dict[str, str], int]]:
    return [(answers, (37 * i + 11) % 256) for i, answers in enumerate(answer_sets)]


def test_counts_use_the_harmonised_wording_with_noise_and_hide_small_numbers() -> None:
    answer_sets = [{"eq_sex": "female"}] * 18 + [{"eq_sex": "male"}] * 9 + [{"eq_sex": "prefer_not_to_say"}, {}]
    summary = equality.summarise(keyed(answer_sets))
    assert summary.shown and summary.responses.value is not None
    assert abs(summary.responses.value - 29) <= 2
    sex = next(t for t in summary.tables if t.question == "What is your sex?")
    cells = {c.category: c for c in sex.cells}
    assert cells["Female"].value is not None and abs(cells["Female"].value - 18) <= 2
    assert cells[toolkit_equality.NO_ANSWER].status is Status.SMALL  # "Prefer not to say" and the blank: 2
    assert PREFER_NOT_TO_SAY not in cells
    assert summary.tables == equality.summarise(keyed(answer_sets)).tables  # the same people, the same figures


def test_postcode_counts_name_only_districts_given_by_enough_people() -> None:
    answer_sets = [{"eq_postcode_district": "PR7"}] * 8 + [{"eq_postcode_district": "LA1"}] * 2 + [{}] * 2
    tables = toolkit_equality.answer_counts(equality.questions(), keyed(answer_sets), Policy())
    postcode = next(t for t in tables if t.question.startswith("What is the first half"))
    assert [c.category for c in postcode.cells] == ["PR7", toolkit_equality.OTHER_DISTRICTS, toolkit_equality.NO_ANSWER]
    assert "LA1" not in str(postcode)


def ethnicity(answer_sets: list[dict[str, str]]) -> dict[str, toolkit_equality.ShownCell]:
    summary = equality.summarise(keyed(answer_sets))
    table = next(t for t in summary.tables if t.question == "What is your ethnic group?")
    return {cell.category: cell for cell in table.cells}


def test_ethnic_groups_keep_their_broad_group_and_collapse_when_all_detail_is_hidden() -> None:
    """Not twenty rows of "fewer than 5", and never a bare "Irish" or "African"."""
    answer_sets = (
        [{"eq_ethnic_group": "english_welsh_scottish_norther"}] * 14
        + [{"eq_ethnic_group": "irish"}] * 2
        + [{"eq_ethnic_group": "african"}] * 3
        + [{"eq_ethnic_group": "caribbean"}] * 3
        + [{"eq_ethnic_group": "indian"}] * 1
        + [{}] * 2
    )
    cells = ethnicity(answer_sets)
    rows = list(cells)
    # White shows detail (its largest answer is shown), labelled with the group.
    assert "White: English, Welsh, Scottish, Northern Irish or British" in rows and "White: Irish" in rows
    assert cells["White: English, Welsh, Scottish, Northern Irish or British"].value is not None
    # Every Black and Asian answer alone would be hidden: one row for each broad group instead.
    black = "Black, Black British, Caribbean or African"
    assert black in rows and not [r for r in rows if r.startswith(f"{black}:")]
    assert cells[black].value is not None and abs(cells[black].value - 6) <= 2
    assert "Asian or Asian British" in rows and cells["Asian or Asian British"].status is Status.SMALL
    assert not {"Irish", "African", "Caribbean", "Indian"} & set(rows)
    assert all(":" in r for r in rows if r.startswith("White"))
    assert len(rows) < 15


def test_a_broad_group_with_a_shown_answer_keeps_its_detail() -> None:
    answer_sets = [{"eq_ethnic_group": "african"}] * 12 + [{"eq_ethnic_group": "caribbean"}] * 2
    rows = list(ethnicity(answer_sets))
    assert "Black, Black British, Caribbean or African: African" in rows
    assert "Black, Black British, Caribbean or African: Caribbean" in rows


def test_a_few_people_show_no_figures_at_all() -> None:
    summary = equality.summarise(keyed([{"eq_age": "25_to_34"}] * 9))
    assert not summary.shown and summary.tables == ()
    assert summary.responses.value is not None or summary.responses.status is Status.SMALL
    small = equality.summarise(keyed([{"eq_age": "25_to_34"}] * 4))
    assert small.responses.value is None and small.responses.display == "fewer than 5"


def test_the_inline_chart_refers_to_nothing_outside_the_page() -> None:
    results = [Result(1, 'Buses --> <script>alert("x")</script>', 5, 3, 0.6), Result(2, "Trains", 2, 2, 0.4)]
    svg = report.inline_chart_svg(results, "Round 1", "chart-7")
    assert svg.startswith("<svg ") and 'role="img"' in svg and "Bar chart of dots" in svg
    assert not re.search(r"https?:|<\?xml|<!DOCTYPE|<metadata|<script", svg)
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("chart-7-") for i in ids)
    assert all(ref.startswith("chart-7-") for ref in re.findall(r'href="#([^"]+)"', svg))
    assert "Trains</text>" in svg  # the labels stay text


def test_the_pdf_gets_each_chart_as_an_image_with_its_alternative_text() -> None:
    voted = report.RoundResult(3, "Round", "closed", 3, 2, (Result(1, "Buses & trains", 4, 2, 1.0),))
    unvoted = report.RoundResult(4, "Empty", "open", 3, 0, (Result(2, "Walking", 0, 0, 0.0),))
    record = report.WorkshopRecord("E", "S", None, "", (), (), (), (voted, unvoted), ())
    images = report.inline_charts(record, as_images=True)
    assert images[4] == ""
    assert images[3].startswith('<img class="chart" src="data:image/svg+xml;base64,')
    assert 'alt="Bar chart of dots per priority for Round. Buses &amp; trains: 4."' in images[3]
    assert report.inline_charts(record)[3].startswith("<svg ")


def test_questions_in_another_language_keep_their_values_and_fall_back_to_english() -> None:
    english = equality.questions()
    welsh = equality.questions("cy")
    assert [q.id for q in welsh] == [q.id for q in english]
    for mine, theirs in zip(welsh, english, strict=True):
        assert [value for value, _ in mine.options] == [value for value, _ in theirs.options]
        assert mine.answers == theirs.answers  # counts still use the harmonised English wording
    assert welsh[0].text != english[0].text
    assert equality.questions("xx") == english  # a language with no stock translation: English


def test_a_question_reworded_since_the_translation_keeps_its_own_english() -> None:
    question = toolkit_equality.default_questions()[0]
    reworded = dataclasses.replace(question, text="How old are you?")
    assert toolkit_equality.in_language([reworded], "ur")[0].text == "How old are you?"
