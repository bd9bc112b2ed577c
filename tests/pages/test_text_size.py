"""The "grotere letters" switch: a form post, remembered in a cookie, no JavaScript needed."""

from __future__ import annotations


def test_larger_text_is_remembered_and_every_page_gets_it(client):
    response = client.post("/letters", data={"size": "large", "next": "/over"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/over"
    page = client.get("/over").get_data(as_text=True)
    assert 'class="utrecht-html large-text"' in page
    assert 'aria-pressed="true"' in page


def test_larger_text_switches_off_again(client):
    client.post("/letters", data={"size": "large"})
    client.post("/letters", data={"size": "normal"})
    assert "large-text" not in client.get("/over").get_data(as_text=True)


def test_an_unknown_size_is_refused_and_a_foreign_next_is_ignored(client):
    assert client.post("/letters", data={"size": "huge"}).status_code == 400
    response = client.post("/letters", data={"size": "large", "next": "https://evil.example/"})
    assert "evil" not in response.headers["Location"]
