"""Translatable text for plain modules, without importing Flask.

`lazy("Enter an answer")` returns a string-like object that is translated when it
is rendered. The app factory installs the real translator (Flask-Babel's gettext);
until then text comes back in English. `pybabel extract` knows `lazy` as a keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from babel.support import LazyProxy

_translate: Callable[[str], str] = str


def install_translator(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def _render(message: str, variables: dict[str, Any]) -> str:
    text = _translate(message)
    return text % variables if variables else text


def lazy(message: str, **variables: Any) -> Any:
    return LazyProxy(_render, message, variables, enable_cache=False)


def option_values(labels: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """A short, unique value for each option label ("Yes, in the last 12 months" ->
    "yes_in_the_last_12_months"), never one of the reserved values."""
    values: list[str] = []
    taken = set(reserved)
    for label in labels:
        base = re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")[:30] or "option"
        value, n = base, 2
        while value in taken:
            value, n = f"{base}_{n}", n + 1
        taken.add(value)
        values.append(value)
    return values


# Explicit directional formatting characters: embeddings and overrides (U+202A to U+202E) and
# isolates (U+2066 to U+2069). In someone's text they can make "invoice\u202egnp.exe" read as
# "invoiceexe.png" and reorder whatever follows on the page. Every template drops them from
# every value it shows (`neutralise_bidi` is Jinja's finalize), so what a person wrote can never
# change the direction of anything around it; the page's own `dir` and the browser's bidi
# algorithm still lay out Arabic, Urdu or Hebrew words correctly. Stored answers and exports
# keep what was typed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def neutralise_bidi(value: Any) -> Any:
    """A value as a template shows it: text without directional formatting characters. Markup
    too (a translated sentence with someone's words in it is Markup): the characters mean nothing
    to HTML, so dropping them keeps it as safe as it was."""
    if hasattr(value, "__html__") and isinstance(value, str):
        return type(value)(BIDI_CONTROLS.sub("", value)) if BIDI_CONTROLS.search(value) else value
    if isinstance(value, str | LazyProxy):
        return BIDI_CONTROLS.sub("", str(value))
    return value
