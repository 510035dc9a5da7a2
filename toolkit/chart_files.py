"""Staff charts as separate SVG files instead of inline data: URIs, so a page with many charts
is light and a chart seen before comes from the browser's cache.

A chart is named by the SHA-256 of its SVG and the page links to /staff/charts/<hash>.svg. The
name follows the content, so the file is sent with a year-long `private, immutable` cache (staff
figures, already small-number suppressed, kept by the staff member's own browser, never a shared
cache); a redrawn chart gets a new name.

The database holds every chart (table `chart_file`), so with several app instances behind a load
balancer any of them serves a chart another drew; instance/charts/ on each host is only a cache of
it, shared by that host's worker processes and filled from the database when a file is missing.
Charts no page has shown for CHART_DAYS are removed from both.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, url_for
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from toolkit import db
from toolkit.auth import role_required
from toolkit.schema import ChartFile
from toolkit.timeutil import utcnow

SVG_DATA_URI = "data:image/svg+xml;base64,"
DIGEST = re.compile(r"^[0-9a-f]{64}$")
CHART_DAYS = 30
PRUNE_EVERY_SECONDS = 3600
_last_pruned = 0.0

chart_files = Blueprint("charts", __name__, url_prefix="/staff/charts")


def _folder() -> Path:
    return Path(current_app.instance_path) / "charts"


def store(svg: bytes) -> str:
    """Keep the SVG (once, in the database and this host's cache) and return its name."""
    digest = hashlib.sha256(svg).hexdigest()
    folder = _folder()
    path = folder / f"{digest}.svg"
    if path.exists():
        if time.time() - path.stat().st_mtime > 86400:
            _used(digest)  # shown again: renew it, at most once a day, so it is not pruned
            os.utime(path)
    else:
        _keep(digest, svg)
        _cache(path, svg)
    _prune(folder)
    return digest


def _keep(digest: str, svg: bytes) -> None:
    """In the database, unless another instance (or worker) stored it first."""
    if db.session.get(ChartFile, digest) is not None:
        _used(digest)
        return
    try:
        with db.transaction() as session:
            session.add(ChartFile(digest=digest, svg=svg, used_at=utcnow()))
    except IntegrityError:  # stored by another worker in the meantime: the same bytes
        pass


def _used(digest: str) -> None:
    with db.transaction() as session:
        session.execute(update(ChartFile).where(ChartFile.digest == digest).values(used_at=utcnow()))


def _cache(path: Path, svg: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.parent / f".{path.stem}.{os.getpid()}.tmp"
    partial.write_bytes(svg)
    partial.replace(path)  # atomic: another worker never reads half a file


def _load(digest: str) -> bytes | None:
    """From this host's cache, else from the database (drawn on another instance) into the cache."""
    path = _folder() / f"{digest}.svg"
    if path.is_file():
        return path.read_bytes()
    svg = db.session.scalar(select(ChartFile.svg).where(ChartFile.digest == digest))
    if svg is not None:
        _cache(path, svg)
    return svg


def _prune(folder: Path) -> None:
    global _last_pruned
    now = time.time()
    if now - _last_pruned < PRUNE_EVERY_SECONDS:
        return
    _last_pruned = now
    for old in folder.glob("*.svg"):
        if now - old.stat().st_mtime > CHART_DAYS * 86400:
            old.unlink(missing_ok=True)
    with db.transaction() as session:
        session.execute(delete(ChartFile).where(ChartFile.used_at < utcnow() - timedelta(days=CHART_DAYS)))


def chart_src(chart: Any) -> str:
    """The URL of a chart's SVG file, for <img src>; takes a chart with an SVG `data_uri`."""
    uri = str(chart.data_uri)
    if not uri.startswith(SVG_DATA_URI):
        return uri
    return url_for("charts.svg", digest=store(base64.b64decode(uri[len(SVG_DATA_URI) :])))


@chart_files.get("/<digest>.svg")
@role_required("viewer")
def svg(digest: str) -> Response:
    svg = _load(digest) if DIGEST.match(digest) else None
    if svg is None:
        abort(404)
    # Sent as bytes rather than as a file, so Flask-Compress compresses it (tens of KB of text).
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(chart_files)
    app.jinja_env.globals["chart_src"] = chart_src
