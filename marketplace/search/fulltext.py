"""Full-text search in the database's own index, with Dutch stemming and synonyms.

A model registers the text fields to search, each with a weight (``register_fulltext``);
``matching(Model, text)`` then gives the rows that match and a rank that a caller adds to
its own SELECT, so filters, facet counts, paging and sorting stay the caller's.

PostgreSQL: a stored generated column ``fulltext_vector`` (``to_tsvector('buurthulp_dutch',
field)`` per field, weighted) with a GIN index, where ``buurthulp_dutch`` is the ``dutch``
configuration with ``unaccent`` in front (without it when the server has no ``unaccent``:
query words are folded here all the same). Nothing to keep: the column follows the row.

SQLite: an FTS5 table ``fulltext_<table>`` holding the stems made in Python
(``dutch.stems``), one row per record with the record's id as rowid (FTS5 rowids are
integers: a model with a text id, the HSDS services, gets a key table
``fulltext_<table>_keys`` giving each id an integer rowid). The ORM keeps it after every
flush (``_keep_index``); triggers drop a row when its record is deleted or its text
changed by a bulk UPDATE, so the index never holds text the table no longer has (erased
text must not be findable). ``flask reindex-search`` rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    true,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm import attributes as orm_attributes

from marketplace.extensions import db
from marketplace.listeners import listen_once
from marketplace.search import dutch

# The PostgreSQL text search configuration (made by the migration and by ``create_all``).
PG_CONFIG = "buurthulp_dutch"
PG_COLUMN = "fulltext_vector"  # generated from the registered fields, not in the model
WEIGHTS = ("A", "B", "C", "D")
# SQLite's rank weights, in the ratios of PostgreSQL's default ts_rank weights {D, C, B, A}.
_SQLITE_WEIGHTS = {"A": 10.0, "B": 4.0, "C": 2.0, "D": 1.0}
SEARCH_OBJECT_PREFIXES = ("fulltext_", "ix_fulltext_")


@dataclass(frozen=True)
class Registration:
    model: Any
    fields: Mapping[str, str]  # field name -> weight A (most important) to D
    # SQLite indexes only the records a search may find (column -> values), see register_fulltext
    only_when: Mapping[str, frozenset[Any]] = field(default_factory=dict)

    def is_indexed(self, record: Any) -> bool:
        return all(getattr(record, name) in values for name, values in self.only_when.items())

    def pg_index_predicate(self) -> str:
        """The same as SQL for PostgreSQL's partial index ("" for every row)."""
        return " AND ".join(
            f"{name} IN ({', '.join(_sql_string(v) for v in sorted(values))})"
            if len(values) > 1
            else f"{name} = {_sql_string(next(iter(values)))}"
            for name, values in self.only_when.items()
        )

    def indexed_rows(self) -> ColumnElement[bool]:
        return and_(
            true(), *(_one_of(getattr(self.model, n), v) for n, v in self.only_when.items())
        )

    @property
    def table_name(self) -> str:
        return str(self.model.__tablename__)

    @property
    def fts_table(self) -> str:
        return f"fulltext_{self.table_name}"

    @property
    def pg_index(self) -> str:
        return f"ix_fulltext_{self.table_name}"

    @property
    def text_keys(self) -> bool:
        """The id is not an integer: SQLite maps it to an FTS5 rowid in ``keys_table``."""
        return not isinstance(self.model.__table__.c.id.type, Integer)

    @property
    def keys_table(self) -> str:
        return f"fulltext_{self.table_name}_keys"


def _sql_string(value: Any) -> str:
    return "'" + str(getattr(value, "value", value)).replace("'", "''") + "'"


def _one_of(column: Any, values: frozenset[Any]) -> ColumnElement[bool]:
    if len(values) == 1:
        return column == next(iter(values))
    return column.in_(sorted(values))


_registry: dict[type, Registration] = {}


def is_search_object(name: str | None) -> bool:
    """True for the tables and indexes kept here, not by the models (so the migrations
    check and ``flask db migrate`` leave them alone)."""
    return bool(name) and str(name).startswith(SEARCH_OBJECT_PREFIXES)


def register_fulltext(
    model: Any, fields: Mapping[str, str], only_when: Mapping[str, Iterable[Any]] | None = None
) -> None:
    """Make ``model``'s text ``fields`` searchable; ``fields`` maps each field to its weight,
    "A" (most important, e.g. a title) to "D". Call at import time, next to the model; add
    the index in a migration (see DEVELOPERS.md, "Searching").

    ``only_when`` (column -> values): the only records a search of this model is for, e.g.
    ``{"status": ["published"]}`` for the postings list. SQLite's index then holds just
    those, so a search looks through the open postings, not a city's years of closed ones;
    PostgreSQL's GIN index becomes a partial one (``WHERE status = 'published'``), which its
    planner uses when the query says the same. So a caller filters on the same values, as
    the postings list does."""
    if not fields or any(weight not in WEIGHTS for weight in fields.values()):
        raise ValueError("fields: at least one, each weighted A, B, C or D")
    kept = {name: frozenset(values) for name, values in (only_when or {}).items()}
    registration = Registration(model, dict(fields), kept)
    _registry[model] = registration
    _match.cache_clear()
    listen_once(model.__table__, "after_create", _create_index)
    listen_once(model.__table__, "before_drop", _drop_index)


