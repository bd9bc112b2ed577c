"""Coordinators edit their organisation's profile and logo; everyone sees the logo."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from marketplace.images import sniff_image_type
from marketplace.organisations.logos import MAX_LOGO_BYTES
from marketplace.organisations.services import rotterdam_neighbourhoods
from tests.conftest import log_in
from tests.factories import OrganisationFactory
from tests.organisations.conftest import member_of


def _picture(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


PNG = _picture("PNG")
JPEG = _picture("JPEG")
WEBP = _picture("WEBP")
GIF = _picture("GIF")

FORM = {
    "name": "Buurtwerk Noord en Oost",
    "description": "Wij zoeken maatjes voor ouderen.",
    "wijken": ["Blijdorp", "Oude Noorden"],
    "neighbourhoods": "Schiedam-Noord",
    "website": "buurtwerk.nl",
    "email": "info@buurtwerk.nl",
    "phone": "010 111 22 33",
}


@pytest.fixture(autouse=True)
def _no_uploads_left():
    """Ids start again at 1 in every test; so must the upload folder."""
    shutil.rmtree(Path(current_app.instance_path) / "uploads", ignore_errors=True)


def profile_url(organisation):
    return f"/organisaties/{organisation.id}/profiel"


def logo_url(organisation):
    return f"/organisaties/{organisation.id}/logo"


def upload(client, organisation, data, filename="logo.png"):
    # Encoded here, in memory: the test client would spool a big body to a temporary file
    # it never closes (a ResourceWarning, which is an error in our tests).
    boundary, body = encode_multipart(
        MultiDict({"logo": FileStorage(io.BytesIO(data), filename=filename)})
    )
    return client.post(
        logo_url(organisation),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def logo_files(organisation) -> list[Path]:
    folder = Path(current_app.instance_path) / "uploads" / "organisations" / str(organisation.id)
    return sorted(folder.iterdir()) if folder.exists() else []


# --- who may edit -----------------------------------------------------------------------


def test_profile_form_asks_a_visitor_to_log_in(client, organisation):
    assert "/inloggen" in client.get(profile_url(organisation)).headers["Location"]


def test_profile_form_is_404_for_a_plain_user(client, organisation, plain_user):
    log_in(client, plain_user)
    assert client.get(profile_url(organisation)).status_code == 404


def test_profile_form_is_403_for_staff(client, organisation, staff_member):
    log_in(client, staff_member)
    assert client.get(profile_url(organisation)).status_code == 403


def test_profile_form_is_404_for_staff_of_another_organisation(client, organisation, other_staff):
    log_in(client, other_staff)
    assert client.get(profile_url(organisation)).status_code == 404


def test_profile_form_shows_the_current_values_to_the_coordinator(
    client, organisation, coordinator
):
    log_in(client, coordinator)
    response = client.get(profile_url(organisation))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Buurtwerk Noord"' in page
    assert re.search(r'<input checked[^>]*value="Blijdorp"', page)


def test_admin_may_edit_the_profile(client, organisation, admin):
    log_in(client, admin)
    assert client.get(profile_url(organisation)).status_code == 200


# --- saving -----------------------------------------------------------------------------


def test_coordinator_saves_the_profile(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(profile_url(organisation), data=FORM)
    assert response.status_code == 302
    session.refresh(organisation)
    assert organisation.name == "Buurtwerk Noord en Oost"
    assert organisation.neighbourhood_list == ["Blijdorp", "Oude Noorden", "Schiedam-Noord"]
    assert organisation.website == "https://buurtwerk.nl"
    assert organisation.slug == "buurtwerk-noord"  # links keep working


def test_neighbourhood_choices_are_rotterdam_wijken():
    names = rotterdam_neighbourhoods()
    assert "Stadsdriehoek" in names
    assert len(names) == len(set(names))


def test_an_unknown_wijk_gets_a_message(client, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(profile_url(organisation), data={**FORM, "wijken": ["Atlantis"]})
    assert response.status_code == 422
    assert "Kies wijken uit de lijst" in response.get_data(as_text=True)


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://buurtwerk.nl"])
def test_a_website_must_be_http_or_https(client, session, organisation, coordinator, website):
    log_in(client, coordinator)
    response = client.post(profile_url(organisation), data={**FORM, "website": website})
    assert response.status_code == 422
    assert "begint met http:// of https://" in response.get_data(as_text=True)
    session.refresh(organisation)
    assert organisation.website == "https://www.buurtwerk-noord.nl"


def test_a_too_long_description_gets_a_message_and_keeps_the_name(
    client, organisation, coordinator
):
    log_in(client, coordinator)
    response = client.post(profile_url(organisation), data={**FORM, "description": "x" * 5001})
    assert response.status_code == 422
    assert 'value="Buurtwerk Noord en Oost"' in response.get_data(as_text=True)


def test_staff_cannot_save_the_profile(client, session, organisation, staff_member):
    log_in(client, staff_member)
    assert client.post(profile_url(organisation), data=FORM).status_code == 403
    session.refresh(organisation)
    assert organisation.name == "Buurtwerk Noord"


# --- the logo ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"), [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp"), (GIF, None), (b"", None)]
)
def test_image_type_comes_from_the_first_bytes(data, kind):
    assert sniff_image_type(data) == kind


def test_coordinator_uploads_a_png_logo_stored_under_a_random_name(
    client, session, organisation, coordinator
):
    log_in(client, coordinator)
    response = upload(client, organisation, PNG, "mijn logo.png")
    assert response.status_code == 302
    session.refresh(organisation)
    files = logo_files(organisation)
    assert [f.name for f in files] == [organisation.logo_filename]
    assert organisation.logo_filename.endswith(".png")
    assert "mijn" not in organisation.logo_filename
    with Image.open(files[0]) as stored:  # drawn again: see test_logo_cleaning.py
        assert stored.size == (40, 20)


def test_the_logo_is_served_with_its_content_type(client, session, organisation, coordinator):
    log_in(client, coordinator)
    upload(client, organisation, JPEG, "logo.jpg")
    session.refresh(organisation)
    response = client.get(f"{logo_url(organisation)}/{organisation.logo_filename}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"  # every logo is stored as a clean PNG
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"\x89PNG")


def test_the_public_page_shows_the_logo_with_the_name_as_alt_text(
    app, client, session, organisation, coordinator
):
    log_in(app.test_client(), coordinator).post(
        logo_url(organisation),
        data={"logo": (io.BytesIO(WEBP), "logo.webp")},
        content_type="multipart/form-data",
    )
    session.refresh(organisation)
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert f'{logo_url(organisation)}/{organisation.logo_filename}" alt="Buurtwerk Noord"' in page


def test_a_new_logo_replaces_the_old_file(client, session, organisation, coordinator):
    log_in(client, coordinator)
    upload(client, organisation, PNG)
    upload(client, organisation, JPEG, "logo.jpg")
    session.refresh(organisation)
    assert [f.name for f in logo_files(organisation)] == [organisation.logo_filename]


def test_a_logo_of_the_wrong_type_is_refused(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = upload(client, organisation, GIF, "logo.gif")
    assert response.status_code == 422
    assert "geen PNG-, JPEG- of WebP-plaatje" in response.get_data(as_text=True)
    session.refresh(organisation)
    assert organisation.logo_filename is None


def test_a_text_file_named_png_is_refused(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = upload(client, organisation, b"<script>alert(1)</script>", "logo.png")
    assert response.status_code == 422
    assert logo_files(organisation) == []


def test_a_logo_over_1_mb_is_refused(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = upload(client, organisation, PNG + b"\x00" * MAX_LOGO_BYTES)
    assert response.status_code == 422
    assert "groter dan 1 MB" in response.get_data(as_text=True)
    assert logo_files(organisation) == []


def test_a_logo_of_exactly_1_mb_is_accepted(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = upload(client, organisation, PNG + b"\x00" * (MAX_LOGO_BYTES - len(PNG)))
    assert response.status_code == 302


def test_sending_no_file_says_what_to_do(client, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(logo_url(organisation), data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kies een plaatje" in response.get_data(as_text=True)


def test_staff_cannot_upload_a_logo(client, organisation, staff_member):
    log_in(client, staff_member)
    assert upload(client, organisation, PNG).status_code == 403
    assert logo_files(organisation) == []


def test_a_plain_user_cannot_upload_a_logo(client, organisation, plain_user):
    log_in(client, plain_user)
    assert upload(client, organisation, PNG).status_code == 404


def test_coordinator_removes_the_logo(client, session, organisation, coordinator):
    log_in(client, coordinator)
    upload(client, organisation, PNG)
    client.post(f"{logo_url(organisation)}/verwijderen")
    session.refresh(organisation)
    assert organisation.logo_filename is None
    assert logo_files(organisation) == []


def test_another_file_name_is_404(client, session, organisation, coordinator):
    log_in(client, coordinator)
    upload(client, organisation, PNG)
    assert client.get(f"{logo_url(organisation)}/../../buurthulp.db").status_code == 404
    assert client.get(f"{logo_url(organisation)}/verzonnen.png").status_code == 404


def test_the_logo_of_a_pending_organisation_is_hidden_from_visitors(app, client, session):
    pending = OrganisationFactory(pending=True)
    coordinator = member_of(pending, "coordinator")
    log_in(app.test_client(), coordinator).post(
        logo_url(pending),
        data={"logo": (io.BytesIO(PNG), "logo.png")},
        content_type="multipart/form-data",
    )
    session.refresh(pending)
    assert pending.logo_filename
    assert client.get(f"{logo_url(pending)}/{pending.logo_filename}").status_code == 404
