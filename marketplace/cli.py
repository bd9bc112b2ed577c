"""Flask commands: each feature registers its own (``flask --help`` lists them)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from marketplace.accounts.commands import register as register_account_commands
    from marketplace.demo.commands import register as register_demo_commands
    from marketplace.key_rotation import register as register_key_commands
    from marketplace.search.commands import register as register_search_commands

    register_account_commands(app)
    register_demo_commands(app)
    register_key_commands(app)
    register_search_commands(app)
