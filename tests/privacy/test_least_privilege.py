"""Least privilege: moderators judge postings and reports without the author's e-mail
address or full postcode; profiles are only for people with an account."""

from __future__ import annotations

from tests.conftest import log_in
from tests.factories import PostingFactory, ProfileFactory, ReportFactory, UserFactory, person


def test_the_review_page_shows_the_area_but_not_the_email_or_full_postcode(client):
    author = ProfileFactory(user__email="truus.geheim@example.org").user
    posting = PostingFactory(author=author, postcode="3011 AB", pc4="3011")
    log_in(client, UserFactory(moderator=True))
    page = client.get(f"/moderatie/oproepen/{posting.id}").get_data(as_text=True)
    assert "truus.geheim" not in page
    assert "3011 AB" not in page
    assert "(3011)" in page


def test_the_reports_list_shows_no_email_addresses(client):
    reporter = ProfileFactory(user__email="melder.geheim@example.org").user
    author = ProfileFactory(user__email="schrijver.geheim@example.org").user
    ReportFactory(reporter=reporter, posting=PostingFactory(published=True, author=author))
    log_in(client, UserFactory(moderator=True))
    page = client.get("/moderatie/meldingen").get_data(as_text=True)
    assert "melder.geheim" not in page and "schrijver.geheim" not in page


def test_the_block_page_shows_no_email_address(client):
    user = ProfileFactory(user__email="kees.geheim@example.org").user
    log_in(client, UserFactory(moderator=True))
    page = client.get(f"/moderatie/gebruikers/{user.id}/blokkeren").get_data(as_text=True)
    assert "kees.geheim" not in page


def test_a_profile_is_not_public(client):
    user = person(display_name="Mehmet")
    response = client.get(f"/profiel/{user.id}")
    assert response.status_code == 302
    assert "Mehmet" not in response.get_data(as_text=True)
