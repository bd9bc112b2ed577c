"""Searching the postings list in Dutch: stems, synonyms, accents, odd input; both databases."""

import re

import pytest
from sqlalchemy import delete, select, text, update

from marketplace.extensions import db
from marketplace.postings.models import Posting, PostingStatus
from marketplace.search import matching, reindex
from tests.factories import PostingFactory


def titles(client, query):
    response = client.get("/oproepen/", query_string={"q": query})
    assert response.status_code == 200
    return re.findall(
        r'class="posting-title"><a href="[^"]+">([^<]+)</a>', response.get_data(as_text=True)
    )


def found_ids(query):
    found = matching(Posting, query)
    return list(db.session.scalars(found.join(select(Posting.id)).order_by(Posting.id)))


def test_boodschap_finds_boodschappen(client):
    PostingFactory(published=True, title="Wie doet mijn boodschappen?", description="Elke week.")
    PostingFactory(published=True, title="Wandelen", description="In het park.")
    assert titles(client, "boodschap") == ["Wie doet mijn boodschappen?"]


def test_eenzaam_finds_eenzaamheid(client):
    PostingFactory(published=True, title="Koffie", description="Tegen eenzaamheid in de wijk.")
    PostingFactory(published=True, title="Wandelen", description="In het park.")
    assert titles(client, "eenzaam") == ["Koffie"]


def test_geldzorgen_finds_a_posting_about_debts(client):
    PostingFactory(published=True, title="Hulp bij schulden", description="Wij kijken mee.")
    PostingFactory(published=True, title="Wandelen", description="In het park.")
    assert titles(client, "geldzorgen") == ["Hulp bij schulden"]


def test_a_word_without_accent_finds_it_with_accent(client):
    PostingFactory(published=True, title="Samen naar het café", description="Gezellig.")
    PostingFactory(published=True, title="Wandelen", description="In het park.")
    assert titles(client, "cafe") == ["Samen naar het café"]
    assert titles(client, "CAFÉ") == ["Samen naar het café"]


def test_a_half_typed_last_word_finds_the_whole_word(client):
    PostingFactory(published=True, title="Computerles voor beginners", description="Gratis.")
    assert titles(client, "computerl") == ["Computerles voor beginners"]


def test_the_title_weighs_more_than_the_description(client):
    PostingFactory(published=True, title="Wandelen", description="Ook een stukje met de hond.")
    PostingFactory(published=True, title="Hond uitlaten", description="Twee keer per dag.")
    assert titles(client, "hond") == ["Hond uitlaten", "Wandelen"]


def test_without_search_words_the_newest_come_first(client):
    PostingFactory(published=True, title="Eerste", description="Hond.")
    PostingFactory(published=True, title="Tweede", description="Hond.")
    assert titles(client, "") == ["Tweede", "Eerste"]


@pytest.mark.parametrize("query", ["de het een", "...", "?!", "- - -"])
def test_only_stop_words_or_punctuation_find_nothing_and_say_so(client, query):
    PostingFactory(published=True, title="De boodschappen", description="Het is een klus.")
    response = client.get("/oproepen/", query_string={"q": query})
    assert response.status_code == 200
    assert "posting-title" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        '"boodschappen',
        'boodschappen"',
        "boodschap*",
        "*",
        "hond OR kat",
        "NOT hond",
        "hond AND",
        "hond NEAR(kat)",
        "(hond",
        "hond:*",
        "hond & | ! kat",
        "title:hond",
        "x" * 5000,
        "hond " * 500,
        "'; DROP TABLE postings; --",
        "\\",
        "\x00",
        "😀 hond",
    ],
)
def test_odd_input_never_errors(client, query):
    PostingFactory(published=True, title="Hond uitlaten", description="In het park.")
    response = client.get("/oproepen/", query_string={"q": query})
    assert response.status_code == 200


def test_an_edited_posting_is_found_by_its_new_text_only(app):
    posting = PostingFactory(published=True, title="Boodschappen", description="Elke week.")
    posting.title = "Wandelen"
    db.session.commit()
    assert found_ids("boodschappen") == []
    assert found_ids("wandelen") == [posting.id]


