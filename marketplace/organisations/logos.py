"""An organisation's logo: decoded and drawn again as a clean PNG, under a random name.

The upload is decoded as ``marketplace.images`` says (kind by its first bytes, too many
pixels refused before decoding) and only its pixels are written again as a new PNG.

Files live in ``<instance>/uploads/organisations/<organisation id>/``; the route
``organisations.logo`` serves them with the content type that matches the stored name.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.audit import record_audit
from marketplace.images import UnusableImage, decode_upright
from marketplace.organisations.errors import InvalidLogo
from marketplace.organisations.services import can_change_staff

MAX_LOGO_BYTES = 1024 * 1024
# Far more than any logo, far less than Pillow's own bomb limit (about 89 million pixels).
MAX_LOGO_PIXELS = 20_000_000
# The stored logo is at most this wide and high; it is shown much smaller.
MAX_LOGO_SIDE = 800
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def clean_image(data: bytes) -> bytes:
    """``data`` (PNG, JPEG or WebP) decoded and encoded again as a PNG with only its pixels,
    upright and at most MAX_LOGO_SIDE wide and high. Raises InvalidLogo ("type": not such a
    picture, or a broken one; "pixels": more than MAX_LOGO_PIXELS).
    """
    try:
        upright = decode_upright(data, MAX_LOGO_PIXELS)
    except UnusableImage as error:
        raise InvalidLogo(error.reason) from None
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    # A new image holds only pixels: no EXIF, ICC, text chunks or anything else.
    clean = Image.new("RGBA" if has_alpha else "RGB", upright.size)
    clean.paste(upright.convert(clean.mode))
    clean.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE))
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def logo_dir(upload_root: Path, organisation_id: int) -> Path:
    return upload_root / "organisations" / str(organisation_id)


def save_logo(
    session: Session, actor: User, organisation: Organisation, data: bytes, upload_root: Path
) -> str:
    """Store ``data`` as the organisation's logo and return the new file name.

    ``data`` may be up to one byte longer than the limit, so a too-big file is noticed
    without reading all of it. What is stored is ``clean_image(data)``, always a PNG.
    Raises PermissionDenied (not a coordinator or admin) or InvalidLogo ("size": over
    1 MB, "type": not a PNG, JPEG or WebP picture, "pixels": too many pixels).
    """
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators change the logo")
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidLogo("size")
    clean = clean_image(data)
    directory = logo_dir(upload_root, organisation.id)
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.png"
    (directory / filename).write_bytes(clean)
    old = organisation.logo_filename
    organisation.logo_filename = filename
    if old and old != filename:
        (directory / old).unlink(missing_ok=True)
    record_audit(session, actor, "organisation.logo", organisation)
    session.flush()
    return filename


def remove_logo(
    session: Session, actor: User, organisation: Organisation, upload_root: Path
) -> None:
    """Take the logo away. Raises PermissionDenied."""
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators change the logo")
    if organisation.logo_filename:
        (logo_dir(upload_root, organisation.id) / organisation.logo_filename).unlink(
            missing_ok=True
        )
    organisation.logo_filename = None
    session.flush()


def content_type_for(filename: str) -> str | None:
    return CONTENT_TYPES.get(filename.rsplit(".", 1)[-1])
