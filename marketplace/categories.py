"""The kinds of help (a table): what a posting is about and what a volunteer likes to help
with. Buurthulp starts with the ones below; admins can add more later."""

from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.choice_memo import Memo
from marketplace.extensions import Model


class Category(Model):
    """A kind of help. ``bit`` is its position in a profile's interest bitmask (0-62)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    bit: Mapped[int] = mapped_column(unique=True)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    @property
    def mask(self) -> int:
        return 1 << self.bit

    def name(self, locale: str = "nl") -> str:
        return self.name_en if locale == "en" else self.name_nl


# (slug, Dutch name, English name); the position in this list is the category's bit.
DEFAULT_CATEGORIES = [
    ("boodschappen", "Boodschappen", "Shopping"),
    ("vervoer", "Vervoer", "Transport"),
    ("gezelschap", "Gezelschap en wandelen", "Company and walks"),
    ("klusjes", "Klusjes", "Odd jobs"),
    ("tuin", "Tuin", "Garden"),
    ("administratie", "Administratie en formulieren", "Paperwork and forms"),
    ("digitaal", "Digitale hulp", "Computer and phone help"),
    ("maaltijden", "Maaltijden", "Meals"),
    ("huisdieren", "Huisdieren", "Pets"),
    ("taal", "Nederlands oefenen", "Practising Dutch"),
]


def ensure_default_categories(session: Session) -> list[Category]:
    """Add the default categories that are missing; safe to run again. Flushes."""
    existing = {c.slug: c for c in session.scalars(select(Category))}
    for bit, (slug, name_nl, name_en) in enumerate(DEFAULT_CATEGORIES):
        if slug not in existing:
            existing[slug] = Category(
                slug=slug, name_nl=name_nl, name_en=name_en, bit=bit, position=bit
            )
            session.add(existing[slug])
    session.flush()
    return sorted(existing.values(), key=lambda c: c.position)


def active_categories(session: Session) -> list[Category]:
    return list(
        session.scalars(select(Category).where(Category.is_active).order_by(Category.position))
    )


_choices = Memo("categories", watch=("categories",))


def active_category_choices(session: Session, locale: str) -> list[tuple[str, str]]:
    """(slug, name) of the active categories in their order, for a filter's choices; made
    once per process and language until a category changes (marketplace.choice_memo)."""
    return list(
        _choices.get(
            ("active", locale),
            lambda: tuple((c.slug, c.name(locale)) for c in active_categories(session)),
        )
    )


def category_names(session: Session, locale: str) -> dict[str, str]:
    """slug -> name of every category, also the inactive ones (an old suggestion's reason
    may name one); kept like the choices (a query a page of "Voor u" otherwise)."""
    return dict(
        _choices.get(
            ("all names", locale),
            lambda: tuple((c.slug, c.name(locale)) for c in session.scalars(select(Category))),
        )
    )
