"""An organisation's logo: checked by its first bytes, stored under a random name.

Files live in ``<instance>/uploads/organisations/<organisation id>/``; the route
``organisations.logo`` serves them with the content type that matches the stored name.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.moderation.audit import record_audit
from marketplace.organisations.errors import InvalidLogo
from marketplace.organisations.models import Organisation
from marketplace.organisations.services import can_change_staff

MAX_LOGO_BYTES = 1024 * 1024
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def sniff_image_type(data: bytes) -> str | None:
    """ "png", "jpg" or "webp" from the file's first bytes, whatever its name says."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def logo_dir(upload_root: Path, organisation_id: int) -> Path:
    return upload_root / "organisations" / str(organisation_id)


def save_logo(
    session: Session, actor: User, organisation: Organisation, data: bytes, upload_root: Path
) -> str:
    """Store ``data`` as the organisation's logo and return the new file name.

    ``data`` may be up to one byte longer than the limit, so a too-big file is noticed
    without reading all of it. Raises PermissionDenied (not a coordinator or admin) or
    InvalidLogo ("size": over 1 MB, "type": not PNG, JPEG or WebP).
    """
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators change the logo")
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidLogo("size")
    extension = sniff_image_type(data)
    if extension is None:
        raise InvalidLogo("type")
    directory = logo_dir(upload_root, organisation.id)
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.{extension}"
    (directory / filename).write_bytes(data)
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
