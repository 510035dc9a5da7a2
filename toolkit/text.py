"""Translatable text for plain modules, without importing Flask.

`lazy("Enter an answer")` returns a string-like object that is translated when it
is rendered. The app factory installs the real translator (Flask-Babel's gettext);
until then text comes back in English. `pybabel extract` knows `lazy` as a keyword.
"""

from __future__ import annotations

from collections.abc import Callable
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
