"""Jinja set up for speed where it costs nothing in correctness.

- Imports: Jinja works out, on every `{% from %}` or `{% import %}`, which of the importing
  page's globals the imported template lacks, as a set difference against a ChainMap's keys view:
  one Python-level lookup per global. The NHS.UK macros import one another on every call, so
  that alone was a tenth of the CPU of a respondent's journey. `Template` does the same
  difference with C-level set operations; the result, and so what is rendered, is the same.
- Compiled templates are kept in a bytecode cache under instance/, so a new worker process (after
  a restart, or a worker killed and replaced) starts rendering without compiling every template.
- Templates are not checked for changes on disk except in development (debug).
- Empty form fields: the NHS.UK macro's HTML for a field nobody has answered yet (no value, no
  error) depends only on its parameters, which are the same for every respondent who opens that
  page in that language; it is drawn once per process and reused (`nhsuk_field`). A field with
  an answer or an error is always drawn afresh, so nobody's answers are kept.
"""

from __future__ import annotations

from collections import ChainMap
from pathlib import Path
from typing import Any

import jinja2
from flask import Flask
from jinja2.runtime import Context
from markupsafe import Markup

# The NHS.UK macro for each kind of field (toolkit.forms.macro_name).
FIELD_MACROS = {
    "radios": "nhsuk/components/radios/macro.jinja",
    "checkboxes": "nhsuk/components/checkboxes/macro.jinja",
    "input": "nhsuk/components/input/macro.jinja",
    "textarea": "nhsuk/components/textarea/macro.jinja",
    "characterCount": "nhsuk/components/character-count/macro.jinja",
    "select": "nhsuk/components/select/macro.jinja",
    "dateInput": "nhsuk/components/date-input/macro.jinja",
}
MAX_DRAWN = 2048
_drawn: dict[tuple[Any, ...], Markup] = {}


class Template(jinja2.Template):
    def _get_default_module(self, ctx: Context | None = None) -> Any:
        if ctx is not None and isinstance(self.globals, ChainMap) and not self.environment.is_async:
            missing = ctx.globals_keys.difference(*self.globals.maps)
            if missing:
                return self.make_module({key: ctx.parent[key] for key in missing})
            if self._module is None:
                self._module = self.make_module()
            return self._module
        return super()._get_default_module(ctx)


class _Unkeyable(Exception):
    pass


def _key(value: Any) -> Any:
    """A hashable copy of macro parameters that keeps apart what escaping treats apart."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return ("text", value)
    if value is None or isinstance(value, bool | int | float):
        return (type(value).__name__, value)
    if isinstance(value, dict):
        return ("dict", tuple((name, _key(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_key(item) for item in value))
    if type(value).__name__ == "LazyString":  # a lazy gettext string: its text now, in this language
        return ("text", str(value))
    raise _Unkeyable(type(value).__name__)


@jinja2.pass_environment
def nhsuk_field(env: jinja2.Environment, kind: str, params: dict[str, Any], empty: bool) -> Markup:
    """The NHS.UK macro's HTML for a field; reused for an empty field with the same parameters."""
    macro = getattr(env.get_template(FIELD_MACROS[kind]).module, kind)

    def draw() -> Markup:
        html = macro(params)
        assert isinstance(html, Markup)  # autoescaping is on: the macro escaped what it was given
        return html

    if not empty:
        return draw()
    try:
        key = (id(env), kind, _key(params))
    except _Unkeyable:
        return draw()
    found = _drawn.get(key)
    if found is None:
        if len(_drawn) >= MAX_DRAWN:
            _drawn.clear()
        found = _drawn[key] = draw()
    return found


def init_app(app: Flask) -> None:
    """Before any template is loaded."""
    env = app.jinja_env
    env.template_class = Template
    env.globals["nhsuk_field"] = nhsuk_field
    env.auto_reload = app.debug or bool(app.config.get("TEMPLATES_AUTO_RELOAD"))
    if not app.testing:
        folder = Path(app.instance_path) / "jinja-cache"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only instance folder: compile in memory, as without the cache
            return
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
