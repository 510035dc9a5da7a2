"""HTML to tagged PDF with WeasyPrint, for every area that prints (survey copies and posters,
workshop reports). No Flask: the caller renders the HTML and hands it over.

WeasyPrint lays text out with Pango and the system's fonts (Debian's fonts-noto-core covers
Arabic, Urdu, Bengali, Gurmukhi and Gujarati), so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

import base64


def data_uri(content: bytes, mime_type: str) -> str:
    """Pictures go into a PDF's HTML inline, so WeasyPrint fetches nothing."""
    return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"


def to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, reading order, language and alt text kept)."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment
    from weasyprint.urls import URLFetcher

    # data: URIs only (pictures are inlined): a PDF never fetches from the network or reads a file.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"]))
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
