"""Static files: links carry the file's hash, and such a link is cached for a year."""

import hashlib
import re

from marketplace.config import PROJECT_ROOT


def stylesheet_link(client):
    page = client.get("/").text
    return re.search(r'href="(/static/css/site\.css\?v=([0-9a-f]+))"', page)


def test_links_to_static_files_carry_the_files_hash(client):
    link = stylesheet_link(client)
    assert link is not None
    content = (PROJECT_ROOT / "static" / "css" / "site.css").read_bytes()
    assert link.group(2) == hashlib.sha256(content).hexdigest()[:12]


def test_a_fingerprinted_file_is_cached_for_a_year(client):
    response = client.get(stylesheet_link(client).group(1))
    response.close()
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert set(cache.split(", ")) == {"public", "max-age=31536000", "immutable"}


def test_a_link_with_an_old_hash_is_revalidated(client):
    response = client.get("/static/css/site.css?v=000000000000")
    response.close()
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
    assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_a_link_without_a_hash_is_revalidated(client):
    response = client.get("/static/css/site.css")
    response.close()
    assert "immutable" not in response.headers.get("Cache-Control", "")