def test_text_changed_in_bulk_is_no_longer_found(app):
    posting = PostingFactory(published=True, title="Schulden", description="Hulp.")
    db.session.execute(
        update(Posting).where(Posting.id == posting.id).values(description="x", title="y")
    )
    db.session.commit()
    assert found_ids("schulden") == []


def test_a_deleted_posting_leaves_nothing_in_the_index(app):
    posting = PostingFactory(published=True, title="Schulden", description="Hulp.")
    posting_id = posting.id
    db.session.execute(delete(Posting).where(Posting.id == posting_id))
    db.session.commit()
    PostingFactory(published=True, title="Wandelen", description="Park.")
    assert found_ids("schulden") == []


def sqlite_index_rows():
    """The rows in SQLite's index (None on PostgreSQL, whose index holds every row)."""
    if db.engine.dialect.name != "sqlite":
        return None
    return db.session.execute(text("SELECT count(*) FROM fulltext_postings")).scalar()


def test_a_posting_is_found_once_published_and_not_after_closing(app, client):
    posting = PostingFactory(title="Schulden", description="Hulp.")  # waiting for a moderator
    db.session.commit()
    assert titles(client, "schulden") == []
    assert sqlite_index_rows() in (0, None)

    posting.status = PostingStatus.PUBLISHED
    db.session.commit()
    assert titles(client, "schulden") == ["Schulden"]
    assert sqlite_index_rows() in (1, None)

    posting.status = PostingStatus.CLOSED
    db.session.commit()
    assert titles(client, "schulden") == []
    assert sqlite_index_rows() in (0, None)


def test_reindex_leaves_out_what_the_list_never_shows(app, client):
    PostingFactory(published=True, title="Schulden", description="Hulp.")
    PostingFactory(title="Schulden", description="Nog niet nagekeken.")
    db.session.commit()
    reindex(db.session)
    db.session.commit()
    assert titles(client, "schulden") == ["Schulden"]
    assert sqlite_index_rows() in (1, None)


def test_reindex_rebuilds_the_index_from_the_table(app):
    posting = PostingFactory(published=True, title="Schulden", description="Hulp.")
    db.session.execute(update(Posting).values(title="Boodschappen"))
    db.session.commit()
    counts = reindex(db.session)
    db.session.commit()
    assert counts["postings"] == 1
    assert found_ids("boodschappen") == [posting.id]


def test_the_reindex_command_reports_what_it_indexed(app):
    PostingFactory(published=True, title="Schulden", description="Hulp.")
    result = app.test_cli_runner().invoke(args=["reindex-search"])
    assert result.exit_code == 0
    assert "postings: 1 indexed" in result.output


def test_a_facet_count_can_use_the_same_match(app):
    PostingFactory(published=True, title="Schulden", description="Hulp.")
    PostingFactory(published=True, title="Geldzorgen?", description="Wij helpen.")
    PostingFactory(published=True, title="Wandelen", description="Park.")
    found = matching(Posting, "schuld")
    count = db.session.scalar(select(db.func.count()).select_from(Posting).where(found.condition))
    assert count == 2


def test_postgresql_searches_through_its_index(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    PostingFactory(published=True, title="Accordeonles", description="Bij mij thuis.")
    # Many other open postings (copies of one), so that the status index is no way in.
    PostingFactory(published=True, title="Wandelen", description="Park.")
    columns = ", ".join(c.name for c in Posting.__table__.columns if c.name != "id")
    db.session.execute(
        text(
            f"INSERT INTO postings ({columns}) SELECT {columns} FROM postings, "
            "generate_series(1, 3000) WHERE title = 'Wandelen'"
        )
    )
    db.session.execute(text("ANALYZE postings"))
    # as the list asks: its published postings (the index holds only those)
    published = select(Posting.id).where(Posting.status == PostingStatus.PUBLISHED)
    query = matching(Posting, "accordeonles").join(published)
    compiled = query.compile(db.engine)
    # A small table is read faster without an index: rule out the other ways to read it.
    for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
        db.session.execute(text(f"SET LOCAL {setting} = off"))
    connection = db.session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars().all()
    assert any("ix_fulltext_postings" in line for line in plan), plan
