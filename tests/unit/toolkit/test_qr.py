"""QR codes: SVG and PNG that decode to the link."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import qrcode
from PIL import Image

from toolkit.qr import BORDER, BOX_SIZE, qr_png, qr_svg

URL = "https://haveyoursay.example.nhs.uk/c/abc234"


def _modules(url: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def test_svg_is_xml_with_a_white_background_and_a_path():
    root = ET.fromstring(qr_svg(URL))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}rect").get("fill") == "white"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_png_pixels_match_the_qr_matrix_for_the_url():
    png = qr_png(URL)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("L")
    matrix = _modules(URL)
    assert image.size[0] == (len(matrix) + 2 * BORDER) * BOX_SIZE
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            x = (column + BORDER) * BOX_SIZE + BOX_SIZE // 2
            y = (row + BORDER) * BOX_SIZE + BOX_SIZE // 2
            assert (image.getpixel((x, y)) < 128) is dark


def test_different_links_give_different_codes():
    assert qr_svg(URL) != qr_svg(URL + "x") and qr_png(URL) != qr_png(URL + "x")


def test_an_empty_link_is_refused():
    with pytest.raises(ValueError, match="needs a URL"):
        qr_svg("")
