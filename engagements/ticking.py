"""A checklist tick as plain data and its checks, including the evidence file: only document
and image types staff keep as evidence, recognised by their first bytes (not the name the
browser sent), and no bigger than MAX_FILE_BYTES. No Flask and no database here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from toolkit.text import lazy

MAX_FILE_BYTES = 10 * 1024 * 1024
LINK = re.compile(r"^(https://\S+|/staff/\S*)$")

# extension -> (MIME type, the bytes the file starts with)
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    # Office Open XML and OpenDocument files are ZIP archives.
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}
ACCEPTED = ", ".join(sorted({ext.upper() for ext in EVIDENCE_TYPES if ext != "jpeg"}))


@dataclass(frozen=True)
class Upload:
    filename: str
    mime_type: str
    content: bytes


@dataclass(frozen=True)
class TickDraft:
    done: bool
    note: str = ""
    link: str = ""
    file: Upload | None = None


def safe_filename(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", base).strip(" .")
    return cleaned[-200:] or "evidence"


def check_upload(filename: str, content: bytes) -> Upload:
    """The file as evidence, or ValueError with a message saying what is accepted."""
    if not content:
        raise ValueError(str(lazy("The selected file is empty")))
    if len(content) > MAX_FILE_BYTES:
        raise ValueError(str(lazy("The file must be smaller than 10 MB")))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    known = EVIDENCE_TYPES.get(extension)
    if known is None or not content.startswith(known[1]):
        raise ValueError(str(lazy("The file must be a %(types)s file", types=ACCEPTED)))
    return Upload(safe_filename(filename), known[0], content)


def tick_problems(tick: TickDraft) -> list[Any]:
    problems: list[Any] = []
    if len(tick.note) > 5000:
        problems.append(lazy("The note must be 5000 characters or fewer"))
    link = tick.link.strip()
    if link and (len(link) > 500 or not LINK.match(link)):
        problems.append(lazy("Enter a link starting with https://, or a page of this toolkit starting with /staff/"))
    return problems
