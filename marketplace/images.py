"""Pictures people upload (an organisation's logo, an activity's photo): what Pillow may
decode, and how.

What is uploaded is never stored as it came. The kind is taken from the first bytes, not
the name (PNG, JPEG or WebP), and only that decoder is tried. Pictures with more pixels
than allowed are refused before they are decoded, so a small file that unpacks into
gigabytes (a decompression bomb) costs nothing. The caller draws the pixels into a new
image, which holds nothing else: no EXIF (camera, place, time), comments or anything
hidden inside or after the picture (a "polyglot" that is also HTML or a script).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

_DECODERS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}


class UnusableImage(Exception):
    """``reason`` is "type" (not a PNG, JPEG or WebP picture, or a broken one) or "pixels"
    (more than allowed)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sniff_image_type(data: bytes) -> str | None:
    """ "png", "jpg" or "webp" from the file's first bytes, whatever its name says."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def decode_upright(data: bytes, max_pixels: int) -> Image.Image:
    """``data`` decoded, every pixel, and turned upright as the camera meant it (EXIF
    orientation). Raises UnusableImage."""
    kind = sniff_image_type(data)
    if kind is None:
        raise UnusableImage("type")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that: refuse those as well.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_DECODERS[kind]]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise UnusableImage("pixels")
                image.load()  # decode every pixel now: a broken file fails here
                return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnusableImage("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UnusableImage("type") from None
