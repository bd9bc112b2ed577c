"""What can go wrong with match suggestions."""

from __future__ import annotations

from marketplace.domain_errors import DomainError


class MatchingError(DomainError):
    """Base for matching rules."""


class SuggestionNotFound(MatchingError):
    """No such suggestion for this person (or it belongs to someone else): show a 404."""

    status = 404


class PostingNotPublished(MatchingError):
    """Only a published posting (with ``published_at``) can be matched."""
