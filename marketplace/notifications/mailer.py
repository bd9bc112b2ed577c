"""Sending one e-mail: over SMTP in production, into files in the embedded default."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

# Carries the notification's idempotency key, so a receiving side (and our tests) can see
# which notification a mail belongs to and spot a duplicate.
IDEMPOTENCY_HEADER = "X-Buurthulp-Notification"


class TransientMailError(Exception):
    """The mail server could not be reached or refused for now; try again later."""


class PermanentMailError(Exception):
    """The mail server refused this message for good (5xx): retrying will not help."""


def build_message(
    mail_from: str, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="buurthulp.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def send_message(config: dict[str, Any], message: EmailMessage, file_stem: str) -> None:
    """Deliver ``message``. Raises TransientMailError for failures worth retrying."""
    outbox_dir = config.get("MAIL_OUTBOX_DIR")
    if outbox_dir:
        directory = Path(outbox_dir)
        directory.mkdir(parents=True, exist_ok=True)
        # Write then rename, so the mail page never shows half a file.
        tmp = directory / f".{file_stem}.tmp"
        tmp.write_bytes(bytes(message))
        tmp.replace(directory / f"{file_stem}.eml")
        return
    smtp = config["SMTP"]
    try:
        if smtp["tls"] == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp["host"], smtp["port"], timeout=20, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp["host"], smtp["port"], timeout=20)
        with client:
            if smtp["tls"] == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.get("username"):
                client.login(smtp["username"], smtp["password"] or "")
            client.send_message(message)
    # Order matters: every smtplib error is an OSError, so the specific ones come first.
    except smtplib.SMTPConnectError as exc:  # the server greeted us with an error
        raise TransientMailError(str(exc)) from exc
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:  # 4xx: the server asks us to come back later
            raise TransientMailError(str(exc)) from exc
        raise PermanentMailError(str(exc)) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            raise TransientMailError(str(exc)) from exc
        raise PermanentMailError(str(exc)) from exc
    except OSError as exc:  # refused connection, timeout, dropped connection
        raise TransientMailError(str(exc)) from exc
