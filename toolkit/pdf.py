"""HTML to tagged PDF with WeasyPrint, for every area that prints (survey copies and posters,
workshop reports). No Flask: the caller renders the HTML and hands it over.

WeasyPrint lays text out with Pango and the system's fonts (Debian's fonts-noto-core covers
Arabic, Urdu, Bengali, Gurmukhi and Gujarati), so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

from typing import Any

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def render(html: str) -> Any:
    """The laid-out pages of a tagged PDF (PDF/UA-1: headings, reading order, language and alt text kept)."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment
    from weasyprint.urls import URLFetcher

    _cache_page_references()
    # data: URIs only (pictures are inlined): a PDF never fetches from the network or reads a file.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).render(**PDF_OPTIONS)


def write(document: Any) -> bytes:
    return bytes(document.write_pdf(**PDF_OPTIONS))


def to_pdf(html: str) -> bytes:
    """A tagged PDF of the HTML."""
    return write(render(html))


def _cache_page_references() -> None:
    """pydyf (0.13) lists every page's reference afresh each time WeasyPrint's tagging asks
    for one page's, once per structure element: quadratic in pages (500 three-page copies
    took 90 s rather than 31 s on a busy two-core machine). Keep the list until a page is
    added; the PDF is the same."""
    import pydyf

    if getattr(pydyf.PDF, "page_references_cached", False):
        return
    listed = pydyf.PDF.page_references.fget

    def page_references(pdf: Any) -> Any:
        count, references = getattr(pdf, "_page_references", (None, ()))
        if count != pdf.pages["Count"]:
            count, references = pdf.pages["Count"], listed(pdf)
            pdf._page_references = (count, references)
        return references

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF.page_references_cached = True
