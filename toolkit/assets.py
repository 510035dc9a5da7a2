"""Copy the NHS.UK design system's compiled CSS, JavaScript and images from
node_modules into toolkit/static/nhsuk (run by `make assets`; never committed).

The published stylesheet loads the Frutiger web font from an NHS host; we drop
those @font-face rules so the browser never contacts a third party and falls
back to system fonts, as the Content-Security-Policy also insists."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "toolkit" / "static" / "nhsuk"
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def build(source: Path = SOURCE, target: Path = TARGET) -> None:
    if not source.exists():
        sys.exit("nhsuk-frontend is not installed: run `npm ci` first (make assets does).")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    css = (source / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    (target / "nhsuk-frontend.min.css").write_text(FONT_FACE.sub("", css), encoding="utf-8")
    shutil.copy2(source / "nhsuk-frontend.min.js", target / "nhsuk-frontend.min.js")
    shutil.copytree(source / "assets", target / "assets")


if __name__ == "__main__":
    build()
