"""An activity's photo: cleaned of hidden data, shown with the organiser's alt text,
removable; a bad file is told clearly and nothing else typed is lost."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from marketplace.agenda.models import Activity
from marketplace.agenda.photos import MAX_BYTES
from marketplace.extensions import db
from marketplace.my_data.erasure import erase_account
from tests.agenda.factories import make_activity, organiser
from tests.agenda.test_pages import _form
from tests.conftest import log_in
from tests.factories import person


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Mevrouw Jansen"  # Artist
    exif[0x8825] = {1: "N", 2: (51.0, 55.0, 12.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 200)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _no_uploads_left():
    """Ids start again at 1 in every test; so must the upload folder."""
    shutil.rmtree(Path(current_app.instance_path) / "uploads", ignore_errors=True)


def _stored(activity: Activity) -> Path:
    return (
        Path(current_app.instance_path)
        / "uploads"
        / "activities"
        / str(activity.id)
        / str(activity.photo_filename)
    )


def _post(client, url: str, form: dict, data: bytes, filename: str = "koffie.jpg"):
    # Encoded here, in memory: the test client would spool a big body to a temporary file
    # it never closes (a ResourceWarning, which is an error in our tests).
    fields = MultiDict(form)
    fields["photo"] = FileStorage(io.BytesIO(data), filename=filename)
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _new_with_photo(client, data: bytes, alt: str = "Mensen aan een lange tafel", **changes):
    staff = organiser()
    log_in(client, staff)
    form = _form(organisation=str(staff.memberships[0].organisation_id), photo_alt=alt, **changes)
    return _post(client, "/agenda/nieuw", form, data)


def test_the_photo_is_stored_without_its_hidden_data_and_shown_with_its_alt_text(app, client):
    _new_with_photo(client, _jpeg_with_gps())
    activity = db.session.scalar(select(Activity))
    stored = _stored(activity).read_bytes()
    assert b"Mevrouw Jansen" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (60, 40))
        assert not image.getexif()
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    assert 'alt="Mensen aan een lange tafel"' in page
    guest = app.test_client()
    photo = guest.get(f"/agenda/activiteit/{activity.id}/foto/{activity.photo_filename}")
    assert (photo.status_code, photo.mimetype) == (200, "image/jpeg")
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in photo.headers["Cache-Control"]


def test_a_photo_without_alt_text_is_refused_and_the_rest_is_kept(client):
    response = _new_with_photo(client, _jpeg_with_gps(), alt="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "wat er op de foto staat" in page
    assert 'value="Wandelclub"' in page
    assert db.session.scalar(select(Activity)) is None


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><script>alert(1)</script></html>", "Dit is geen PNG-, JPEG- of WebP-foto"),
        (b"\xff\xd8\xff" + b"kapot" * 10, "Dit is geen PNG-, JPEG- of WebP-foto"),
        (b"\xff\xd8\xff" + b"0" * MAX_BYTES, "groter dan 1,5 MB"),
    ],
    ids=["not-a-picture", "broken", "too-big"],
)
def test_a_bad_file_is_told_in_dutch_with_422_and_nothing_typed_is_lost(client, data, message):
    response = _new_with_photo(client, data, description="Elke week samen lopen.")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="Wandelclub"' in page and "Elke week samen lopen." in page
    assert db.session.scalar(select(Activity)) is None


def test_the_organiser_removes_the_photo(client):
    _new_with_photo(client, _jpeg_with_gps())
    activity = db.session.scalar(select(Activity))
    stored = _stored(activity)
    form = _form(organisation="", photo_alt="", remove_photo="y")
    response = client.post(f"/agenda/activiteit/{activity.id}/wijzigen", data=form)
    assert response.status_code == 302
    db.session.refresh(activity)
    assert (activity.photo_filename, activity.photo_alt) == (None, "")
    assert not stored.exists()


def test_someone_else_cannot_see_the_photo_of_a_pending_activity(client):
    resident = person()
    log_in(client, resident)
    form = _form(photo_alt="Onze moestuin")
    _post(client, "/agenda/nieuw", form, _jpeg_with_gps(), "tuin.jpg")
    activity = db.session.scalar(select(Activity))
    assert activity.status == "pending" and activity.photo_filename
    log_in(client, person())
    url = f"/agenda/activiteit/{activity.id}/foto/{activity.photo_filename}"
    assert client.get(url).status_code == 404
    assert client.get(f"/agenda/activiteit/{make_activity().id}/foto/anders.jpg").status_code == 404


def test_erasing_a_resident_removes_the_photos_of_her_activities(client, session):
    resident = person()
    log_in(client, resident)
    form = _form(photo_alt="Onze moestuin")
    _post(client, "/agenda/nieuw", form, _jpeg_with_gps(), "tuin.jpg")
    activity = db.session.scalar(select(Activity))
    stored = _stored(activity)
    assert stored.exists()
    erase_account(session, resident)
    session.commit()
    session.refresh(activity)
    assert (activity.photo_filename, activity.created_by_id) == (None, None)
    assert not stored.exists()
