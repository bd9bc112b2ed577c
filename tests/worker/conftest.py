"""A real SMTP server (aiosmtpd) on this machine, for delivery tests."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MailCatcher:
    """Keeps every message it receives; refuses recipients listed in ``refuse``."""

    messages: list[Message] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    connections: int = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.connections += 1  # one greeting per connection
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def smtp_config(port: int) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": port, "tls": "none", "username": None, "password": None}


@pytest.fixture
def smtp_server(app, monkeypatch) -> Iterator[MailCatcher]:
    """Mail goes over SMTP to a server started for this test."""
    catcher = MailCatcher()
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP", smtp_config(port))
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", None)
    yield catcher
    controller.stop()


@pytest.fixture
def smtp_down(app, monkeypatch) -> None:
    """SMTP is configured, but nothing listens on its port."""
    monkeypatch.setitem(app.config, "SMTP", smtp_config(free_port()))
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", None)


@pytest.fixture
def run_task(app) -> Callable[..., Any]:
    """Call a task as the worker would, bound to this test's app.

    ``shared_task`` follows the most recently created Celery app, and other tests create
    apps of their own; the task registered on our app runs in our app's context and config.
    """

    celery = app.extensions["celery"]
    celery.loader.import_default_modules()  # the worker/*.py task modules, as a worker does

    def run(name: str, *args: Any) -> Any:
        return celery.tasks[name](*args)

    return run
