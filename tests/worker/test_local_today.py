"""Around midnight browse, matching and expiry agree which postings are still open: all three
count Rotterdam's day (``marketplace.timestamps.local_today``), not the server's or UTC's."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from marketplace import timestamps
from marketplace.matching.services import is_open
from marketplace.postings.models import PostingStatus
from marketplace.timestamps import local_today
from tests.factories import PostingFactory

# Ten days ahead, so the postings made now (with today's clock) are still fresh then.
DAY = local_today() + timedelta(days=10)


@pytest.fixture
def half_past_eleven_utc(monkeypatch) -> datetime:
    """23:30 UTC on DAY: 00:30 (or 01:30 in summer) on the next day in Rotterdam."""
    moment = datetime.combine(DAY, time(23, 30), tzinfo=UTC)
    monkeypatch.setattr(timestamps, "utcnow", lambda: moment)
    return moment


def browsed_titles(client) -> list[str]:
    page = client.get("/oproepen/").get_data(as_text=True)
    return re.findall(r'class="posting-title"><a href="[^"]+">([^<]+)</a>', page)


def test_at_half_past_eleven_utc_browse_matching_and_expiry_count_rotterdams_day(
    client, session, run_task, half_past_eleven_utc
):
    ended = PostingFactory(published=True, title="Liep tot gisteren", ends_on=DAY)
    running = PostingFactory(published=True, title="Loopt vandaag", ends_on=DAY + timedelta(1))
    session.commit()
    assert local_today() == DAY + timedelta(days=1)

    assert browsed_titles(client) == ["Loopt vandaag"]
    assert not is_open(ended)
    assert is_open(running)

    assert run_task("housekeeping.expire_postings") == 1
    session.expire_all()
    assert ended.status == PostingStatus.EXPIRED
    assert running.status == PostingStatus.PUBLISHED
