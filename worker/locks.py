"""A lock for beat tasks, so two runs of the same job never overlap.

It uses the database every process already shares: a row in ``task_locks`` with an expiry,
taken with an atomic insert-or-steal-if-expired. No extra service is needed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.locks.models import TaskLock
from marketplace.timestamps import utcnow


@contextmanager
def beat_lock(name: str, ttl: timedelta = timedelta(minutes=10)) -> Iterator[bool]:
    owner = f"{socket.gethostname()}:{os.getpid()}"
    now = utcnow()
    db.session.execute(delete(TaskLock).where(TaskLock.name == name, TaskLock.expires_at < now))
    try:
        db.session.execute(insert(TaskLock).values(name=name, owner=owner, expires_at=now + ttl))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        yield False
        return
    try:
        yield True
    finally:
        db.session.rollback()
        db.session.execute(delete(TaskLock).where(TaskLock.name == name, TaskLock.owner == owner))
        db.session.commit()
        db.session.remove()
