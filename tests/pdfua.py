"""What can be checked of PDF/UA-1 without veraPDF (Java; not on PyPI, Debian or npm):
the document-level requirements and the machine-checkable parts of the content ones,
read with pikepdf. Not a conformance claim: reading order, heading levels and whether
alt text is any good still need a person with a screen reader."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pikepdf

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdf_ua_problems(content: bytes, language: str) -> list[str]:
    """Everything found wrong, in words ([] when all is well): a structure tree, Marked
    content, /Lang in `language` (a primary subtag such as "ur"), a title shown as the
    window title, the PDF/UA-1 identifier in the XMP metadata, alt text on every figure
    and every font embedded."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        problems = _document_problems(pdf, root, language)
        if "/StructTreeRoot" in root:
            figures = [e for e in _structure_elements(root.StructTreeRoot) if e.get("/S") == "/Figure"]
            problems += [f"a Figure has no alt text (on page {_page_of(pdf, e)})" for e in figures if not _alt(e)]
        else:
            problems.append("no StructTreeRoot: the PDF is not tagged")
        problems += [f"font {name} is not embedded" for name in sorted(_unembedded_fonts(pdf))]
    return problems


def _document_problems(pdf: pikepdf.Pdf, root: Any, language: str) -> list[str]:
    problems = []
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append("MarkInfo/Marked is not true")
    lang = str(root.get("/Lang", ""))
    if lang.split("-")[0].lower() != language:
        problems.append(f"/Lang is {lang!r}, not {language!r}")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        title = str(xmp.get("dc:title") or pdf.docinfo.get("/Title", "")).strip()
        part = str(xmp.get("pdfuaid:part", ""))
    if not title:
        problems.append("no document title")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        problems.append("ViewerPreferences/DisplayDocTitle is not true")
    if part != "1":
        problems.append(f"the XMP metadata's pdfuaid:part is {part!r}, not '1'")
    return problems


def _structure_elements(node: Any) -> Iterator[Any]:
    """Every structure element under `node`, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        if not isinstance(item, pikepdf.Dictionary):
            continue  # a marked-content id
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if "/S" in item:
            yield item
        if "/K" in item:
            stack.append(item.K)


def _alt(element: Any) -> str:
    return str(element.get("/Alt") or element.get("/ActualText") or "").strip()


def _page_of(pdf: pikepdf.Pdf, element: Any) -> int | str:
    page = element.get("/Pg")
    for number, candidate in enumerate(pdf.pages, start=1):
        if page is not None and candidate.obj.objgen == page.objgen:
            return number
    return "?"


def _unembedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    """The base names of fonts used anywhere (page resources and the forms they draw) with no font file."""
    missing: set[str] = set()
    for page in pdf.pages:
        for resources in _resources(page.obj.get("/Resources")):
            for font in resources.get("/Font", {}).values():
                missing |= _missing_file(font)
    return missing


def _resources(resources: Any, depth: int = 0) -> Iterator[Any]:
    if resources is None or depth > 10:
        return
    yield resources
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _resources(xobject.get("/Resources"), depth + 1)
    for pattern in resources.get("/Pattern", {}).values():
        yield from _resources(pattern.get("/Resources"), depth + 1)


def _missing_file(font: Any) -> set[str]:
    if font.get("/Subtype") == "/Type3":
        return set()  # glyphs drawn by the PDF itself: nothing to embed
    described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
    descriptor = described.get("/FontDescriptor", {})
    if any(key in descriptor for key in FONT_FILES):
        return set()
    return {str(font.get("/BaseFont", "(unnamed)"))}
