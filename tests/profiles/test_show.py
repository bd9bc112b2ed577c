import re
from datetime import UTC, datetime

from tests.conftest import log_in
from tests.factories import ProfileFactory, UserFactory, person


def test_anyone_sees_name_neighbourhood_and_member_since(client):
    user = person(
        postcode="3012 AB",
        display_name="Mehmet",
        user__created_at=datetime(2024, 3, 5, tzinfo=UTC),
    )
    response = client.get(f"/profiel/{user.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Mehmet</h1>" in page
    assert "Cool" in page
    assert "maart 2024" in page


def test_public_profile_never_shows_email_phone_postcode_or_coordinates(client):
    user = person(postcode="3012 AB", phone="06 9876 5432", user__email="mehmet.secret@example.org")
    for viewer in (None, person(), user):
        if viewer:
            log_in(client, viewer)
        page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
        page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)  # random, may hold digits
        assert "mehmet.secret" not in page
        assert "9876" not in page
        assert "3012" not in page
        assert str(user.profile.lat)[:5] not in page


def test_someone_without_a_name_is_not_shown_by_their_email(client):
    user = UserFactory(email="geheim.adres@example.org")
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "geheim" not in page
    assert "Een buurtbewoner" in page


def test_others_can_report_this_person(client):
    user = person()
    log_in(client, person())
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert f'href="/melden/persoon/{user.id}"' in page
    assert "Meld deze persoon" in page


def test_owner_sees_how_others_see_them_and_no_report_link(client):
    user = person()
    log_in(client, user)
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "Zo zien anderen uw profiel." in page
    assert "Meld deze persoon" not in page


def test_blocked_person_has_no_public_profile(client):
    profile = ProfileFactory(user=UserFactory(blocked=True))
    assert client.get(f"/profiel/{profile.user_id}").status_code == 404


def test_unknown_person_is_not_found(client):
    assert client.get("/profiel/424242").status_code == 404


def test_an_absurd_id_is_not_found_rather_than_an_error(client):
    assert client.get("/profiel/99999999999999999999999").status_code == 404


def test_public_profile_cannot_be_posted_to(client):
    user = person()
    assert client.post(f"/profiel/{user.id}").status_code == 405
