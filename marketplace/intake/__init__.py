"""Professionals posting for clients: phone intake, client records, hand-over, client accounts."""
