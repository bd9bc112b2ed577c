from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime


class TaskLock(Model):
    """A named lock held by one worker process until it is released or expires."""

    __tablename__ = "task_locks"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    owner: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
