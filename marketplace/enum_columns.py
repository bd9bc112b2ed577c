"""Columns that hold one value of a StrEnum: statuses, kinds, roles.

``enum_type(PostingStatus, name="status", length=10)`` stores the enum's values (not its
member names) in a plain VARCHAR, with a CHECK constraint ``ck_<table>_<name>`` listing
them, so SQLite and PostgreSQL refuse the same unknown values (no native PostgreSQL ENUM
type, which would need its own migrations for every new value). The ORM refuses an unknown
string before it reaches the database (``validate_strings``), and reads give the enum's
member, which is a ``str`` equal to its value: comparisons with plain strings and templates
showing ``.status`` behave as before.

Adding a value to an enum changes the constraint: write a migration that drops and creates
it again (see ``migrations/versions/*_a11enums_*`` for the statements).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def enum_values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]


def enum_type(enum_class: type[StrEnum], *, name: str, length: int) -> Enum:
    """A new column type for ``enum_class``; ``name`` becomes part of the CHECK
    constraint's name (use the column's name), ``length`` is the VARCHAR's length."""
    return Enum(
        enum_class,
        name=name,
        length=length,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=enum_values,
    )