def registrations() -> list[Registration]:
    return list(_registry.values())


def _registration(model: Any) -> Registration:
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered with register_fulltext") from None


# --- Querying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What ``matching`` found, to add to a select of the model.

    ``condition`` narrows any select of the model (also one for facet counts).
    ``join(query)`` narrows ``query`` the same way and makes ``rank`` usable in it (higher
    is better): order by ``rank`` only in a select that went through ``join``.
    ``is_empty``: nothing searchable was typed (only stop words or punctuation), so nothing
    matches.

    PostgreSQL tests and ranks each row by its own stored vector (ts_rank), so the planner
    may start from the caller's other filters or from the GIN index, whichever is cheaper;
    SQLite looks the ids up in the FTS5 table.
    """

    model: Any
    condition: ColumnElement[bool]
    rank: ColumnElement[float]
    is_empty: bool = False

    def join(self, query: Select[Any]) -> Select[Any]:
        return query.where(self.condition)


def matching(model: Any, text_typed: str | None, *, dialect: str | None = None) -> Match:
    """The rows of ``model`` that match ``text_typed``: every word (or one of its synonyms)
    somewhere in the registered fields; the last word also as a prefix while typing.

    ``dialect``: "postgresql" or "sqlite"; by default that of the app's database."""
    _registration(model)  # a model that is not registered is an error, also when cached
    dialect = dialect or db.engine.dialect.name
    return _match(model, tuple(dutch.query_words(text_typed)), dialect)


@lru_cache(maxsize=512)
def _match(model: Any, words: tuple[dutch.QueryWord, ...], dialect: str) -> Match:
    """The same search again (the next page, the next visitor) reuses the statement parts
    made for it: stems, synonyms and the SQL expressions are made once. They are immutable,
    so sharing them between requests is safe; at most 8 words of 40 letters make a key."""
    registration = _registration(model)
    if not words:
        return Match(model, false(), literal(0.0), is_empty=True)
    if dialect == "postgresql":
        return _postgresql_match(registration, list(words))
    return _sqlite_match(registration, list(words))


def _pg_vector_sql(registration: Registration, prefix: str = "") -> str:
    """The weighted vector of the registered fields (the generated column's expression)."""
    parts = [
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce({prefix}{name}, '')), "
        f"'{weight}')"
        for name, weight in registration.fields.items()
    ]
    return " || ".join(parts)


def _pg_query_text(words: list[dutch.QueryWord]) -> str:
    # The words are letters and digits only (dutch.words), so they cannot be tsquery syntax.
    groups = []
    for word in words:
        alternatives = list(word.alternatives)
        if word.prefix:
            alternatives.append(f"{word.alternatives[0]}:*")
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


def _postgresql_match(registration: Registration, words: list[dutch.QueryWord]) -> Match:
    vector: ColumnElement[Any] = literal_column(f"{registration.table_name}.{PG_COLUMN}")
    query = func.to_tsquery(
        literal_column(f"'{PG_CONFIG}'::regconfig"), bindparam(None, _pg_query_text(words))
    )
    return Match(registration.model, vector.op("@@")(query), func.ts_rank(vector, query))


def _fts5_phrase(term: str) -> str:
    # Stems are letters and digits only; the quotes make each a plain string for FTS5.
    return '"' + term.replace('"', "") + '"'


def _sqlite_query_text(words: list[dutch.QueryWord]) -> str:
    groups = []
    for word in words:
        terms = [_fts5_phrase(stem) for stem in dict.fromkeys(map(dutch.stem, word.alternatives))]
        if word.prefix:
            terms.append(_fts5_phrase(word.alternatives[0]) + "*")
        groups.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(groups)


