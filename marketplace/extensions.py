"""Flask extensions, created here unbound and initialised in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session

# Named constraints, so Alembic can alter them on PostgreSQL and in SQLite batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


if TYPE_CHECKING:
    # Flask-SQLAlchemy builds ``db.session`` and ``db.Model`` at run time, which type
    # checkers cannot follow. ``db.session`` is a scoped_session: it proxies every Session
    # method (services take a plain Session), plus ``remove()`` and calling it.
    class _ScopedSession(Session):
        def remove(self) -> None: ...
        def __call__(self) -> Session: ...

    class _TypedSQLAlchemy(SQLAlchemy):
        session: _ScopedSession  # type: ignore[assignment]


db: _TypedSQLAlchemy = SQLAlchemy(model_class=Base)  # type: ignore[assignment]
# Models subclass ``Model``: at run time Flask-SQLAlchemy's ``db.Model`` (built on Base).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
