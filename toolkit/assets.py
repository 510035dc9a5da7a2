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

import hashlib
import json
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from whitenoise.compress import Compressor

from toolkit import css_purge

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "toolkit" / "static" / "nhsuk"
DIST = ROOT / "toolkit" / "static_dist"
MANIFEST = "manifest.json"
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
PUBLIC_CSS = "nhsuk-frontend.public.min.css"

# URL path -> folder, for every static folder the app serves (toolkit.delivery checks the app
# registers no other). The NHS.UK stylesheet asks for its icons under /assets.
STATIC_ROOTS = {"/static": ROOT / "toolkit" / "static", "/staff/workshops/static": ROOT / "workshops" / "static"}
ALIASES = {"/assets/": "/static/nhsuk/assets/"}
HASH_LENGTH = 12
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")

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
)
CODE = ("toolkit", "surveys", "workshops")
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
    import nhsuk_frontend_jinja

    macros = Path(nhsuk_frontend_jinja.__file__).parent / "templates" / "nhsuk"
    paths = [p for c in sorted(components) for p in _files(macros / "components" / c, "*.jinja")]
    return [p.read_text(encoding="utf-8") for p in [macros / "template.jinja", *paths]]


def public_stylesheet(css: str) -> str:
    templates = public_template_texts()
    components = {name for text in templates for name in NHSUK_MACRO.findall(text)} | {"skip-link"}
    code = [
        p.read_text(encoding="utf-8")
        for package in CODE
        for pattern in ("*.py", "*.js", "*.mjs")
        for p in (ROOT / package).rglob(pattern)
        if "migrations" not in p.parts and "nhsuk" not in p.parts
    ]
    words = css_purge.words_in([*templates, *code, *_nhsuk_macro_texts(components), *ADDED_BY_SCRIPT])
    return css_purge.purge(css, words, prefixes=[f"nhsuk-{c}" for c in SCRIPTED_COMPONENTS])


# --- 3: fingerprints -------------------------------------------------------------------------------

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
JS_IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}/[^'"]+|/[^'"]+)\2""")


def fingerprinted_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"


class Fingerprinter:
    """URL path of each static file -> the URL of its fingerprinted copy, and that copy's bytes."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self.files = {
            f"{prefix}/{path.relative_to(folder).as_posix()}": path
            for prefix, folder in roots.items()
            if folder.is_dir()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not FINGERPRINTED.search(path.name)
        }
        self.urls: dict[str, str] = {}
        self.contents: dict[str, bytes] = {}
        self._busy: set[str] = set()

    def url(self, url: str) -> str:
        if url not in self.urls:
            if url in self._busy:
                raise ValueError(f"static files refer to each other in a circle: {url}")
            self._busy.add(url)
            content = self._rewritten(url)
            self._busy.discard(url)
            self.contents[url] = content
            self.urls[url] = posixpath.join(posixpath.dirname(url), fingerprinted_name(posixpath.basename(url), content))
        return self.urls[url]

    def _rewritten(self, url: str) -> bytes:
        data = self.files[url].read_bytes()
        if url.endswith(".css"):
            return self._replace(CSS_URL, url, data, group=2)
        if url.endswith((".js", ".mjs")):
            return self._replace(JS_IMPORT, url, data, group=3)
        return data

    def _replace(self, pattern: re.Pattern[str], url: str, data: bytes, group: int) -> bytes:
        def swap(match: re.Match[str]) -> str:
            target = self._resolve(url, match.group(group))
            if target is None:
                return match.group(0)
            start, end = match.start(group) - match.start(0), match.end(group) - match.start(0)
            whole = match.group(0)
            return whole[:start] + self._relative_or_absolute(match.group(group), url, self.url(target)) + whole[end:]

        return pattern.sub(swap, data.decode("utf-8")).encode("utf-8")

    def _resolve(self, url: str, reference: str) -> str | None:
        if reference.startswith(("data:", "http:", "https:", "//", "#")):
            return None
        path = reference.split("#")[0].split("?")[0]
        for alias, real in ALIASES.items():
            if path.startswith(alias):
                path = real + path[len(alias) :]
        if not path.startswith("/"):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(url), path))
        return path if path in self.files else None

    @staticmethod
    def _relative_or_absolute(reference: str, url: str, target: str) -> str:
        if reference.startswith("/"):
            return target
        relative = posixpath.relpath(target, posixpath.dirname(url))
        return relative if relative.startswith(".") else f"./{relative}"


def fingerprint(roots: dict[str, Path], dist: Path) -> dict[str, dict[str, str]]:
    """Write each file as itself and fingerprinted into dist/<url path>; return the manifest:
    for each URL prefix, the file name under it -> the fingerprinted file name."""
    if dist.exists():
        shutil.rmtree(dist)
    prints = Fingerprinter(roots)
    manifest: dict[str, dict[str, str]] = {prefix: {} for prefix in roots}
    for url, path in prints.files.items():
        hashed = prints.url(url)
        for name, content in ((url, path.read_bytes()), (hashed, prints.contents[url])):
            out = dist / name.lstrip("/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
        prefix = next(p for p in roots if url.startswith(p + "/"))
        manifest[prefix][url[len(prefix) + 1 :]] = hashed[len(prefix) + 1 :]
    sources = {url: hashlib.sha256(path.read_bytes()).hexdigest() for url, path in prints.files.items()}
    (dist / MANIFEST).write_text(json.dumps({"files": manifest, "sources": sources}, indent=1, sort_keys=True))
    return manifest


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