def _sqlite_match(registration: Registration, words: list[dutch.QueryWord]) -> Match:
    """Rows whose index row matches; the rank adds the weights of the fields that match on
    their own (title before description, then the caller's order). Unlike bm25 this needs
    no join, so a count over the same select stays as cheap as a plain IN."""
    index: ColumnElement[Any] = literal_column(registration.fts_table)
    rowid: ColumnElement[Any] = literal_column(f"{registration.fts_table}.rowid")
    fts = table(registration.fts_table)
    model = registration.model
    query_text = _sqlite_query_text(words)

    def rows_matching(fts_query: str) -> ColumnElement[bool]:
        ids = select(rowid).select_from(fts).where(index.op("MATCH")(bindparam(None, fts_query)))
        if registration.text_keys:
            keys_table = registration.keys_table
            keys: Select[Any] = (
                select(literal_column(f"{keys_table}.key"))
                .select_from(table(keys_table))
                .where(literal_column(f"{keys_table}.rowid").in_(ids))
            )
            # "id || ''": for a text id what "id + 0" below is for an integer one.
            return model.id.op("||")(literal("")).in_(keys)
        # "id + 0": SQLite would otherwise fetch every hit by its id first, though it does
        # not know how many there are; this way it starts from the caller's other filters
        # (the postings list: published ones, by index) and looks each id up in the hits.
        return (model.id + literal_column("0")).in_(ids)

    rank = sum(
        (
            case(
                (rows_matching(f"{{{name}}} : ({query_text})"), _SQLITE_WEIGHTS[weight]), else_=0.0
            )
            for name, weight in registration.fields.items()
        ),
        start=literal(0.0),
    )
    return Match(model, rows_matching(query_text), rank)


# --- Keeping the index ---------------------------------------------------------------------


def sqlite_create_statements(registration: Registration) -> list[str]:
    """The FTS5 table and its two triggers (the migration writes the same SQL)."""
    name, source = registration.fts_table, registration.table_name
    columns = ", ".join(registration.fields)
    changed = ", ".join(registration.fields)
    if registration.text_keys:
        keys = registration.keys_table
        drop = (
            f"DELETE FROM {name} WHERE rowid = (SELECT rowid FROM {keys} WHERE key = old.id); "
            f"DELETE FROM {keys} WHERE key = old.id;"
        )
        return [
            f"CREATE TABLE IF NOT EXISTS {keys} (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL "
            f"UNIQUE)",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({columns}, "
            f"tokenize='unicode61')",
            f"CREATE TRIGGER IF NOT EXISTS {name}_deleted AFTER DELETE ON {source} "
            f"BEGIN {drop} END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_changed AFTER UPDATE OF id, {changed} "
            f"ON {source} BEGIN {drop} END",
        ]
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({columns}, tokenize='unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {name}_deleted AFTER DELETE ON {source} "
        f"BEGIN DELETE FROM {name} WHERE rowid = old.id; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_changed AFTER UPDATE OF {changed} ON {source} "
        f"BEGIN DELETE FROM {name} WHERE rowid = old.id; END",
    ]


def postgresql_create_config(connection: Connection) -> bool:
    """Make the ``buurthulp_dutch`` configuration if missing; True when it has unaccent."""
    exists = connection.execute(
        text("SELECT 1 FROM pg_ts_config WHERE cfgname = :name AND pg_ts_config_is_visible(oid)"),
        {"name": PG_CONFIG},
    ).scalar()
    unaccent_schema = _pg_unaccent_schema(connection)
    if exists:
        return unaccent_schema is not None
    connection.execute(
        text(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = pg_catalog.dutch)")
    )
    if unaccent_schema is not None:
        connection.execute(
            text(
                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR "
                f'hword, hword_part, word WITH "{unaccent_schema}".unaccent, dutch_stem'
            )
        )
    return unaccent_schema is not None


def _pg_unaccent_schema(connection: Connection) -> str | None:
    """The schema of the unaccent extension, installing it when allowed; None without."""
    available = connection.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).scalar()
    if available:
        try:
            with connection.begin_nested():
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        except DBAPIError:  # no rights to install it: go on without
            pass
    schema = connection.execute(
        text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
    ).scalar()
    return str(schema) if schema else None


def postgresql_index_statements(registration: Registration) -> list[str]:
    """A stored generated ``fulltext_vector`` column (ranking reads it instead of stemming
    every hit again) and its GIN index, of the ``only_when`` rows only when the model has
    them (the list asks for published postings, so the planner can use it); the migrations
    write the same SQL."""
    table_name = registration.table_name
    predicate = registration.pg_index_predicate()
    return [
        f"ALTER TABLE {table_name} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({_pg_vector_sql(registration)}) STORED",
        f"CREATE INDEX IF NOT EXISTS {registration.pg_index} ON {table_name} "
        f"USING gin ({PG_COLUMN})" + (f" WHERE {predicate}" if predicate else ""),
    ]


def _create_index(target: Any, connection: Connection, **_: Any) -> None:
    """After ``create_all`` made a registered table (tests, new databases)."""
    registration = next(r for r in _registry.values() if r.model.__table__ is target)
    if connection.dialect.name == "postgresql":
        postgresql_create_config(connection)
        for statement in postgresql_index_statements(registration):
            connection.execute(text(statement))
    elif connection.dialect.name == "sqlite":
        for statement in sqlite_create_statements(registration):
            connection.execute(text(statement))


