"""An activity's photo (one, optional): decoded and drawn again as a clean JPEG under a
random name, with the alt text the organiser gave.

What is uploaded is never stored as it came. Pillow decodes the picture (PNG, JPEG or
WebP, checked by its first bytes and by the decoder) and only the pixels are written
again: no EXIF (camera, place, time), no comments, nothing hidden inside or after the
picture. Pictures with more pixels than a photo needs are refused before they are decoded
(a small file that unpacks into gigabytes costs nothing), and the stored photo is at most
MAX_SIDE wide and high.

Files live next to the organisations' logos, in ``<instance>/uploads/activities/<id>/``;
the route ``agenda.photo`` serves them while the activity may be seen.
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.agenda.errors import InvalidPhoto, NotOrganiser
from marketplace.agenda.models import Activity
from marketplace.agenda.services import may_edit
from marketplace.audit import record_audit

# Under the request limit (MAX_CONTENT_LENGTH, 2 MB) with the rest of the form.
MAX_BYTES = 1536 * 1024
MAX_PIXELS = 40_000_000  # far less than Pillow's own bomb limit
MAX_SIDE = 1200
ALT_MAX = 200
_DECODERS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def clean_photo(data: bytes) -> bytes:
    """``data`` decoded and encoded again as a JPEG with only its pixels, upright and at
    most MAX_SIDE wide and high. ``data`` may be one byte over MAX_BYTES, so a too-big file
    is noticed without reading all of it. Raises InvalidPhoto ("size", "type", "pixels")."""
    if len(data) > MAX_BYTES:
        raise InvalidPhoto("size")
    kind = _sniff(data)
    if kind is None:
        raise InvalidPhoto("type")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_DECODERS[kind]]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise InvalidPhoto("pixels")
                image.load()  # a broken file fails here
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidPhoto("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise InvalidPhoto("type") from None
    # A new image holds only pixels: no EXIF, ICC, text chunks or anything else.
    clean = Image.new("RGB", upright.size, "white")
    source = upright.convert("RGBA")
    clean.paste(source, mask=source.getchannel("A"))
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def photo_dir(upload_root: Path, activity_id: int) -> Path:
    return upload_root / "activities" / str(activity_id)


def _delete_file(activity: Activity, upload_root: Path) -> None:
    if activity.photo_filename:
        (photo_dir(upload_root, activity.id) / activity.photo_filename).unlink(missing_ok=True)


def set_photo(
    session: Session, editor: User, activity: Activity, clean: bytes, alt: str, upload_root: Path
) -> str:
    """Store ``clean`` (from ``clean_photo``) as the activity's photo, with ``alt`` (what is
    on it, for those who cannot see it), replacing an earlier one. Raises NotOrganiser."""
    if not may_edit(session, editor, activity):
        raise NotOrganiser
    directory = photo_dir(upload_root, activity.id)
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.jpg"
    (directory / filename).write_bytes(clean)
    _delete_file(activity, upload_root)
    activity.photo_filename = filename
    activity.photo_alt = alt.strip()[:ALT_MAX]
    record_audit(session, editor, "activity.photo", activity)
    session.flush()
    return filename


def remove_photo(session: Session, editor: User, activity: Activity, upload_root: Path) -> None:
    """Take the photo away. Raises NotOrganiser."""
    if not may_edit(session, editor, activity):
        raise NotOrganiser
    _delete_file(activity, upload_root)
    activity.photo_filename = None
    activity.photo_alt = ""
    session.flush()


def forget_photos_of(session: Session, user: User, upload_root: Path) -> int:
    """Erasure: photos on activities ``user`` put in as a resident may show her; they go
    (the activity itself stays for those who come). Returns how many."""
    activities = session.scalars(
        select(Activity)
        .where(
            Activity.created_by_id == user.id,
            Activity.organisation_id.is_(None),
            Activity.photo_filename.is_not(None),
        )
        .order_by(Activity.id)
    ).all()
    for activity in activities:
        _delete_file(activity, upload_root)
        activity.photo_filename = None
        activity.photo_alt = ""
    session.flush()
    return len(activities)
