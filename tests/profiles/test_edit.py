from marketplace.dayparts import mask_from_slots
from marketplace.profiles.models import Profile
from tests.conftest import log_in
from tests.factories import UserFactory, person
from tests.profiles.helpers import is_checked

VALID = {
    "display_name": "Ans",
    "postcode": "3011 ab",
    "phone": "06 1234 5678",
    "wants_to_help": "y",
    "interests": ["boodschappen", "vervoer"],
    "availability": ["mon-morning", "tue-evening"],
    "radius_km": "3",
    "languages": ["nl", "tr"],
}


def post_profile(client, **changes):
    data = {**VALID, **changes}
    return client.post("/profiel/", data={k: v for k, v in data.items() if v is not None})


def test_visitor_is_sent_to_log_in_and_back_to_the_profile(client):
    response = client.get("/profiel/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=%2Fprofiel%2F"


def test_visitor_cannot_save_a_profile(client, session):
    response = post_profile(client)
    assert response.status_code == 302
    assert session.query(Profile).count() == 0


def test_owner_sees_their_own_profile_filled_in(client, categories):
    user = person(display_name="Fatima", phone="010 123 4567", radius_km=7)
    log_in(client, user)
    page = client.get("/profiel/").get_data(as_text=True)
    assert 'value="Fatima"' in page
    assert 'value="010 123 4567"' in page
    assert 'value="7"' in page
    assert "U woont in de wijk Stadsdriehoek." in page


def test_saving_derives_the_place_from_the_postcode(client, session, categories):
    user = person(postcode="1012")
    log_in(client, user)
    response = post_profile(client, postcode="3012 ab")
    assert response.status_code == 302
    profile = session.get(Profile, user.id)
    session.refresh(profile)
    assert profile.postcode == "3012 AB"
    assert profile.pc4 == "3012"
    assert profile.neighbourhood == "Cool"
    assert 51.9 < profile.lat < 51.95
    assert 4.45 < profile.lon < 4.5


def test_after_saving_the_person_sees_their_wijk(client, categories):
    log_in(client, person())
    post_profile(client, postcode="3011")
    page = client.get("/profiel/").get_data(as_text=True)
    assert "Uw profiel is opgeslagen." in page
    assert "U woont in de wijk Stadsdriehoek." in page


def test_outside_rotterdam_the_place_name_is_shown(client, categories):
    log_in(client, person())
    post_profile(client, postcode="1012 AB")
    page = client.get("/profiel/").get_data(as_text=True)
    assert "U woont in Amsterdam." in page
    assert "de wijk Amsterdam" not in page


def test_saving_stores_everything_the_person_chose(client, session, categories):
    user = person()
    log_in(client, user)
    post_profile(client)
    profile = session.get(Profile, user.id)
    session.refresh(profile)
    assert profile.display_name == "Ans"
    assert profile.phone == "06 1234 5678"
    assert profile.wants_to_help is True
    assert profile.interest_mask == categories["boodschappen"].mask | categories["vervoer"].mask
    assert profile.availability_mask == mask_from_slots(["mon-morning", "tue-evening"])
    assert profile.radius_km == 3
    assert profile.languages == "nl,tr"


def test_unticking_everything_clears_interests_availability_and_helping(
    client, session, categories
):
    user = person(volunteer=True)
    log_in(client, user)
    post_profile(client, wants_to_help=None, interests=None, availability=None, languages=None)
    profile = session.get(Profile, user.id)
    session.refresh(profile)
    assert profile.wants_to_help is False
    assert profile.interest_mask == 0
    assert profile.availability_mask == 0
    assert profile.languages is None


def test_saved_choices_are_ticked_when_the_page_is_opened_again(client, categories):
    log_in(client, person())
    post_profile(client)
    page = client.get("/profiel/").get_data(as_text=True)
    assert is_checked(page, "interests-1")
    assert 'id="availability-tue-evening" value="tue-evening" checked' in page
    assert 'id="availability-tue-morning" value="tue-morning">' in page


def test_malformed_postcode_is_refused_with_an_example(client, session, categories):
    user = person(postcode="3011")
    log_in(client, user)
    response = post_profile(client, postcode="30 11 XYZ")
    assert response.status_code == 422
    assert "Vul een Nederlandse postcode in, bijvoorbeeld 3011 AB." in response.get_data(
        as_text=True
    )
    session.refresh(user.profile)
    assert user.profile.postcode == "3011"


def test_postcode_with_letters_that_are_never_issued_is_refused(client, categories):
    log_in(client, person())
    response = post_profile(client, postcode="3011 SS")
    assert response.status_code == 422
    assert "Vul een Nederlandse postcode in" in response.get_data(as_text=True)


def test_unknown_postcode_gets_its_own_message(client, categories):
    log_in(client, person())
    response = post_profile(client, postcode="3000")
    assert response.status_code == 422
    assert "Deze postcode kennen we niet. Kijk of u hem goed heeft getypt." in response.get_data(
        as_text=True
    )


def test_empty_postcode_asks_for_one(client, categories):
    log_in(client, person())
    response = post_profile(client, postcode="   ")
    assert response.status_code == 422
    assert "Vul uw postcode in, bijvoorbeeld 3011 AB." in response.get_data(as_text=True)


def test_everything_typed_is_kept_when_the_form_has_an_error(client, categories):
    log_in(client, person(display_name="Oud"))
    response = post_profile(client, postcode="99999", display_name="Nieuwe naam")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Nieuwe naam"' in page
    assert 'value="99999"' in page
    assert 'value="06 1234 5678"' in page
    assert 'value="3"' in page
    assert is_checked(page, "interests-1")
    assert 'id="availability-mon-morning" value="mon-morning" checked' in page
    assert is_checked(page, "languages-3")
    assert is_checked(page, "wants_to_help")


def test_every_mistake_is_listed_at_once(client, categories):
    log_in(client, person())
    page = post_profile(client, postcode="abc", radius_km="30", phone="bel me").get_data(
        as_text=True
    )
    assert 'href="#postcode"' in page
    assert 'href="#radius_km"' in page
    assert 'href="#phone"' in page


def test_display_name_is_required(client, categories):
    log_in(client, person())
    response = post_profile(client, display_name="   ")
    assert response.status_code == 422
    assert "Vul de naam in die uw buren te zien krijgen" in response.get_data(as_text=True)


def test_a_very_long_display_name_is_refused_not_an_error_page(client, categories):
    log_in(client, person())
    response = post_profile(client, display_name="A" * 5000)
    assert response.status_code == 422
    assert "hoogstens 80 tekens" in response.get_data(as_text=True)


def test_radius_must_be_between_1_and_25_km(client, categories):
    log_in(client, person())
    for radius in ("0", "26", "-3", "99999999999999999999"):
        response = post_profile(client, radius_km=radius)
        assert response.status_code == 422, radius
        assert "Kies een afstand van 1 tot en met 25 kilometer." in response.get_data(as_text=True)


def test_radius_that_is_not_a_number_gets_a_clear_message(client, categories):
    log_in(client, person())
    response = post_profile(client, radius_km="vijf")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul alleen cijfers in." in page
    assert 'value="vijf"' in page


def test_phone_may_be_left_empty(client, session, categories):
    user = person()
    log_in(client, user)
    assert post_profile(client, phone="").status_code == 302
    session.refresh(user.profile)
    assert user.profile.phone is None


def test_phone_with_country_code_and_dashes_is_accepted(client, session, categories):
    user = person()
    log_in(client, user)
    assert post_profile(client, phone="+31 6-1234-5678").status_code == 302
    session.refresh(user.profile)
    assert user.profile.phone == "+31 6-1234-5678"


def test_phone_with_letters_or_too_few_digits_is_refused(client, categories):
    log_in(client, person())
    for phone in ("06 bel mij", "12345", "0612345678901234567"):
        response = post_profile(client, phone=phone)
        assert response.status_code == 422, phone
        assert "Vul een telefoonnummer in met 10 tot 15 cijfers" in response.get_data(as_text=True)


def test_made_up_interest_is_refused(client, categories):
    log_in(client, person())
    response = post_profile(client, interests=["boodschappen", "hacken"])
    assert response.status_code == 422


def test_inactive_category_is_not_offered_but_an_interest_in_it_is_kept(
    client, session, categories
):
    garden = categories["tuin"]
    user = person(interest_mask=garden.mask)
    garden.is_active = False
    session.commit()
    log_in(client, user)
    assert 'value="tuin"' not in client.get("/profiel/").get_data(as_text=True)
    post_profile(client, interests=["boodschappen"])
    session.refresh(user.profile)
    assert user.profile.interest_mask == garden.mask | categories["boodschappen"].mask


def test_made_up_availability_slot_is_refused(client, categories):
    log_in(client, person())
    response = post_profile(client, availability=["mon-morning", "mon-night"])
    assert response.status_code == 422
    assert "Kies dagdelen in de tabel." in response.get_data(as_text=True)


def test_made_up_language_is_refused(client, categories):
    log_in(client, person())
    assert post_profile(client, languages=["nl", "klingon"]).status_code == 422


def test_availability_is_a_table_with_row_and_column_headers(client, categories):
    log_in(client, person())
    page = client.get("/profiel/").get_data(as_text=True)
    assert '<table class="availability-grid">' in page
    assert '<th scope="row">Maandag</th>' in page
    assert '<th scope="col">Ochtend</th>' in page
    assert 'for="availability-mon-morning" class="visually-hidden">maandagochtend</label>' in page
    assert 'for="availability-sun-evening" class="visually-hidden">zondagavond</label>' in page


def test_person_without_a_profile_can_open_the_page(client):
    log_in(client, UserFactory())
    response = client.get("/profiel/")
    assert response.status_code == 200
    assert "<h1>Mijn profiel</h1>" in response.get_data(as_text=True)


def test_person_without_a_profile_gets_one_on_first_save(client, session, categories):
    user = UserFactory()
    log_in(client, user)
    assert post_profile(client).status_code == 302
    profile = session.get(Profile, user.id)
    assert profile.display_name == "Ans"
    assert profile.neighbourhood == "Stadsdriehoek"


def test_the_form_is_protected_against_cross_site_posts(client, session, csrf_enabled, categories):
    user = person(display_name="Oud")
    log_in(client, user)
    response = post_profile(client)
    assert response.status_code == 400
    session.refresh(user.profile)
    assert user.profile.display_name == "Oud"


def test_profile_page_refuses_other_methods(client):
    log_in(client, person())
    assert client.delete("/profiel/").status_code == 405
