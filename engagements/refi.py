"""The codebook in the REFI-QDA codebook exchange format (.qdc, QDA-XML namespace
urn:QDA-XML:codebook:1.0), so analysts can move it to and from NVivo, ATLAS.ti, MAXQDA or QualCoder.
Files are checked against the format's schema (engagements/data/Codebook.xsd) both ways.
No Flask and no database here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from lxml import etree

from engagements.coding import Code, CodeDraft, ordered
from toolkit.text import lazy

NAMESPACE = "urn:QDA-XML:codebook:1.0"
SCHEMA = Path(__file__).parent / "data" / "Codebook.xsd"
ORIGIN = "NHS engagement toolkit"
IN_LABEL, OUT_LABEL = "In: ", "Out: "
MAX_BYTES = 2_000_000
# Stable guids: the same code exports with the same guid every time.
GUID_NAMESPACE = uuid.UUID("6a3c1d1e-8f0e-4d55-9a31-2f1f6b1a7c10")


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _parser() -> etree.XMLParser:
    # No entities, no network, no DTDs: an uploaded file is never trusted.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _description(code: Code) -> str:
    lines = [code.definition]
    if code.include_example:
        lines.append(IN_LABEL + code.include_example)
    if code.exclude_example:
        lines.append(OUT_LABEL + code.exclude_example)
    return "\n".join(line for line in lines if line)


def to_qdc(codebook: Sequence[Code], engagement_id: int) -> bytes:
    """The codebook as a .qdc file (the format needs at least one code)."""
    if not codebook:
        raise ValueError(str(lazy("Add a code to the codebook first")))
    root = etree.Element(f"{{{NAMESPACE}}}CodeBook", nsmap={None: NAMESPACE}, origin=ORIGIN)
    codes = etree.SubElement(root, f"{{{NAMESPACE}}}Codes")
    elements: dict[int, etree._Element] = {}
    for code in ordered(codebook):
        parent = elements.get(code.parent_id) if code.parent_id else codes
        guid = str(uuid.uuid5(GUID_NAMESPACE, f"{engagement_id}:{code.id}"))
        element = etree.SubElement(parent, f"{{{NAMESPACE}}}Code", guid=guid, name=code.name, isCodable="true")
        description = _description(code)
        if description:
            etree.SubElement(element, f"{{{NAMESPACE}}}Description").text = description
        elements[code.id] = element
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def validate(data: bytes) -> etree._Element:
    """The parsed codebook, or ValueError saying why it is not a REFI-QDA codebook."""
    if len(data) > MAX_BYTES:
        raise ValueError(str(lazy("The file must be smaller than 2 MB")))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise ValueError(str(lazy("The file is not a REFI-QDA codebook (.qdc): it is not XML"))) from None
    if not schema().validate(root):
        error = schema().error_log.last_error
        detail = error.message if error is not None else ""
        raise ValueError(str(lazy("The file is not a REFI-QDA codebook (.qdc): %(detail)s", detail=detail)))
    return root


def _draft(element: etree._Element) -> CodeDraft:
    description = element.findtext(f"{{{NAMESPACE}}}Description") or ""
    definition: list[str] = []
    include = exclude = ""
    for line in description.split("\n"):
        if line.startswith(IN_LABEL):
            include = line[len(IN_LABEL) :]
        elif line.startswith(OUT_LABEL):
            exclude = line[len(OUT_LABEL) :]
        else:
            definition.append(line)
    return CodeDraft(element.get("name", ""), None, "\n".join(definition).strip(), include, exclude)


def from_qdc(data: bytes) -> list[tuple[str, CodeDraft]]:
    """(theme name, draft) for each code, themes first. Codes nested deeper than a sub-theme are
    brought up to sub-themes of their top-level theme (the toolkit's codebook has two levels)."""
    root = validate(data)
    rows: list[tuple[str, CodeDraft]] = []
    for theme in root.iterfind(f"{{{NAMESPACE}}}Codes/{{{NAMESPACE}}}Code"):
        top = _draft(theme)
        rows.append(("", top))
        rows.extend((top.name, _draft(sub)) for sub in theme.iterdescendants(f"{{{NAMESPACE}}}Code"))
    return rows
