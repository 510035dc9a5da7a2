"""Fingerprinted static files: each file's name with the hash of its content, references inside
CSS and JavaScript to other static files rewritten to their fingerprinted names first (so a
change to an icon changes the stylesheet's name too). Plain module: used by the build
(toolkit.assets) and, for the layout and the manifest, by toolkit.delivery.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "toolkit" / "static_dist"
MANIFEST = "manifest.json"
# URL path -> folder, for every static folder the app serves (toolkit.delivery checks the app
# registers no other). The NHS.UK stylesheet asks for its icons under /assets.
STATIC_ROOTS = {
    "/static": ROOT / "toolkit" / "static",
    "/staff/workshops/static": ROOT / "workshops" / "static",
    "/staff/engagements/static": ROOT / "engagements" / "static",
}
ALIASES = {"/assets/": "/static/nhsuk/assets/"}
HASH_LENGTH = 12
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
JS_IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}/[^'"]+|/[^'"]+)\2""")


def fingerprinted_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"


def source_files(roots: dict[str, Path]) -> dict[str, Path]:
    """URL path -> file, for every file in the static folders."""
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path
        for prefix, folder in roots.items()
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not FINGERPRINTED.search(path.name)
    }


def source_hashes(files: dict[str, Path]) -> dict[str, str]:
    return {url: hashlib.sha256(path.read_bytes()).hexdigest() for url, path in files.items()}


class Fingerprinter:
    """URL path of each static file -> the URL of its fingerprinted copy, and that copy's bytes."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self.files = source_files(roots)
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
            self.urls[url] = posixpath.join(
                posixpath.dirname(url), fingerprinted_name(posixpath.basename(url), content)
            )
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
    built = {"files": manifest, "sources": source_hashes(prints.files)}
    (dist / MANIFEST).write_text(json.dumps(built, indent=1, sort_keys=True))
    return manifest
