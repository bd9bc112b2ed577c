"""Reading an HSDS data package into the kaart: all of it or nothing.

Every record is checked first (required fields, types, lengths, allowed values, references
to records in the package or already here); with any problem, nothing is written and the
caller gets every problem, per record, with the reason. Records are then written by their
HSDS id: an id already here is updated, so importing the same package twice changes
nothing. Imported services are published at once: an administrator imports them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from sqlalchemy.orm import Session

from marketplace.progress import progress
from marketplace.sociale_kaart.errors import ImportRejected, Problem
from marketplace.sociale_kaart.hsds_tables import TABLES, BadValue, Table, from_text
from marketplace.sociale_kaart.models import Publication, Service

Records = dict[str, list[dict[str, Any]]]

MAX_PACKAGE_BYTES = 50 * 1024 * 1024


def read_zip(data: bytes) -> Records:
    """The tables of a zipped data package (a CSV per table; ``datapackage.json`` optional).

    Raises ``ImportRejected`` when it is no zip file.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRejected([Problem("package", 0, "", "not a zip file")]) from None
    records: Records = {}
    names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}
    for table in TABLES:
        member = names.get(f"{table.name}.csv")
        if member is None:
            continue
        if archive.getinfo(member).file_size > MAX_PACKAGE_BYTES:
            raise ImportRejected([Problem(table.name, 0, "", "file too large")])
        text = archive.read(member).decode("utf-8-sig")
        records[table.name] = list(csv.DictReader(io.StringIO(text)))
    return records


def read_json(data: bytes) -> Records:
    """The tables of a package as one JSON document ``{table name: [records]}``.

    Raises ``ImportRejected`` when it is not that.
    """
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ImportRejected([Problem("package", 0, "", "not valid JSON")]) from None
    if not isinstance(document, dict) or not all(
        isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
        for rows in document.values()
    ):
        raise ImportRejected(
            [Problem("package", 0, "", "expected an object of tables, each a list of records")]
        )
    return {key: value for key, value in document.items() if key in {t.name for t in TABLES}}


def import_package(session: Session, records: Records) -> dict[str, int]:
    """Check and write ``records``; returns how many records per table were read.

    Raises ``ImportRejected`` (with every problem) before writing anything.
    """
    problems: list[Problem] = []
    values: dict[str, list[dict[str, Any]]] = {}
    known: dict[str, set[str]] = {}  # table name -> ids in the package
    for table in TABLES:
        values[table.name] = []
        seen: set[str] = set()
        for number, record in enumerate(records.get(table.name, []), start=1):
            row, row_problems = _check(table, number, record)
            problems.extend(row_problems)
            key = _key(table, row)
            if key in seen:
                problems.append(Problem(table.name, number, key, "the same id twice"))
            seen.add(key)
            values[table.name].append(row)
        known[table.name] = seen
    problems.extend(_dangling(session, values, known))
    if problems:
        raise ImportRejected(problems)
    for table in TABLES:
        for row in progress(values[table.name], f"HSDS: {table.name}"):
            if table.model is Service:
                row["publication"] = Publication.APPROVED
            session.merge(table.model(**row))
    session.flush()
    return {table.name: len(values[table.name]) for table in TABLES}


def _key(table: Table, row: dict[str, Any]) -> str:
    keys = [column.key for column in table.model.__table__.primary_key.columns]
    return ":".join(str(row.get(key) or "") for key in keys)


def _check(
    table: Table, number: int, record: dict[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    row: dict[str, Any] = {}
    problems: list[Problem] = []
    record_id = str(record.get("id") or record.get("link_id") or "")
    for name, column in table.columns():
        try:
            value = from_text(column, record.get(name))
        except BadValue as error:
            problems.append(Problem(table.name, number, record_id, str(error)))
            continue
        if value is None:
            if column.primary_key or (not column.nullable and column.default is None):
                problems.append(Problem(table.name, number, record_id, f"{name} is required"))
                continue
            if not column.nullable:
                continue  # the column's default fills it
        row[column.key] = value
    return row, problems


def _dangling(
    session: Session, values: dict[str, list[dict[str, Any]]], known: dict[str, set[str]]
) -> list[Problem]:
    """References to a record that is neither in the package nor already here."""
    by_table = {table.model.__table__.name: table for table in TABLES}
    problems = []
    for table in TABLES:
        for number, row in enumerate(values[table.name], start=1):
            for column in table.model.__table__.columns:
                value = row.get(column.key)
                if value is None:
                    continue
                for foreign_key in column.foreign_keys:
                    target = by_table.get(foreign_key.column.table.name)
                    if target is None:
                        continue
                    if value in known[target.name] or session.get(target.model, value):
                        continue
                    problems.append(
                        Problem(
                            table.name,
                            number,
                            str(row.get("id") or row.get("service_id") or ""),
                            f"{column.key} '{value}' is not in the package",
                        )
                    )
    return problems
