"""Staff charts as separate SVG files instead of inline data: URIs, so a page with many charts
is light and a chart seen before comes from the browser's cache.

A chart is stored once under instance/charts/, named by the SHA-256 of its SVG, and the page
links to /staff/charts/<hash>.svg. The name follows the content, so the file is sent with a
year-long `private, immutable` cache (staff figures, already small-number suppressed, kept by
the staff member's own browser, never a shared cache); a redrawn chart gets a new name. The
folder is shared by every worker process on the host; files unused for CHART_DAYS are removed.
With several hosts behind a load balancer, give them a shared instance folder.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, url_for
from werkzeug.wrappers import Response

from toolkit.auth import role_required

SVG_DATA_URI = "data:image/svg+xml;base64,"
DIGEST = re.compile(r"^[0-9a-f]{64}$")
CHART_DAYS = 30
PRUNE_EVERY_SECONDS = 3600
_last_pruned = 0.0

chart_files = Blueprint("charts", __name__, url_prefix="/staff/charts")


def _folder() -> Path:
    return Path(current_app.instance_path) / "charts"


def store(svg: bytes) -> str:
    """Keep the SVG (once) and return its name."""
    digest = hashlib.sha256(svg).hexdigest()
    folder = _folder()
    path = folder / f"{digest}.svg"
    if path.exists():
        os.utime(path)  # recently used: not pruned
    else:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{digest}.{os.getpid()}.tmp"
        partial.write_bytes(svg)
        partial.replace(path)  # atomic: another worker never reads half a file
    _prune(folder)
    return digest


def _prune(folder: Path) -> None:
    global _last_pruned
    now = time.time()
    if now - _last_pruned < PRUNE_EVERY_SECONDS:
        return
    _last_pruned = now
    for old in folder.glob("*.svg"):
        if now - old.stat().st_mtime > CHART_DAYS * 86400:
            old.unlink(missing_ok=True)


def chart_src(chart: Any) -> str:
    """The URL of a chart's SVG file, for <img src>; takes a chart with an SVG `data_uri`."""
    uri = str(chart.data_uri)
    if not uri.startswith(SVG_DATA_URI):
        return uri
    return url_for("charts.svg", digest=store(base64.b64decode(uri[len(SVG_DATA_URI) :])))


@chart_files.get("/<digest>.svg")
@role_required("viewer")
def svg(digest: str) -> Response:
    path = _folder() / f"{digest}.svg"
    if not DIGEST.match(digest) or not path.is_file():
        abort(404)
    # Read whole rather than sent as a file, so Flask-Compress compresses it (tens of KB of text).
    response = current_app.response_class(path.read_bytes(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(chart_files)
    app.jinja_env.globals["chart_src"] = chart_src