def _drop_index(target: Any, connection: Connection, **_: Any) -> None:
    if connection.dialect.name == "sqlite":
        registration = next(r for r in _registry.values() if r.model.__table__ is target)
        connection.execute(text(f"DROP TABLE IF EXISTS {registration.fts_table}"))
        if registration.text_keys:
            connection.execute(text(f"DROP TABLE IF EXISTS {registration.keys_table}"))


def _row_values(registration: Registration, record: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"id": record.id}
    for name in registration.fields:
        values[name] = dutch.stems(getattr(record, name) or "")
    return values


def _sqlite_rowid(registration: Registration) -> str:
    """The FTS5 row of the record whose id is bound as ``:id``."""
    if registration.text_keys:
        return f"(SELECT rowid FROM {registration.keys_table} WHERE key = :id)"
    return ":id"


def _sqlite_write(
    connection: Connection, registration: Registration, rows: Iterable[dict[str, Any]]
) -> None:
    rows = list(rows)
    if not rows:
        return
    if registration.text_keys:
        connection.execute(
            text(f"INSERT OR IGNORE INTO {registration.keys_table} (key) VALUES (:id)"),
            [{"id": row["id"]} for row in rows],
        )
    _sqlite_forget(connection, registration, (row["id"] for row in rows))
    columns = ", ".join(registration.fields)
    values = ", ".join(f":{field}" for field in registration.fields)
    connection.execute(
        text(
            f"INSERT INTO {registration.fts_table} (rowid, {columns}) "
            f"VALUES ({_sqlite_rowid(registration)}, {values})"
        ),
        rows,
    )


def _sqlite_forget(connection: Connection, registration: Registration, ids: Iterable[Any]) -> None:
    """Take records out of the index (their text changed, or they may no longer be found,
    e.g. a closed posting)."""
    rows = [{"id": record_id} for record_id in ids]
    if rows:
        connection.execute(
            text(
                f"DELETE FROM {registration.fts_table} WHERE rowid = {_sqlite_rowid(registration)}"
            ),
            rows,
        )


def _index_changed(registration: Registration, record: Any) -> bool:
    """The record's text, or whether it may be found (``only_when``), changed."""
    state = orm_attributes.instance_state(record)
    watched = (*registration.fields, *registration.only_when)
    return any(state.attrs[name].history.has_changes() for name in watched)


def _keep_index(session: Session, _flush: UOWTransaction) -> None:
    """SQLite only: index the new and changed records of registered models, in the same
    transaction. Deleted records are removed by the trigger."""
    if not _registry:
        return
    changed: dict[type, list[Any]] = {}
    for record in list(session.new) + list(session.dirty):
        registration = _registry.get(type(record))
        if registration is None:
            continue
        if record in session.new or _index_changed(registration, record):
            changed.setdefault(registration.model, []).append(record)
    if not changed:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    for model, records in changed.items():
        registration = _registry[model]
        indexed = [record for record in records if registration.is_indexed(record)]
        _sqlite_write(connection, registration, (_row_values(registration, r) for r in indexed))
        gone = [record.id for record in records if not registration.is_indexed(record)]
        _sqlite_forget(connection, registration, gone)


def reindex(session: Session, batch_size: int = 2000) -> dict[str, int]:
    """Rebuild the index of every registered model; returns the rows indexed per table."""
    connection = session.connection()
    counts: dict[str, int] = {}
    for registration in _registry.values():
        model = registration.model
        if connection.dialect.name == "postgresql":
            postgresql_create_config(connection)
            for statement in postgresql_index_statements(registration):
                connection.execute(text(statement))
            connection.execute(text(f"REINDEX INDEX {registration.pg_index}"))
            counts[registration.table_name] = session.scalar(select(func.count(model.id))) or 0
            continue
        for statement in sqlite_create_statements(registration):
            connection.execute(text(statement))
        connection.execute(text(f"DELETE FROM {registration.fts_table}"))
        if registration.text_keys:
            connection.execute(text(f"DELETE FROM {registration.keys_table}"))
        columns = [model.id, *(getattr(model, name) for name in registration.fields)]
        total = 0
        last_id: Any = "" if registration.text_keys else 0
        while True:
            rows = connection.execute(
                select(*columns)
                .where(model.id > last_id, registration.indexed_rows())
                .order_by(model.id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            fields = list(registration.fields)
            _sqlite_write(
                connection,
                registration,
                (
                    {"id": row[0]}
                    | {
                        name: dutch.stems(value or "")
                        for name, value in zip(fields, row[1:], strict=True)
                    }
                    for row in rows
                ),
            )
            total += len(rows)
            last_id = rows[-1][0]
        counts[registration.table_name] = total
    return counts


def init_app() -> None:
    listen_once(Session, "after_flush", _keep_index)
