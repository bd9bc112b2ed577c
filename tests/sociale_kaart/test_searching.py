"""The kaart's search box: Dutch full-text search (stems, synonyms), ranked; both databases."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select, text, update

from marketplace.extensions import db
from marketplace.search import matching, reindex
from marketplace.sociale_kaart.models import Service
from tests.sociale_kaart.factories import service


def names(client, query, **params):
    response = client.get("/sociale-kaart/", query_string={"q": query, **params})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return re.findall(r'<h2><a href="/sociale-kaart/[^"]+">([^<]+)</a></h2>', page)


def found_ids(query):
    found = matching(Service, query)
    return list(db.session.scalars(found.join(select(Service.id)).order_by(Service.id)))


def test_eenzaam_finds_a_service_about_eenzaamheid(client):
    service("Koffieochtend", description="Samen koffie tegen eenzaamheid.")
    service("Schuldhulp", description="Hulp bij schulden.")
    db.session.commit()
    assert names(client, "eenzaam") == ["Koffieochtend"]


def test_boodschap_finds_boodschappen(client):
    service("Boodschappenhulp", description="Wij doen uw boodschappen.")
    service("Taalcafé", description="Nederlands oefenen.")
    db.session.commit()
    assert names(client, "boodschap") == ["Boodschappenhulp"]


def test_geldzorgen_finds_schuldhulp(client):
    service("Schuldhulpmaatje", description="Een vrijwilliger helpt met schuldhulp.")
    service("Taalcafé", description="Nederlands oefenen.")
    db.session.commit()
    assert names(client, "geldzorgen") == ["Schuldhulpmaatje"]


def test_a_service_with_the_word_in_its_name_comes_before_one_with_it_in_the_text(client):
    service("Wandelgroep", description="Elke week een ommetje; ook voor wie eenzaam is.")
    service("Eenzaamheid doorbreken", description="Gesprekken aan huis.")
    db.session.commit()
    assert names(client, "eenzaam", sort="relevance") == [
        "Eenzaamheid doorbreken",
        "Wandelgroep",
    ]


def test_only_stop_words_find_no_service(client):
    service("Koffieochtend", description="De koffie is een feest.")
    db.session.commit()
    assert names(client, "de het een") == []


def test_odd_input_never_errors(client):
    service("Koffieochtend")
    db.session.commit()
    for query in ['"koffie', "koffie*", "OR AND", "a" * 300, "\\", "😀 koffie"]:
        assert client.get("/sociale-kaart/", query_string={"q": query}).status_code == 200


def test_facet_counts_follow_the_words_typed(client):
    service("Koffieochtend", description="Tegen eenzaamheid.")
    service("Schuldhulp", description="Hulp bij schulden.")
    db.session.commit()
    page = client.get("/sociale-kaart/", query_string={"q": "eenzaam"}).get_data(as_text=True)
    assert "Koffieochtend" in page
    assert "Schuldhulp" not in page


def test_an_edited_service_is_found_by_its_new_text_only(app):
    made = service("Boodschappenhulp", description="Elke week.")
    db.session.commit()
    made.name = "Wandelgroep"
    made.description = "Elke week."
    db.session.commit()
    assert found_ids("boodschappen") == []
    assert found_ids("wandelgroep") == [made.id]


def test_a_deleted_service_leaves_nothing_in_the_index(app):
    made = service("Schuldhulp", description="Hulp.")
    db.session.commit()
    db.session.execute(delete(Service).where(Service.id == made.id))
    db.session.commit()
    service("Wandelgroep", description="Park.")
    db.session.commit()
    assert found_ids("schulden") == []
    if db.engine.dialect.name == "sqlite":
        keys = db.session.execute(text("SELECT key FROM fulltext_hsds_services_keys")).scalars()
        assert made.id not in list(keys)


def test_text_changed_in_bulk_is_no_longer_found_until_reindexed(app):
    made = service("Schuldhulp", description="Hulp.")
    db.session.commit()
    db.session.execute(update(Service).where(Service.id == made.id).values(name="Boodschappen"))
    db.session.commit()
    assert found_ids("schuldhulp") == []
    counts = reindex(db.session)
    db.session.commit()
    assert counts["hsds_services"] == 1
    assert found_ids("boodschappen") == [made.id]


def test_the_reindex_command_covers_services(app):
    service("Schuldhulp", description="Hulp.")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["reindex-search"])
    assert result.exit_code == 0
    assert "hsds_services: 1 indexed" in result.output


def test_postgresql_searches_services_through_its_index(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    service("Schuldhulp", description="Hulp.")
    db.session.commit()
    query = matching(Service, "schulden").join(select(Service.id))
    compiled = query.compile(db.engine)
    for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
        db.session.execute(text(f"SET LOCAL {setting} = off"))
    connection = db.session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars().all()
    assert any("ix_fulltext_hsds_services" in line for line in plan), plan


def test_the_migration_makes_the_index_the_app_keeps(app):
    import importlib.util
    from pathlib import Path

    from marketplace.search.fulltext import (
        _registry,
        postgresql_index_statements,
        sqlite_create_statements,
    )

    path = next(Path(__file__).parents[2].glob("migrations/versions/*_a20kaart_*.py"))
    spec = importlib.util.spec_from_file_location("a20kaart", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    registration = _registry[Service]

    made_by_app = [s.replace(" IF NOT EXISTS", "") for s in sqlite_create_statements(registration)]
    assert made_by_app == migration.SQLITE_UP
    assert migration.VECTOR in postgresql_index_statements(registration)[0]
