"""The layering rules (docs/architecture.md), read from the source's imports, so a change that
breaks one fails here rather than in a maintainer's head.

1. Plain modules import no Flask and no database code, and only other plain modules of ours.
2. `toolkit/` never imports a feature package (surveys, workshops) at module level.
3. View modules are not libraries: only the app factory and an area's route aggregator import them.
4. Views contain no SQL (no SQLAlchemy, no session), and no pandas or matplotlib.
5. Repositories never touch the request, the session or `g`; feature packages never import each other.
6. mypy is strict on every plain module: pyproject's strict list is this file's list.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("toolkit", "surveys", "workshops", "engagements", "reports", "panel")
FEATURES = ("surveys", "workshops", "engagements", "reports", "panel")

# Plain modules: plain data in, plain data out, tested without an app. WTForms, matplotlib, pandas,
# Babel and WeasyPrint are allowed; Flask and the database are not.
PLAIN = frozenset(
    {
        "surveys.model",
        "surveys.questions",
        "surveys.readability",
        "surveys.demo_translations",
        "surveys.builder.editing",
        "surveys.builder.publishing",
        "surveys.builder.warnings",
        "surveys.respond.answering",
        "surveys.easy_read.model",
        "surveys.results.summary",
        "surveys.results.tallies",
        "surveys.translations.model",
        "surveys.paper.model",
        "surveys.paper.printing",
        "surveys.equality.model",
        "toolkit.equality_charts",
        "surveys.equality.dashboard",
        "surveys.equality.demo",
        "surveys.equality.translation",
        "surveys.equality.weighting",
        "panel.model",
        "panel.importing",
        "panel.export",
        "panel.profile",
        "engagements.checklists",
        "engagements.model",
        "engagements.ticking",
        "engagements.timeline",
        "engagements.warnings",
        "workshops.closing",
        "workshops.model",
        "workshops.equality",
        "workshops.report",
        "workshops.themes",
        "workshops.votes",
        "panel.groups",
        "panel.sampling",
        "toolkit.charts",
        "toolkit.datauri",
        "toolkit.dateinput",
        "toolkit.equality",
        "toolkit.equality_blocks",
        "toolkit.forms",
        "toolkit.pdf",
        "toolkit.qr",
        "toolkit.spreadsheets",
        "toolkit.text",
        "toolkit.timeutil",
        "toolkit.words",
        "toolkit.population",
        "toolkit.population.build",
        "toolkit.population.custom",
        "toolkit.population.mapping",
        "toolkit.population.reference",
        "toolkit.population.tables",
        "toolkit.stats",
        "toolkit.stats.combinations",
        "toolkit.stats.disclosure",
        "toolkit.stats.raking",
        "toolkit.stats.representativeness",
    }
)
# Packages whose every module is plain: one module per question type, so adding a type is one file.
PLAIN_PACKAGES = ("surveys.question_types",)
WEB = ("flask", "flask_babel", "flask_wtf", "werkzeug")
DATABASE = ("sqlalchemy", "alembic", "psycopg", "toolkit.db", "toolkit.schema", "toolkit.audit", "toolkit.outbox")
NOT_IN_VIEWS = ("sqlalchemy", "toolkit.db", "pandas", "matplotlib")
# The app factory registers every blueprint; an area's views.py gathers its view modules' routes.
MAY_IMPORT_VIEWS = frozenset(
    {"toolkit", "toolkit.auth.views", "workshops.views", "engagements.views_all", "reports.views_all", "panel.views"}
)
# Helpers for views, made to be imported by them: not views themselves.
VIEW_HELPERS = frozenset({"toolkit.views", "surveys.views_common"})


@dataclass(frozen=True)
class Import:
    name: str  # the module imported (for `from a import b`: a.b when that is a module, else a)
    line: int
    top_level: bool  # at module level, so it runs when the importing module loads


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "versions" in relative.parts:  # Alembic revisions: generated, and only ever run by Alembic
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


@cache
def imports(module: str) -> tuple[Import, ...]:
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    package = module if modules()[module].name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, at_top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append(Import(name if name in modules() else base, node.lineno, at_top))
    return tuple(found)


def within(name: str, prefixes: tuple[str, ...] | frozenset[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


PLAIN = PLAIN | frozenset(m for m in modules() if within(m, PLAIN_PACKAGES))


def is_view(module: str) -> bool:
    leaf = module.rpartition(".")[2]
    return (leaf == "views" or leaf.startswith("views_")) and module not in VIEW_HELPERS


def broken(rule: str, pairs: Iterator[tuple[str, Import]]) -> list[str]:
    return [f"{module}:{found.line} imports {found.name} ({rule})" for module, found in pairs]


def test_the_module_list_is_read() -> None:
    """Guards the guards: if discovery found nothing, every rule below would pass vacuously."""
    assert {"surveys.model", "surveys.paper.views", "workshops.report", "toolkit.stats.raking"} <= set(modules())
    assert set(modules()) >= PLAIN, PLAIN - set(modules())


def test_plain_modules_import_no_flask_and_no_database() -> None:
    pairs = (
        (module, found)
        for module in sorted(PLAIN)
        for found in imports(module)
        if within(found.name, WEB + DATABASE)
        or (within(found.name, PACKAGES) and found.name in modules() and found.name not in PLAIN)
    )
    assert broken("a plain module imports only plain modules, no Flask, no database", pairs) == []


def test_toolkit_imports_no_feature_package_at_module_level() -> None:
    pairs = (
        (module, found)
        for module in sorted(modules())
        if within(module, ("toolkit",))
        for found in imports(module)
        if found.top_level and within(found.name, FEATURES)
    )
    assert broken("the core must load without the areas", pairs) == []


def test_view_modules_are_not_libraries() -> None:
    pairs = (
        (module, found)
        for module in sorted(modules())
        if module not in MAY_IMPORT_VIEWS
        for found in imports(module)
        if found.name in modules() and is_view(found.name) and found.name != module
    )
    assert broken("shared view code belongs in a plain module, a service or toolkit.views", pairs) == []


def test_views_contain_no_sql_pandas_or_matplotlib() -> None:
    pairs = (
        (module, found)
        for module in sorted(modules())
        if is_view(module)
        for found in imports(module)
        if within(found.name, NOT_IN_VIEWS)
    )
    assert broken("views call repositories and services", pairs) == []


def test_repositories_never_touch_the_request() -> None:
    repositories = [m for m in modules() if m.rpartition(".")[2] == "repository"]
    assert len(repositories) >= 5
    pairs = ((module, found) for module in repositories for found in imports(module) if within(found.name, WEB))
    assert broken("repositories store and load; the caller passes request state in", pairs) == []


# Known crossings, each a decision to revisit (move the shared part to toolkit), not a precedent:
# reports (landed while the rules were written) are written from an engagement's record and its
# surveys' and workshops' results, and read those areas' repositories directly.
ALLOWED_CROSSINGS = {"reports": ("engagements", "surveys", "workshops")}


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_packages_do_not_import_each_other(feature: str) -> None:
    others = tuple(f for f in FEATURES if f != feature and f not in ALLOWED_CROSSINGS.get(feature, ()))
    pairs = (
        (module, found)
        for module in sorted(modules())
        if within(module, (feature,))
        for found in imports(module)
        if within(found.name, others)
    )
    assert broken("what two areas share moves to toolkit", pairs) == []


# What `strict = true` turns on (mypy 2 would apply `strict` in an override to every module, so
# pyproject spells it out); disallow_subclassing_any is off where forms subclass Flask-WTF's.
STRICT_FLAGS = (
    "disallow_any_generics",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_unused_ignores",
    "warn_return_any",
    "strict_equality",
    "extra_checks",
)


def test_mypy_is_strict_on_every_plain_module() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    strict = {
        name
        for override in config["tool"]["mypy"]["overrides"]
        if all(override.get(flag) is True for flag in STRICT_FLAGS)
        for name in override["module"]
    }
    covered = {m for m in PLAIN if m in strict or any(s.endswith(".*") and within(m, (s[:-2],)) for s in strict)}
    assert sorted(PLAIN - covered) == []


def test_no_bench_script_shadows_a_package() -> None:
    """The load and journey benches serve the app with bench/ on the path (gunicorn --pythonpath):
    a bench/panel.py once hid the panel package and no worker could boot."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    clashes = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem in packages)
    assert not clashes, f"rename these bench scripts, they hide packages of the same name: {clashes}"
