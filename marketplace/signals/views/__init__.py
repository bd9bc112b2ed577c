"""The signal pages, on one blueprint: making a signal (``reporting``) and handling
signals (``handling``)."""

from marketplace.signals.views import handling, reporting  # noqa: F401  (registers routes)
from marketplace.signals.views.blueprint import bp

__all__ = ["bp"]
