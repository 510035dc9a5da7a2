"""Content as a `data:` URI, for an `<img src>`, a CSS background or a PDF's inline pictures:
the one base64 encoder every area uses. Plain module: no Flask."""

from __future__ import annotations

import base64

SVG = "image/svg+xml"


def data_uri(content: bytes, mime_type: str) -> str:
    """Pictures go into a page or a PDF's HTML inline, so nothing is fetched."""
    return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"


def svg_data_uri(svg: str | bytes) -> str:
    """An SVG drawing (text or bytes) as a data: URI. In a PDF as a CSS background, WeasyPrint
    paints it as an artifact: right for a pictogram beside words that say the same."""
    return data_uri(svg if isinstance(svg, bytes) else str(svg).encode("utf-8"), SVG)
