import re
from datetime import UTC, datetime

import pytest

from marketplace.extensions import db
from marketplace.my_data.erasure import erase_account
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    ProfileFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def neighbour_of(user):
    """Someone with a reason to see ``user``'s profile: ``user`` responded to their posting."""
    viewer = person()
    ResponseFactory(posting=PostingFactory(author=viewer, published=True), responder=user)
    return viewer


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client):
    user = person(display_name="Mehmet")
    response = client.get(f"/profiel/{user.id}")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]
    assert "Mehmet" not in response.get_data(as_text=True)


def test_someone_logged_in_sees_name_neighbourhood_and_member_since(client):
    user = person(
        postcode="3012 AB",
        display_name="Mehmet",
        shows_neighbourhood=True,
        user__created_at=datetime(2024, 3, 5, tzinfo=UTC),
    )
    log_in(client, neighbour_of(user))
    response = client.get(f"/profiel/{user.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Mehmet</h1>" in page
    assert "Cool" in page
    assert "maart 2024" in page


def test_public_profile_never_shows_email_phone_postcode_or_coordinates(client):
    user = person(postcode="3012 AB", phone="06 9876 5432", user__email="mehmet.secret@example.org")
    for viewer in (None, person(), neighbour_of(user), user):
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
    log_in(client, neighbour_of(user))
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "geheim" not in page
    assert "Een buurtbewoner" in page


def test_others_can_report_this_person(client):
    user = person()
    log_in(client, neighbour_of(user))
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert f'href="/melden/persoon/{user.id}"' in page
    assert "Klacht over deze persoon" in page


def test_owner_sees_how_others_see_them_and_no_report_link(client):
    user = person()
    log_in(client, user)
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "Zo zien anderen uw profiel." in page
    assert "Klacht over deze persoon" not in page


def test_blocked_person_has_no_public_profile(client):
    profile = ProfileFactory(user=UserFactory(blocked=True))
    log_in(client, person())
    assert client.get(f"/profiel/{profile.user_id}").status_code == 404


def test_unknown_person_is_not_found(client):
    log_in(client, person())
    assert client.get("/profiel/424242").status_code == 404


def test_an_absurd_id_is_not_found_rather_than_an_error(client):
    log_in(client, person())
    assert client.get("/profiel/99999999999999999999999").status_code == 404


def test_public_profile_cannot_be_posted_to(client):
    user = person()
    assert client.post(f"/profiel/{user.id}").status_code == 405


def test_someone_who_chose_not_to_show_their_wijk_shows_only_their_name(client):
    user = person(postcode="3012 AB", display_name="Mehmet", shows_neighbourhood=False)
    log_in(client, neighbour_of(user))
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "Mehmet" in page
    assert user.profile.neighbourhood not in page
    assert "Woont in" not in page


def test_the_profile_form_saves_the_choice_to_show_the_wijk(client, session):
    user = person(display_name="Mehmet")
    log_in(client, user)
    form = {"display_name": "Mehmet", "postcode": "3012 AB", "radius_km": "5"}
    client.post("/profiel/", data=form)
    session.expire_all()
    assert user.profile.shows_neighbourhood is False
    client.post("/profiel/", data={**form, "shows_neighbourhood": "y"})
    session.expire_all()
    assert user.profile.shows_neighbourhood is True


# Profiles are no directory: only people with a reason see one


def test_the_wijk_is_not_shown_until_the_person_chooses_it(client):
    user = person(postcode="3012 AB", display_name="Mehmet")
    assert user.profile.shows_neighbourhood is False
    log_in(client, neighbour_of(user))
    page = client.get(f"/profiel/{user.id}").get_data(as_text=True)
    assert "Mehmet" in page and "Woont in" not in page


def test_someone_without_a_relation_cannot_walk_the_profiles(client):
    user = person(display_name="Mehmet")
    log_in(client, person())
    response = client.get(f"/profiel/{user.id}")
    assert response.status_code == 404
    assert "Mehmet" not in response.get_data(as_text=True)


def test_an_unconfirmed_account_sees_no_other_profile_even_with_a_relation(client):
    user = person(display_name="Mehmet")
    viewer = UserFactory(unconfirmed=True)
    ResponseFactory(posting=PostingFactory(author=viewer, published=True), responder=user)
    log_in(client, viewer)
    assert client.get(f"/profiel/{user.id}").status_code == 404
    assert client.get(f"/profiel/{viewer.id}").status_code == 200  # the own one, yes


def test_the_responder_sees_the_author_of_the_posting(client):
    author = person(display_name="Mehmet")
    responder = person()
    ResponseFactory(posting=PostingFactory(author=author, published=True), responder=responder)
    log_in(client, responder)
    assert client.get(f"/profiel/{author.id}").status_code == 200


def test_organisation_staff_see_their_applicants_and_others_do_not(client):
    organisation = OrganisationFactory()
    staff = MembershipFactory(organisation=organisation, user=person()).user
    applicant = person(display_name="Mehmet")
    vacancy = PostingFactory(author=person(), organisation_id=organisation.id, published=True)
    ResponseFactory(posting=vacancy, responder=applicant)
    other_staff = MembershipFactory(user=person()).user
    log_in(client, staff)
    assert client.get(f"/profiel/{applicant.id}").status_code == 200
    log_in(client, other_staff)
    assert client.get(f"/profiel/{applicant.id}").status_code == 404


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_see_any_profile(client, role):
    user = person(display_name="Mehmet")
    log_in(client, UserFactory(**{role: True}))
    assert client.get(f"/profiel/{user.id}").status_code == 200


def test_an_erased_account_has_no_profile(client):
    user = person(display_name="Mehmet")
    viewer = neighbour_of(user)
    erase_account(db.session, user)
    db.session.commit()
    log_in(client, viewer)
    assert client.get(f"/profiel/{user.id}").status_code == 404
