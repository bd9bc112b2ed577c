"""Buurthulp's Celery worker: matching, notification delivery, digests and housekeeping."""
