"""An activity's photo (one, optional): decoded and drawn again as a clean JPEG under a
random name, with the alt text the organiser gave.

The upload is decoded as ``marketplace.images`` says (kind by its first bytes, too many
pixels refused before decoding) and only its pixels are drawn again, at most MAX_SIDE wide
and high.

Files live next to the organisations' logos, in ``<instance>/uploads/activities/<id>/``;
the route ``agenda.photo`` serves them while the activity may be seen.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.agenda.errors import InvalidPhoto, NotOrganiser
from marketplace.agenda.models import Activity
from marketplace.agenda.services import may_edit
from marketplace.audit import record_audit
from marketplace.images import UnusableImage, decode_upright

# Under the request limit (MAX_CONTENT_LENGTH, 2 MB) with the rest of the form.
MAX_BYTES = 1536 * 1024
MAX_PIXELS = 40_000_000  # far less than Pillow's own bomb limit
MAX_SIDE = 1200
ALT_MAX = 200


def clean_photo(data: bytes) -> bytes:
    """``data`` decoded and encoded again as a JPEG with only its pixels, upright and at
    most MAX_SIDE wide and high. ``data`` may be one byte over MAX_BYTES, so a too-big file
    is noticed without reading all of it. Raises InvalidPhoto ("size", "type", "pixels")."""
    if len(data) > MAX_BYTES:
        raise InvalidPhoto("size")
    try:
        upright = decode_upright(data, MAX_PIXELS)
    except UnusableImage as error:
        raise InvalidPhoto(error.reason) from None
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
