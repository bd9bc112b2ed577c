"""Small helpers for the postings tests."""

from marketplace.geo import lookup_postcode
from tests.factories import PostingFactory


def posting_at(postcode: str, **fields):
    """A posting placed at ``postcode``, the way create_posting would place it."""
    place = lookup_postcode(postcode)
    return PostingFactory(
        postcode=place.postcode,
        pc4=place.pc4,
        lat=place.lat,
        lon=place.lon,
        neighbourhood=place.neighbourhood,
        **fields,
    )


def assert_private(page: str, posting) -> None:
    """Nothing on the page tells where exactly the author lives or how to reach them."""
    author = posting.author
    assert author.email not in page
    if author.profile is not None and author.profile.phone:
        assert author.profile.phone not in page
    assert posting.postcode not in page
    assert str(posting.lat) not in page and str(posting.lon) not in page
    assert f"{posting.lat:.3f}" not in page and f"{posting.lon:.3f}" not in page
