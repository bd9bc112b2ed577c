"""The privacy statement: public, in Dutch and English, with the retention periods from the
policy, the rights and the Autoriteit Persoonsgegevens; linked from every page and form."""

from __future__ import annotations

import pytest

from marketplace.retention.policy import RULES
from tests.conftest import log_in
from tests.factories import OrganisationFactory, PostingFactory, person


def test_anyone_can_read_the_privacy_statement(client):
    response = client.get("/privacy")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Privacyverklaring</h1>" in page
    assert "Gemeente Rotterdam is verantwoordelijk" in page
    assert "Autoriteit Persoonsgegevens" in page
    assert 'href="https://autoriteitpersoonsgegevens.nl/' in page


def test_the_statement_says_how_long_each_kind_of_data_is_kept_as_the_policy_does(client):
    page = client.get("/privacy").get_data(as_text=True)
    for rule in RULES:
        if rule.key == "no_personal_data":
            continue
        assert str(rule.how_long).replace("‘", "&lsquo;")[:40] in page.replace("‘", "&lsquo;"), (
            rule.key
        )


def test_the_statement_names_every_right_and_links_to_my_data(client):
    page = client.get("/privacy").get_data(as_text=True)
    for right in ("Inzien en downloaden.", "Verbeteren.", "Wissen.", "Bezwaar maken."):
        assert right in page
    assert 'href="/mijn-gegevens' in page
    assert 'href="/profiel/"' in page


def test_the_controller_and_contact_come_from_the_settings(app, client):
    app.config.update(PRIVACY_CONTROLLER="Gemeente Schiedam", PRIVACY_CONTACT="privacy@example.nl")
    try:
        page = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config.update(PRIVACY_CONTROLLER="Gemeente Rotterdam", PRIVACY_CONTACT="")
    assert "Gemeente Schiedam is verantwoordelijk" in page
    assert 'href="mailto:privacy@example.nl"' in page


def test_the_statement_is_in_english_too(client):
    client.set_cookie("lang", "en")
    response = client.get("/privacy", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert 'lang="en"' in response.get_data(as_text=True)


def test_the_statement_needs_no_script_or_inline_style(client):
    page = client.get("/privacy").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "style=" not in main and "<style" not in main


@pytest.mark.parametrize("path", ["/", "/over", "/privacy", "/inloggen"])
def test_every_page_footer_links_to_the_statement(client, path):
    page = client.get(path).get_data(as_text=True)
    footer = page.split("<footer", 1)[1]
    assert 'href="/privacy"' in footer


def _forms(staff_org_id: int, posting_id: int) -> list[str]:
    return [
        "/profiel/",
        "/oproepen/nieuw",
        "/oproepen/vragen/",
        "/organisaties/aanmelden",
        f"/organisaties/{staff_org_id}/profiel",
        f"/intake/{staff_org_id}/nieuw",
        f"/oproepen/{posting_id}/reageren",
    ]


def test_every_form_that_asks_for_personal_data_links_to_the_statement(client):
    assert "Lees onze privacyverklaring." in client.get("/registreren").get_data(as_text=True)
    from tests.factories import MembershipFactory

    user = person()
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=user, role="coordinator")
    posting = PostingFactory(published=True)
    log_in(client, user)
    for path in _forms(organisation.id, posting.id):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Lees onze privacyverklaring." in response.get_data(as_text=True), path
