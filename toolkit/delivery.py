"""How responses travel: compressed, cached only where that is safe, static files fingerprinted.

- Static files are served by WhiteNoise from toolkit/static_dist (built by toolkit.assets): each
  file gzip- and brotli-compressed once at build time, chosen by the request's Accept-Encoding
  (with `Vary: Accept-Encoding`). `url_for("static", ...)` (and a blueprint's static endpoint)
  gives the fingerprinted name, which never changes content, so it is sent with
  `Cache-Control: public, max-age=31536000, immutable`; the plain name gets a minute.
- If the built files are missing, older than their sources, or the app runs in debug mode, Flask
  serves the source folders as before (no fingerprints), so an edited stylesheet is never stale.
- Pages and other dynamic responses are compressed per request by Flask-Compress (brotli or gzip).
  Compressing HTML that holds a secret can leak it (BREACH); the one secret in our pages is the
  CSRF token, which Flask-WTF signs with a timestamp so it differs every second, and the session
  cookie is SameSite=Lax, so another site cannot make a signed-in browser fetch pages repeatedly.
- Dynamic responses that did not choose their own Cache-Control get one: `no-store` for staff
  (anything under /staff, or a signed-in user), `private, no-cache` for the public (a respondent's
  answers may be on the page: never kept by a shared cache, and revalidated by the browser).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_compress import Compress
from whitenoise import WhiteNoise

from toolkit.fingerprints import ALIASES, DIST, FINGERPRINTED, MANIFEST, STATIC_ROOTS, source_files, source_hashes

ONE_YEAR = 31_536_000
UNVERSIONED_MAX_AGE = 60
COMPRESSED_TYPES = ["text/html", "image/svg+xml", "application/json", "text/plain"]
STAFF_PATH = re.compile(r"^/staff(/|$)")

compress = Compress()
log = logging.getLogger(__name__)


def init_app(app: Flask, dist: Path = DIST, roots: dict[str, Path] = STATIC_ROOTS) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    app.after_request(cache_control)
    app.jinja_env.globals["staff_page"] = staff_page
    manifest = None if app.debug else load_manifest(dist, roots)
    if manifest is not None:
        serve_fingerprinted(app, dist, manifest)


def staff_page() -> bool:
    """Staff pages use the whole NHS.UK stylesheet; public ones the stylesheet cut to what they use.
    A survey's preview is a respondent's page shown to staff: it is served as the public one is."""
    return bool(STAFF_PATH.match(request.path)) and request.blueprint not in ("auth", "preview")


def cache_control(response: Response) -> Response:
    if "Cache-Control" in response.headers or (request.endpoint or "").endswith("static"):
        return response
    from toolkit.auth import current_user  # the auth package imports this module's neighbours

    signed_in = current_user() is not None
    response.headers["Cache-Control"] = (
        "no-store" if STAFF_PATH.match(request.path) or signed_in else "private, no-cache"
    )
    return response


# --- static files ----------------------------------------------------------------------------------


def load_manifest(dist: Path, roots: dict[str, Path] = STATIC_ROOTS) -> dict[str, dict[str, str]] | None:
    """The fingerprint manifest, or None when it is missing or any source changed since the build."""
    try:
        built = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("static files are not built (python -m toolkit.assets): serving them unfingerprinted")
        return None
    if source_hashes(source_files(roots)) != built.get("sources"):
        log.warning("static files changed since they were built (python -m toolkit.assets): serving the sources")
        return None
    files: dict[str, dict[str, str]] = built["files"]
    return files


def _static_prefix(app: Flask, endpoint: str) -> str | None:
    if endpoint == "static":
        return app.static_url_path
    blueprint = app.blueprints.get(endpoint.removesuffix(".static")) if endpoint.endswith(".static") else None
    if blueprint is None or blueprint.static_url_path is None:
        return None
    return (blueprint.url_prefix or "") + blueprint.static_url_path


def serve_fingerprinted(app: Flask, dist: Path, manifest: dict[str, dict[str, str]]) -> None:
    @app.url_defaults
    def fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        prefix = _static_prefix(app, endpoint)
        if prefix is not None and "filename" in values:
            values["filename"] = manifest.get(prefix, {}).get(values["filename"], values["filename"])

    static = WhiteNoise(
        app.wsgi_app,
        max_age=UNVERSIONED_MAX_AGE,
        immutable_file_test=lambda _path, url: bool(FINGERPRINTED.search(url)),
        add_headers_function=_headers,
    )
    for prefix in manifest:
        static.add_files(str(dist / prefix.lstrip("/")), prefix=prefix.lstrip("/") + "/")
    for alias, real in ALIASES.items():
        static.add_files(str(dist / real.strip("/")), prefix=alias.lstrip("/"))
    app.wsgi_app = static  # type: ignore[method-assign]


def _headers(headers: Any, _path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    if FINGERPRINTED.search(url):
        headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
