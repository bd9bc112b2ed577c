"""Uploaded logos are decoded and drawn again: only pixels are stored, never the upload."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from marketplace.organisations.errors import InvalidLogo
from marketplace.organisations.logos import MAX_LOGO_SIDE, clean_image
from tests.conftest import log_in

SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def _encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def _jpeg_with_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Fotocamera BV"  # Make
    exif[0x013B] = "Mevrouw Jansen"  # Artist
    exif[0x0112] = orientation
    return _encoded(Image.new("RGB", (40, 20), (10, 120, 200)), "JPEG", exif=exif.tobytes())


def _png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header says it is ``width`` x ``height`` pixels."""
    data = _encoded(Image.new("L", (1, 1)), "PNG")
    ihdr = data[16:29]  # width, height, depth, colour type, ...
    new_ihdr = struct.pack(">II", width, height) + ihdr[8:]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + new_ihdr))
    return data[:16] + new_ihdr + crc + data[33:]


def test_a_jpeg_with_exif_comes_out_as_a_png_without_exif():
    upload = _jpeg_with_exif()
    assert b"Mevrouw Jansen" in upload
    clean = clean_image(upload)
    assert clean.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"Mevrouw Jansen" not in clean
    assert b"Fotocamera" not in clean
    image = Image.open(io.BytesIO(clean))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_a_photo_taken_on_its_side_is_turned_upright_before_the_exif_goes():
    clean = clean_image(_jpeg_with_exif(orientation=6))  # "turn 90 degrees to see it"
    assert Image.open(io.BytesIO(clean)).size == (20, 40)


def test_a_png_with_html_after_its_end_comes_out_clean():
    polyglot = _encoded(Image.new("RGB", (8, 8), (0, 0, 0)), "PNG") + SCRIPT
    clean = clean_image(polyglot)
    assert b"<script" not in clean
    assert Image.open(io.BytesIO(clean)).size == (8, 8)


def test_a_png_with_html_in_a_text_chunk_comes_out_clean():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    upload = _encoded(Image.new("RGBA", (8, 8), (0, 0, 0, 0)), "PNG", pnginfo=info)
    assert b"<script" in upload
    clean = clean_image(upload)
    assert b"<script" not in clean
    assert Image.open(io.BytesIO(clean)).mode == "RGBA"  # transparency is kept


def test_a_webp_logo_is_accepted_and_stored_as_png():
    clean = clean_image(_encoded(Image.new("RGB", (30, 30), (1, 2, 3)), "WEBP"))
    assert Image.open(io.BytesIO(clean)).format == "PNG"


def test_a_big_picture_is_made_smaller():
    clean = clean_image(_encoded(Image.new("RGB", (3000, 1500), (1, 2, 3)), "PNG"))
    assert Image.open(io.BytesIO(clean)).size == (MAX_LOGO_SIDE, MAX_LOGO_SIDE // 2)


@pytest.mark.parametrize(
    "data",
    [
        SCRIPT,
        b"%PDF-1.4\n" + SCRIPT,
        b"\x89PNG\r\n\x1a\n" + SCRIPT,  # a PNG signature followed by a script only
        _encoded(Image.new("RGB", (8, 8)), "PNG")[:40],  # cut short
    ],
    ids=["html", "pdf", "png-signature-then-html", "broken-png"],
)
def test_what_is_not_a_whole_picture_is_refused(data):
    with pytest.raises(InvalidLogo) as error:
        clean_image(data)
    assert error.value.reason == "type"


@pytest.mark.parametrize(("width", "height"), [(5000, 5000), (10_000, 10_000), (60_000, 60_000)])
def test_a_decompression_bomb_is_refused_before_it_is_unpacked(width, height):
    with pytest.raises(InvalidLogo) as error:
        clean_image(_png_claiming_size(width, height))
    assert error.value.reason == "pixels"


def test_the_upload_page_says_a_bomb_has_too_many_pixels(client, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(
        f"/organisaties/{organisation.id}/logo",
        data={"logo": (io.BytesIO(_png_claiming_size(60_000, 60_000)), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "te veel beeldpunten" in response.text
