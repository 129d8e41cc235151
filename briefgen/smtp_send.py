"""Delivery of the e-mail draft over SMTP, bounded in time and in what the server may send.

Host, port and user come from options or BRIEFGEN_SMTP_HOST / _PORT / _USER, and the password
only from BRIEFGEN_SMTP_PASSWORD or a prompt: never from a file or an option, and it is never
printed. STARTTLS is required unless the caller turns TLS off.

A server is not trusted to be quick or brief: the whole exchange (connect, greeting, EHLO,
STARTTLS, AUTH, the message) must end within `SEND_SECONDS` (45), or BRIEFGEN_SMTP_SECONDS:
a watchdog shuts the socket at the deadline, since smtplib's timeout bounds each read, not
the exchange. One reply may hold at most `MAX_REPLY_LINES` lines and `MAX_REPLY_BYTES` bytes.
"""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import os
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from briefgen.errors import MailError, display_path

HOST_ENV, PORT_ENV, USER_ENV = "BRIEFGEN_SMTP_HOST", "BRIEFGEN_SMTP_PORT", "BRIEFGEN_SMTP_USER"
PASSWORD_ENV, CA_ENV = "BRIEFGEN_SMTP_PASSWORD", "BRIEFGEN_SMTP_CA"
SECONDS_ENV = "BRIEFGEN_SMTP_SECONDS"
TIMEOUT_SECONDS = 30  # one read or write
SEND_SECONDS = 45.0  # the whole exchange
# CRLF and 7-bit transfer encodings: what mail clients and servers expect of an .eml file.
MAIL_POLICY = email.policy.default.clone(linesep="\r\n", cte_type="7bit")
MAX_REPLY_LINES = 100  # a real EHLO reply has about 10
MAX_REPLY_BYTES = 64 * 1024
MAX_LINE = 8192  # smtplib's own bound on one line


class ReplyTooLong(smtplib.SMTPException):
    """A server's reply went past MAX_REPLY_LINES or MAX_REPLY_BYTES."""


class BoundedSMTP(smtplib.SMTP):
    """smtplib.SMTP whose replies are bounded in lines and bytes."""

    def getreply(self) -> tuple[int, bytes]:
        lines: list[bytes] = []
        size = 0
        if self.file is None:
            if self.sock is None:
                raise smtplib.SMTPServerDisconnected("not connected")
            self.file = self.sock.makefile("rb")
        while True:
            try:
                line = self.file.readline(MAX_LINE + 1)
            except OSError as exc:
                self.close()
                message = f"Connection unexpectedly closed: {exc}"
                raise smtplib.SMTPServerDisconnected(message) from None
            if not line:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            size += len(line)
            if len(line) > MAX_LINE or len(lines) >= MAX_REPLY_LINES or (size > MAX_REPLY_BYTES):
                self.close()
                raise ReplyTooLong(
                    f"a reply longer than {MAX_REPLY_LINES} lines or {MAX_REPLY_BYTES // 1024} KB"
                )
            lines.append(line[4:].strip(b" \t\r\n"))
            code = line[:3]
            try:
                errcode = int(code)
            except ValueError:
                errcode = -1
                break
            if line[3:4] != b"-":
                break
        return errcode, b"\n".join(lines)


