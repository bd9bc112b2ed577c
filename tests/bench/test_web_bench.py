"""bench.web loads the sociale kaart and the agenda next to the postings, once."""

from sqlalchemy import func, select

from bench.web import load_kaart_and_agenda
from marketplace.agenda.models import Activity, ActivityStatus
from marketplace.extensions import db
from marketplace.sociale_kaart.models import Publication, Service


def test_the_kaart_and_agenda_are_loaded_when_missing_and_kept_after(client):
    sizes = load_kaart_and_agenda(db.session, services=40, locations=5, occurrences=120)
    assert sizes["services"] == 40
    assert sizes["activities"] > 0
    approved = (
        select(func.count()).select_from(Service).where(Service.publication == Publication.APPROVED)
    )
    assert db.session.scalar(approved) == 40
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Activity)
            .where(Activity.status == ActivityStatus.APPROVED)
        )
        == sizes["activities"]
    )
    # what the bench times shows them
    assert "Probleem" in client.get("/sociale-kaart/").text
    assert 'class="agenda-item"' in client.get("/agenda/").text
    assert client.get("/sociale-kaart/dienst/s1").status_code == 200

    again = load_kaart_and_agenda(db.session, services=40, locations=5, occurrences=120)
    assert again == sizes
    assert db.session.scalar(select(func.count()).select_from(Service)) == 40
