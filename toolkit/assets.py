"""Build the static files (run by `make assets`, i.e. `python -m toolkit.assets`; never committed).

1. Copy the NHS.UK design system's compiled CSS, JavaScript and images from node_modules into
   toolkit/static/nhsuk. The published stylesheet loads the Frutiger web font from an NHS host;
   we drop those @font-face rules so the browser never contacts a third party and falls back to
   system fonts, as the Content-Security-Policy also insists.
2. Write `nhsuk-frontend.public.min.css`: the stylesheet without the rules no public page can
   use (toolkit.css_purge), scanned against the templates public pages render, all our Python and
   JavaScript, the NHS.UK macros they import, and the classes the NHS.UK JavaScript adds. Staff
   pages keep the whole stylesheet.
3. Fingerprint: every file under each static folder is copied into toolkit/static_dist twice,
   as itself and as `name.<hash>.ext` (the hash of its content, after the references inside it
   to other static files have been rewritten to their own fingerprinted names), with
   `manifest.json` mapping one to the other. toolkit.delivery serves them with WhiteNoise.
4. Compress every file there once, gzip and brotli, beside the original (WhiteNoise's compressor).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from whitenoise.compress import Compressor

from toolkit import css_purge
from toolkit.fingerprints import DIST, MANIFEST, STATIC_ROOTS, fingerprint

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "toolkit" / "static" / "nhsuk"
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
PUBLIC_CSS = "nhsuk-frontend.public.min.css"


# What public pages render: these templates and what they import, include or extend.
PUBLIC_TEMPLATES = (
    "toolkit/templates",
    "toolkit/auth/templates",
    "surveys/templates/surveys/start.html",
    "surveys/templates/surveys/page.html",
    "surveys/templates/surveys/check.html",
    "surveys/templates/surveys/done.html",
    "surveys/templates/surveys/easy_read",
    "workshops/templates/workshops/public",
    "reports/templates/reports/public_index.html",
    "reports/templates/reports/public_page.html",
    "reports/templates/reports/tell_me.html",
    "panel/templates/panel/public",
)
CODE = ("toolkit", "surveys", "workshops", "engagements", "reports", "panel")
# Components whose JavaScript adds classes made up at run time (e.g. `${name}--open`).
SCRIPTED_COMPONENTS = (
    "header",
    "character-count",
    "checkboxes",
    "radios",
    "error-summary",
    "skip-link",
    "button",
    "details",
    "tabs",
    "file-upload",
    "password-input",
    "notification-banner",
)
# Set by the page template's inline script, and added whole by the NHS.UK JavaScript.
ADDED_BY_SCRIPT = (
    "js-enabled",
    "nhsuk-frontend-supported",
    "nhsuk-body",
    "nhsuk-link",
    "nhsuk-u-visually-hidden",
    "nhsuk-error-message",
    "nhsuk-hint",
    "nhsuk-textarea--error",
)
# Macros use other components' macros (a question is a fieldset, legend, hint, error message...):
# those count too, except optional wrappers (the summary list as a card), which count only if our
# templates import them. The screenshot test (tests/browser/test_public_look.py) checks the result.
OPTIONAL_WRAPPERS = {"card"}
NHSUK_MACRO = re.compile(r'"nhsuk/components/([a-z-]+)/macro\.jinja"')
TEMPLATE_REFERENCE = re.compile(r'{%-?\s*(?:from|import|include|extends)\s+"([^"]+)"')


# --- 1 and 2: the NHS.UK files and the public stylesheet -----------------------------------------


def copy_nhsuk(source: Path = SOURCE, target: Path = TARGET) -> None:
    if not source.exists():
        sys.exit("nhsuk-frontend is not installed: run `npm ci` first (make assets does).")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    css = FONT_FACE.sub("", (source / "nhsuk-frontend.min.css").read_text(encoding="utf-8"))
    (target / "nhsuk-frontend.min.css").write_text(css, encoding="utf-8")
    shutil.copy2(source / "nhsuk-frontend.min.js", target / "nhsuk-frontend.min.js")
    shutil.copytree(source / "assets", target / "assets")
    (target / PUBLIC_CSS).write_text(public_stylesheet(css), encoding="utf-8")


def _template_folders() -> list[Path]:
    return [folder for package in CODE for folder in (ROOT / package).glob("**/templates")]


def public_template_texts() -> list[str]:
    """The public templates and, transitively, every template of ours they refer to."""
    folders = _template_folders()
    pending = [p for entry in PUBLIC_TEMPLATES for p in _files(ROOT / entry, "*.html")]
    seen: dict[Path, str] = {}
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen[path] = path.read_text(encoding="utf-8")
        for name in TEMPLATE_REFERENCE.findall(seen[path]):
            pending.extend(folder / name for folder in folders if (folder / name).is_file())
    return list(seen.values())


def _files(entry: Path, pattern: str) -> list[Path]:
    return sorted(entry.rglob(pattern)) if entry.is_dir() else [entry]


def _nhsuk_macro_texts(components: set[str]) -> list[str]:
    """The NHS.UK macros of these components, of the parts they are made of, and the shared ones."""
    import nhsuk_frontend_jinja

    macros = Path(nhsuk_frontend_jinja.__file__).parent / "templates" / "nhsuk"
    texts = [p.read_text(encoding="utf-8") for p in [macros / "template.jinja", *_files(macros / "macros", "*.jinja")]]
    pending, done = set(components), set()
    while pending:
        component = pending.pop()
        done.add(component)
        for path in _files(macros / "components" / component, "*.jinja"):
            texts.append(path.read_text(encoding="utf-8"))
            pending |= set(NHSUK_MACRO.findall(texts[-1])) - OPTIONAL_WRAPPERS - done
    return texts


def public_stylesheet(css: str) -> str:
    templates = public_template_texts()
    # Form fields are drawn by toolkit.templating.nhsuk_field, which names its macros in Python.
    field_macros = (ROOT / "toolkit" / "templating.py").read_text(encoding="utf-8")
    components = {name for text in [*templates, field_macros] for name in NHSUK_MACRO.findall(text)} | {"skip-link"}
    code = [
        p.read_text(encoding="utf-8")
        for package in CODE
        for pattern in ("*.py", "*.js", "*.mjs")
        for p in (ROOT / package).rglob(pattern)
        if "migrations" not in p.parts and "nhsuk" not in p.parts
    ]
    words = css_purge.words_in([*templates, *code, *_nhsuk_macro_texts(components), *ADDED_BY_SCRIPT])
    scripted = [f"nhsuk-{c}" for c in SCRIPTED_COMPONENTS if c in components]
    return css_purge.purge(css, words, prefixes=scripted)


# --- 4: compression --------------------------------------------------------------------------------


def compress(dist: Path, log: Callable[[str], None] = lambda _line: None) -> None:
    compressor = Compressor(quiet=True)
    for path in sorted(dist.rglob("*")):
        if path.is_file() and path.name != MANIFEST and compressor.should_compress(str(path)):
            for _written in compressor.compress(str(path)):
                pass
    log(f"compressed the static files in {dist}")


def build(source: Path = SOURCE, roots: dict[str, Path] | None = None, dist: Path = DIST) -> None:
    copy_nhsuk(source)
    fingerprint(STATIC_ROOTS if roots is None else roots, dist)
    compress(dist)


if __name__ == "__main__":
    build()
