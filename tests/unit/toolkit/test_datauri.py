"""toolkit.datauri: the one base64 data: URI encoder."""

from __future__ import annotations

import base64

from toolkit.datauri import data_uri, svg_data_uri


def test_bytes_become_a_data_uri_of_their_type() -> None:
    assert data_uri(b"\x89PNG", "image/png") == "data:image/png;base64,iVBORw=="


def test_svg_text_and_svg_bytes_give_the_same_uri() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg">é</svg>'
    uri = svg_data_uri(svg)
    assert uri == svg_data_uri(svg.encode("utf-8"))
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg
