"""Sending one e-mail: over SMTP in production, into files in the embedded default."""

from __future__ import annotations

import quopri
import smtplib
import ssl
import time
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

# Carries the notification's idempotency key, so a receiving side (and our tests) can see
# which notification a mail belongs to and spot a duplicate.
IDEMPOTENCY_HEADER = "X-Buurthulp-Notification"


# Headers may be as long as RFC 5322 allows (998): a List-Unsubscribe URL must stay a plain
# <https://...> value; the default (78) would fold or encode it, which mail programs reject.
HEADER_POLICY = policy.default.clone(max_line_length=998)


class TransientMailError(Exception):
    """The mail server could not be reached or refused for now; try again later."""


class PermanentMailError(Exception):
    """The mail server refused this message for good (5xx): retrying will not help."""


def build_message(
    mail_from: str, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage(policy=HEADER_POLICY)
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="buurthulp.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def compose(
    mail_from: str, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> bytes:
    """The same mail as ``build_message``, written straight to bytes.

    Building an ``EmailMessage`` parses every header we set and flattens it again on send,
    which costs more than the SMTP conversation itself in a burst. Our mails are simple
    (one plain-text UTF-8 part), so we write them out directly: ASCII headers as they are,
    others RFC 2047-encoded; a body that is not plain short-lined ASCII goes
    quoted-printable.
    """
    lines = [
        f"From: {_header_value(mail_from)}",
        f"To: {to}",
        f"Subject: {_header_value(subject)}",
        f"Date: {formatdate(usegmt=True)}",
        f"Message-ID: {make_msgid(domain='buurthulp.local')}",
    ]
    lines += [f"{name}: {_header_value(value)}" for name, value in (headers or {}).items()]
    text = body.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    if text.isascii() and all(len(line) <= 900 for line in text.split("\n")):
        encoding, payload = "7bit", text
    else:
        encoding = "quoted-printable"
        payload = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    lines += [
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        f"Content-Transfer-Encoding: {encoding}",
        "",
        payload,
    ]
    return "\r\n".join(lines).replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def _header_value(value: str) -> str:
    value = value.replace("\r", " ").replace("\n", " ")  # no header injection
    if value.isascii():
        return value
    return Header(value, "utf-8").encode()


def envelope_address(mail_from: str) -> str:
    return parseaddr(mail_from)[1] or mail_from


def send_message(config: dict[str, Any], message: EmailMessage, file_stem: str) -> None:
    """Deliver one ``message`` over a connection of its own.

    Raises TransientMailError for failures worth retrying, PermanentMailError otherwise.
    """
    mailer = Mailer(config)
    try:
        mailer.send(message, file_stem)
    finally:
        mailer.close()


class Mailer:
    """Sends messages over one SMTP connection that stays open between sends.

    A burst of notifications (a batch task, a digest run) then pays for the TCP connect,
    the greeting, STARTTLS and the login once instead of per message. A connection idle
    for a while is checked with NOOP first; one that the server closed in between is
    opened again, and a send that failed only because a reused connection had gone away
    is tried once more on a fresh one (the server had not accepted anything yet).
    """

    IDLE_CHECK_SECONDS = 5.0

    def __init__(self, config: dict[str, Any]) -> None:
        self.outbox_dir: str | None = config.get("MAIL_OUTBOX_DIR")
        self.smtp: dict[str, Any] | None = config.get("SMTP")
        self._client: smtplib.SMTP | None = None
        self._last_used = 0.0

    def settings(self) -> tuple[Any, ...]:
        """What this mailer was made for; a different config needs a new mailer."""
        smtp = self.smtp or {}
        return (self.outbox_dir, tuple(sorted(smtp.items())))

    def send(self, message: EmailMessage, file_stem: str) -> None:
        self.send_bytes(
            envelope_address(str(message["From"])), str(message["To"]), bytes(message), file_stem
        )

    def send_bytes(self, envelope_from: str, to: str, data: bytes, file_stem: str) -> None:
        """Send a mail written by ``compose``. Raises TransientMailError/PermanentMailError."""
        if self.outbox_dir:
            _write_file(Path(self.outbox_dir), data, file_stem)
            return
        try:
            reused = self._client is not None
            try:
                self._connection().sendmail(envelope_from, [to], data)
            except smtplib.SMTPServerDisconnected:
                self.close()
                if not reused:
                    raise
                self._connection().sendmail(envelope_from, [to], data)
            self._last_used = time.monotonic()
        except (OSError, smtplib.SMTPException) as exc:
            self.close()  # the connection's state is unknown now: start afresh next time
            raise _classify(exc) from exc

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()

    def _connection(self) -> smtplib.SMTP:
        if (
            self._client is not None
            and time.monotonic() - self._last_used > self.IDLE_CHECK_SECONDS
        ):
            try:
                alive = self._client.noop()[0] == 250
            except (OSError, smtplib.SMTPException):
                alive = False
            if not alive:
                self.close()
        if self._client is None:
            self._client = self._open()
            self._last_used = time.monotonic()
        return self._client

    def _open(self) -> smtplib.SMTP:
        smtp = self.smtp
        if smtp is None:
            raise PermanentMailError("no SMTP server configured")
        if smtp["tls"] == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp["host"], smtp["port"], timeout=20, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp["host"], smtp["port"], timeout=20)
        try:
            if smtp["tls"] == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.get("username"):
                client.login(smtp["username"], smtp["password"] or "")
        except BaseException:
            client.close()
            raise
        return client


def _write_file(directory: Path, data: bytes, file_stem: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    # Write then rename, so the mail page never shows half a file.
    tmp = directory / f".{file_stem}.tmp"
    tmp.write_bytes(data)
    tmp.replace(directory / f"{file_stem}.eml")


def _classify(exc: BaseException) -> TransientMailError | PermanentMailError:
    """Transient (retry later) or permanent (retrying will not help)."""
    # Order matters: every smtplib error is an OSError, so the specific ones come first.
    if isinstance(exc, PermanentMailError | TransientMailError):
        return exc
    if isinstance(exc, smtplib.SMTPConnectError):  # the server greeted us with an error
        return TransientMailError(str(exc))
    if isinstance(exc, smtplib.SMTPResponseException):
        if 400 <= exc.smtp_code < 500:  # 4xx: the server asks us to come back later
            return TransientMailError(str(exc))
        return PermanentMailError(str(exc))
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return TransientMailError(str(exc))
        return PermanentMailError(str(exc))
    return TransientMailError(str(exc))  # refused connection, timeout, dropped connection
