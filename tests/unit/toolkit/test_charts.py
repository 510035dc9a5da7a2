"""toolkit.charts: SVG bar charts with a text alternative."""

from __future__ import annotations

import threading
from xml.etree import ElementTree

from toolkit import charts
from toolkit.charts import Bar

SVG = "{http://www.w3.org/2000/svg}"
BARS = [Bar("Red", 12, "40%"), Bar("Blue", 18, "60%")]


def test_svg_parses_as_xml() -> None:
    root = ElementTree.fromstring(charts.bar_chart_svg(BARS))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")


def test_text_is_drawn_as_paths_so_no_font_is_needed() -> None:
    svg = charts.bar_chart_svg(BARS)
    root = ElementTree.fromstring(svg)
    assert root.find(f".//{SVG}text") is None
    assert "@font-face" not in svg and "font-family" not in svg


def test_no_date_and_nothing_loaded_from_elsewhere() -> None:
    svg = charts.bar_chart_svg(BARS)
    assert "<dc:date>" not in svg
    root = ElementTree.fromstring(svg)
    links = [el.get("{http://www.w3.org/1999/xlink}href") or el.get("href") for el in root.iter()]
    assert all(link is None or link.startswith("#") for link in links)


def test_same_input_same_bytes() -> None:
    assert charts.bar_chart_svg(BARS) == charts.bar_chart_svg(list(BARS))
    assert charts.bar_chart_svg(BARS) != charts.bar_chart_svg([Bar("Red", 13, "42%"), BARS[1]])


def test_the_same_from_several_threads() -> None:
    expected = charts.bar_chart_svg(BARS)
    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(charts.bar_chart_svg(BARS))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 4


def test_one_bar_per_option_in_one_colour() -> None:
    svg = charts.bar_chart_svg([*BARS, Bar("Green", 0, "0%")])
    assert svg.count(f"fill: {charts.BAR_COLOUR}") == 3


def test_long_labels_zero_counts_and_no_bars_still_draw() -> None:
    long_label = "A very long option label that a lead might well type into the builder " * 2
    for bars in ([Bar(long_label, 0, "0%")], [Bar("", 1, "100%")], []):
        assert ElementTree.fromstring(charts.bar_chart_svg(bars)).tag == f"{SVG}svg"


def test_alt_text() -> None:
    assert charts.alt_text(BARS) == "Bar chart: Red 12 (40%), Blue 18 (60%)."
    assert charts.alt_text([Bar("Yes", 1234, "99%")]) == "Bar chart: Yes 1,234 (99%)."
    assert charts.alt_text([]) == "Bar chart: no answers."
    assert charts.alt_text(BARS, multiple=True) == (
        "Bar chart: Red 12 (40%), Blue 18 (60%). People could choose more than one answer."
    )


def test_every_area_draws_under_the_one_public_lock() -> None:
    """matplotlib's settings are global: a chart drawn while another holds the lock would pick up
    its settings. The survey, equality and workshop charts all wait for `charts.LOCK`."""
    from toolkit.equality_charts import ComparisonBar, comparison_chart
    from workshops import report
    from workshops.votes import Result

    drawers = [
        lambda: charts.bar_chart_svg(BARS),
        lambda: comparison_chart("Lock test", [ComparisonBar("Only in the lock test", 0.123, 0.456)]),
        lambda: report.vote_chart_svg([Result(1, "Transport", 5, 3, 1.0)], "Lock test"),
    ]
    for draw in drawers:
        finished = threading.Event()
        worker = threading.Thread(target=lambda d=draw: (d(), finished.set()))
        with charts.LOCK:
            worker.start()
            assert not finished.wait(1.5), "drew without waiting for charts.LOCK"
        worker.join(30)
        assert finished.is_set()


def test_one_palette() -> None:
    assert charts.BAR_COLOUR == charts.NHS_BLUE == "#005eb8"
    assert charts.POPULATION_COLOUR != charts.RESPONDENT_COLOUR
