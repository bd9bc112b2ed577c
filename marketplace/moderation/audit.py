"""The audit trail: every moderation and administration decision leaves a row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.moderation.models import AuditEvent


def record_audit(
    session: Session,
    actor: User | None,
    action: str,
    target: Any,
    reason: str | None = None,
    **details: Any,
) -> AuditEvent:
    """``action`` like "posting.approve"; ``target`` any model instance with an ``id``."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=target.id,
        reason=reason,
        details=details,
    )
    session.add(event)
    return event