class Watchdog:
    """Shuts the SMTP socket down at the deadline, whatever smtplib is waiting for."""

    def __init__(self, smtp: smtplib.SMTP, seconds: float) -> None:
        self.smtp, self.fired = smtp, False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        sock = getattr(self.smtp, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.timer.cancel()


def check_host(host: str) -> str:
    """The host as given, if it can be looked up (each label 1–63 characters, IDNA)."""
    try:
        host.encode("idna")
    except UnicodeError:
        raise MailError(
            f"--smtp-host: '{host}' is not a valid host name (each part between dots must "
            "be 1 to 63 letters, digits or hyphens)"
        ) from None
    return host


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None = None
    tls: bool = True
    ca_file: Path | None = None
    seconds: float = SEND_SECONDS  # the whole exchange

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def resolve(
        cls,
        host: str | None,
        port: int | None,
        user: str | None,
        *,
        tls: bool,
        ca_file: Path | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> SmtpSettings:
        """Options first, then the BRIEFGEN_SMTP_* variables; port 587, or 25 without TLS."""
        host = host or env.get(HOST_ENV)
        if not host:
            raise MailError(f"--send needs an SMTP server: give --smtp-host or set {HOST_ENV}")
        check_host(host)
        if port is None and env.get(PORT_ENV):
            try:
                port = int(env[PORT_ENV])
            except ValueError:
                raise MailError(f"{PORT_ENV}: '{env[PORT_ENV]}' is not a port number") from None
        port = port if port is not None else (587 if tls else 25)
        if not 0 < port < 65536:
            raise MailError(f"SMTP port {port} is out of range")
        ca = ca_file or (Path(env[CA_ENV]) if env.get(CA_ENV) else None)
        if ca is not None and not ca.is_file():
            raise MailError(f"the SMTP CA file {display_path(ca)} does not exist")
        seconds = SEND_SECONDS
        if env.get(SECONDS_ENV):
            try:
                seconds = float(env[SECONDS_ENV])
            except ValueError:
                seconds = -1.0
            if not 0 < seconds <= 3600:  # NaN fails this too
                raise MailError(
                    f"{SECONDS_ENV}: '{env[SECONDS_ENV]}' is not a number of seconds (1 to 3600)"
                )
        return cls(host, port, user or env.get(USER_ENV) or None, tls, ca, seconds)


def smtp_password(
    settings: SmtpSettings, prompt: Callable[[str], str] | None, env: Mapping[str, str] = os.environ
) -> str | None:
    """None without a user; else BRIEFGEN_SMTP_PASSWORD, else the answer to `prompt`."""
    if not settings.user:
        return None
    if env.get(PASSWORD_ENV):
        return env[PASSWORD_ENV]
    if prompt is None:
        raise MailError(
            f"no password for SMTP user '{settings.user}': set {PASSWORD_ENV} "
            "or run briefgen in a terminal to be asked for it"
        )
    return prompt(f"SMTP password for {settings.user} at {settings.host}: ")


def send(
    draft: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    seconds: float | None = None,
) -> dict[str, tuple[int, bytes]]:
    """Send the draft (without X-Unsent, dated now) within `seconds` (else the settings'); the
    recipients the server refused."""
    seconds = seconds if seconds is not None else settings.seconds
    message = email.message_from_bytes(draft.as_bytes(policy=MAIL_POLICY), policy=MAIL_POLICY)
    assert isinstance(message, EmailMessage)
    if not message["From"]:
        raise MailError("--send needs a sender: give --from")
    del message["X-Unsent"]
    message.replace_header("Date", format_datetime(_now(), usegmt=True))
    where = settings.where
    check_host(settings.host)
    smtp = BoundedSMTP(timeout=min(TIMEOUT_SECONDS, seconds))
    smtp._host = settings.host  # type: ignore[attr-defined]  # the name STARTTLS checks the certificate against
    watchdog = Watchdog(smtp, seconds)
    started = time.monotonic()
    try:
        with watchdog, smtp:
            smtp.connect(settings.host, settings.port)
            smtp.ehlo()
            if settings.tls:
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        f"{where} does not offer STARTTLS; use --no-tls only for "
                        "a server on a trusted network"
                    )
                smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
                smtp.ehlo()
            if settings.user:
                login(smtp, settings, password or "")
            return smtp.send_message(message)
    except MailError:
        raise
    except Exception as exc:
        if watchdog.fired or time.monotonic() - started >= seconds:
            raise MailError(
                f"{where} did not finish the exchange within {seconds:.0f} s; nothing was sent"
            ) from None
        raise _failure(exc, settings) from None


def _failure(exc: Exception, settings: SmtpSettings) -> MailError:
    """The message for what went wrong talking to the server."""
    where = settings.where
    try:
        raise exc
    except ConnectionRefusedError:
        return MailError(
            f"cannot connect to {where}: connection refused; check --smtp-host and --smtp-port"
        )
    except socket.gaierror:
        return MailError(f"cannot connect to {where}: unknown host '{settings.host}'")
    except TimeoutError:
        return MailError(f"{where} did not answer within {TIMEOUT_SECONDS} s")
    except ssl.SSLCertVerificationError as exc:
        return MailError(
            f"TLS with {where} failed: the server's certificate is not trusted "
            f"({exc.verify_message}); name its CA with --smtp-ca"
        )
    except ssl.SSLError as exc:
        return MailError(f"TLS with {where} failed: {exc.reason or exc}")
    except smtplib.SMTPAuthenticationError:
        return MailError(
            f"{where} refused the login of '{settings.user}': check the user and {PASSWORD_ENV}"
        )
    except smtplib.SMTPNotSupportedError:
        before = "" if settings.tls else " without TLS"
        return MailError(f"{where} does not offer a login (AUTH){before}")
    except smtplib.SMTPRecipientsRefused as exc:
        return MailError(f"{where} refused every recipient: {', '.join(exc.recipients)}")
    except smtplib.SMTPResponseException as exc:
        return MailError(f"{where} refused the message: {exc.smtp_code} {_reply(exc)}")
    except ReplyTooLong as exc:
        return MailError(f"{where} sent {exc}; is it an SMTP server?")
    except UnicodeError:
        return MailError(f"cannot connect to {where}: '{settings.host}' is not a valid host name")
    except (smtplib.SMTPException, OSError) as exc:
        return MailError(f"sending through {where} failed: {exc}")
    return MailError(f"sending through {where} failed: {exc}")


def login(smtp: smtplib.SMTP, settings: SmtpSettings, password: str) -> None:
    """smtplib's login, which encodes credentials as ASCII; else AUTH PLAIN in UTF-8 (RFC 4616).
    Errors never carry the password: smtplib's UnicodeEncodeError would quote it."""
    user = settings.user or ""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("no AUTH")
    if "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise MailError(
            f"{settings.where} offers no AUTH PLAIN, which a non-ASCII user name or password needs"
        )
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply(exc: Exception) -> str:
    error = getattr(exc, "smtp_error", None)
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error or exc)
    return " ".join(text.split())


def _now() -> datetime:
    return datetime.now(UTC)
