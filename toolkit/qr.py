"""QR codes for survey links, as SVG (for print) and PNG (for documents and slides).

Plain module: no Flask. The caller builds the absolute URL.
"""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

# Medium error correction survives a creased poster or a smudged pharmacy bag.
BOX_SIZE = 10
BORDER = 4  # the quiet zone the QR standard asks for


def _code(url: str) -> qrcode.QRCode:
    if not url:
        raise ValueError("A QR code needs a URL.")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=BOX_SIZE, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url: str) -> bytes:
    """An SVG QR code for the URL: one path on a white background, scales to any size."""
    image = _code(url).make_image(image_factory=SvgPathFillImage)
    return bytes(image.to_string(encoding="utf-8", xml_declaration=True))


def qr_png(url: str) -> bytes:
    """A PNG QR code for the URL."""
    image = _code(url).make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
