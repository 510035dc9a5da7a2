"""Cutting the NHS.UK stylesheet to the rules public pages can use."""

from __future__ import annotations

from tests.conftest import skip_or_fail
from toolkit.css_purge import purge, words_in


def test_rules_for_classes_nobody_uses_are_removed() -> None:
    css = ".nhsuk-button{color:red}.nhsuk-tabs__tab{color:blue}"
    assert purge(css, {"nhsuk-button"}) == ".nhsuk-button{color:red}"


def test_a_rule_stays_with_only_the_selectors_that_can_match() -> None:
    css = ".nhsuk-button,.nhsuk-tabs{margin:0}"
    assert purge(css, {"nhsuk-button"}) == ".nhsuk-button{margin:0}"


def test_a_selector_needs_every_class_it_names() -> None:
    css = ".nhsuk-frontend-supported .nhsuk-tabs__list{display:flex}.nhsuk-frontend-supported .nhsuk-button{x:y}"
    kept = purge(css, {"nhsuk-frontend-supported", "nhsuk-button"})
    assert "tabs" not in kept and ".nhsuk-button" in kept


def test_elements_attributes_and_root_always_stay() -> None:
    css = ":root{--x:1}body{margin:0}[hidden]{display:none}a:focus{outline:0}"
    assert purge(css, set()) == css


def test_media_queries_are_purged_inside_and_dropped_when_empty() -> None:
    css = "@media (min-width:40em){.nhsuk-button{a:b}.nhsuk-tabs{c:d}}@media print{.nhsuk-tabs{e:f}}"
    assert purge(css, {"nhsuk-button"}) == "@media (min-width:40em){.nhsuk-button{a:b}}"


def test_other_at_rules_stay() -> None:
    css = '@keyframes spin{from{a:b}to{c:d}}@charset "utf-8";'
    assert "@keyframes spin" in purge(css, set())


def test_classes_added_by_javascript_stay_by_component_prefix() -> None:
    css = ".nhsuk-header__menu--open{a:b}.nhsuk-tabs__panel--hidden{c:d}"
    assert purge(css, set(), prefixes=["nhsuk-header"]) == ".nhsuk-header__menu--open{a:b}"


def test_words_are_found_in_templates_and_code() -> None:
    words = words_in(['<p class="nhsuk-body-s toolkit-x">', 'classes="nhsuk-input--width-10"'])
    assert {"nhsuk-body-s", "toolkit-x", "nhsuk-input--width-10"} <= words


def test_classes_inside_not_are_not_required() -> None:
    """`.nhsuk-hint:not(.unused)` matches every hint: the rule must stay."""
    css = ".nhsuk-hint:not(.nhsuk-u-unused)+.nhsuk-error-message{margin:0}.x:is(.nhsuk-tabs){a:b}"
    assert purge(css, {"nhsuk-hint", "nhsuk-error-message", "x"}) == css


def test_the_public_stylesheet_keeps_every_form_field_component() -> None:
    """Fields are drawn by toolkit.templating.nhsuk_field, which names its NHS.UK macros in Python,
    not in a template: the cut must still keep their rules (a radio, a tick box, a date box)."""
    from toolkit import assets, templating

    source = assets.TARGET / "nhsuk-frontend.min.css"
    if not source.exists():
        skip_or_fail("the NHS.UK stylesheet is built by `make assets`")
    public = assets.public_stylesheet(source.read_text(encoding="utf-8"))
    for path in templating.FIELD_MACROS.values():
        component = path.split("/")[2]
        assert f".nhsuk-{component}" in public, f"the public stylesheet lost the {component} rules"
    assert ".nhsuk-checkboxes__label:before" in public
