"""The pack as an e-mail: a draft (.eml) to open in Outlook or Thunderbird, and SMTP delivery.

The draft carries a short cover note, rendered from `mail.txt.j2` (or `mail.<lang>.txt.j2`)
found along the profile's search path, and the whole-pack PDF. Its first line is the subject.
The message is marked as the pack is (pack_marking.py): the classification before the subject
and atop the body, and in a header of the profile's choosing.
`X-Unsent: 1` makes Outlook open the file as an unsent draft; the copy that is sent drops it.

Delivery takes host, port and user from options or BRIEFGEN_SMTP_HOST / _PORT / _USER, and
the password only from BRIEFGEN_SMTP_PASSWORD or a prompt: never from a file or an option,
and it is never printed. STARTTLS is required unless the caller turns TLS off.
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path

from briefgen.build import (
    BuildResult,
    MakeOptions,
    Prepared,
    Progress,
    build,
    check_output_folder,
    prepare,
)
from briefgen.compose.common import make_header
from briefgen.compose.context import Header
from briefgen.compose.localize import Localizer
from briefgen.documents import DOCUMENTS, PACK_FILE_NAME, output_stem
from briefgen.errors import MailError, display_path
from briefgen.outputs import WrittenFile, write_atomic
from briefgen.pack_marking import check_pack, mark
from briefgen.profiles import Profile
from briefgen.render.html import Templates

# CRLF and 7-bit transfer encodings: what mail clients and servers expect of an .eml file.
MAIL_POLICY = email.policy.default.clone(linesep="\r\n", cte_type="7bit")
TEMPLATE = "mail.txt.j2"
HOST_ENV, PORT_ENV, USER_ENV = "BRIEFGEN_SMTP_HOST", "BRIEFGEN_SMTP_PORT", "BRIEFGEN_SMTP_USER"
PASSWORD_ENV, CA_ENV = "BRIEFGEN_SMTP_PASSWORD", "BRIEFGEN_SMTP_CA"
TIMEOUT_SECONDS = 30
ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")


@dataclass(frozen=True)
class MailOptions:
    make: MakeOptions  # which pack, how to make it when it is missing, the marking asked for
    to: list[str]
    cc: list[str] = field(default_factory=list)
    sender: str | None = None
    reply_to: str | None = None
    force: bool = False  # attach a pack that is marked otherwise, or older than its records


@dataclass
class Draft:
    file: WrittenFile
    message: EmailMessage
    built: BuildResult | None  # set when the pack had to be made first


class TextTemplates(Templates):
    """The sandboxed templates of the documents, without HTML autoescaping: plain text."""

    def __init__(self, search_path: list[Path], lang: str) -> None:
        super().__init__(search_path, lang)
        self.env.autoescape = False
        self.env.keep_trailing_newline = True


def make_draft(options: MailOptions, progress: Progress = lambda _: None) -> Draft:
    """Write `<date>_<CODE>_briefing-pack.eml` beside the pack, making the pack if missing.

    The message carries the pack's marking, as its PDF records it (see `check_pack`)."""
    to = addresses("--to", options.to)
    if not to:
        raise MailError("give at least one recipient with --to")
    cc = addresses("--cc", options.cc)
    sender = addresses("--from", [options.sender] if options.sender else [])
    reply_to = addresses("briefgen.yaml mail.reply_to", filter(None, [options.reply_to]))
    check_output_folder(options.make.out)
    prepared = prepare(options.make)
    stem = output_stem(prepared.facts, PACK_FILE_NAME, prepared.lang)
    pdf_path = options.make.out / f"{stem}.pdf"
    built = None
    if not pdf_path.is_file():
        built = build(options.make, progress, prepared=prepared)
        if not pdf_path.is_file():
            raise MailError(f"making the pack did not write {display_path(pdf_path)}")
    progress("Writing the e-mail draft")
    pdf = pdf_path.read_bytes()
    asked = options.make
    level, draft = check_pack(
        asked.classification, asked.draft, options.force, prepared, pdf_path, pdf
    )
    header = pack_header(prepared, level, draft)
    subject, body = cover_note(prepared.profile, header, pdf_path.name, pdf)
    subject, body = mark(subject, body, header)

    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    if sender:
        message["From"] = sender[0]
    if reply_to:
        message["Reply-To"] = reply_to
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(_now(), usegmt=True)
    domain = sender[0].domain if sender else "briefgen.invalid"
    message["Message-ID"] = make_msgid("briefgen", domain=domain)
    name = prepared.profile.mail_classification_header
    if name and level != "none":  # for gateways: the level in English, whatever the language
        message[name] = level.replace("-", " ").upper()
    message["X-Unsent"] = "1"
    message.set_content(body)
    message["Content-Language"] = header.lang  # after set_content, which clears Content-*
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_path.name)
    try:
        written = write_atomic(pdf_path.with_suffix(".eml"), message.as_bytes(policy=MAIL_POLICY))
    except OSError as exc:
        raise MailError(f"cannot write the e-mail draft: {exc.strerror or exc}") from None
    return Draft(written, message, built)


def pack_header(prepared: Prepared, level: str, draft: bool) -> Header:
    """A header for the cover note, marked as the pack is."""
    loc = prepared.loc
    return make_header(
        prepared.facts, loc, loc._("Briefing pack"), logo=None, marking=level, draft=draft
    )


def cover_note(profile: Profile, header: Header, name: str, pdf: bytes) -> tuple[str, str]:
    """(subject, body) from the mail template; a first line "Subject: …" gives the subject."""
    from briefgen.render.pdf import count_pages

    templates = TextTemplates(profile.search_path, header.lang)
    loc = Localizer(header.lang, profile)
    size_kb = -(-len(pdf) // 1024)
    context = {
        "header": header,
        "attachment": {"name": name, "pages": loc.number(count_pages(pdf)), "size_kb": size_kb},
        "documents": [kind.title(loc._) for kind in DOCUMENTS],
    }
    text = templates.render(template_name(profile, header.lang), context).replace("\r\n", "\n")
    first, _, rest = text.lstrip("\n").partition("\n")
    if first.lower().startswith("subject:"):
        subject, body = first.split(":", 1)[1], rest
    else:
        subject, body = f"{header.document}: {header.title}", text
    return " ".join(subject.split()), body.strip("\n") + "\n"


def template_name(profile: Profile, lang: str) -> str:
    """mail.<lang>.txt.j2 or mail.txt.j2, whichever the first folder on the path holds."""
    for folder in profile.search_path:
        for name in (f"mail.{lang}.txt.j2", TEMPLATE):
            if (folder / name).is_file():
                return name
    folders = ", ".join(display_path(f) for f in profile.search_path)
    raise MailError(f"no {TEMPLATE} for the {profile.ministry} profile in {folders}")


def addresses(option: str, values: Iterable[str]) -> list[Address]:
    """Each value may hold several addresses ("a@x, Name <b@y>"); anything else is refused."""
    found = []
    for value in values:
        if "\r" in value or "\n" in value:
            raise MailError(f"{option}: an address may not contain a line break")
        parsed = getaddresses([value])
        if not parsed or any(not ADDRESS.fullmatch(addr) for _, addr in parsed):
            raise MailError(f"{option}: '{value}' is not an e-mail address")
        for name, addr in parsed:
            local, _, domain = addr.rpartition("@")
            found.append(Address(display_name=name, username=local, domain=domain))
    return found


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None = None
    tls: bool = True
    ca_file: Path | None = None

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
        return cls(host, port, user or env.get(USER_ENV) or None, tls, ca)


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
    draft: EmailMessage, settings: SmtpSettings, password: str | None
) -> dict[str, tuple[int, bytes]]:
    """Send the draft (without X-Unsent, dated now); the recipients the server refused."""
    message = email.message_from_bytes(draft.as_bytes(policy=MAIL_POLICY), policy=MAIL_POLICY)
    assert isinstance(message, EmailMessage)
    if not message["From"]:
        raise MailError("--send needs a sender: give --from")
    del message["X-Unsent"]
    message.replace_header("Date", format_datetime(_now(), usegmt=True))
    where = settings.where
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
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
    except ConnectionRefusedError:
        raise MailError(
            f"cannot connect to {where}: connection refused; check --smtp-host and --smtp-port"
        ) from None
    except socket.gaierror:
        raise MailError(f"cannot connect to {where}: unknown host '{settings.host}'") from None
    except TimeoutError:
        raise MailError(f"{where} did not answer within {TIMEOUT_SECONDS} s") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"TLS with {where} failed: the server's certificate is not trusted "
            f"({exc.verify_message}); name its CA with --smtp-ca"
        ) from None
    except ssl.SSLError as exc:
        raise MailError(f"TLS with {where} failed: {exc.reason or exc}") from None
    except smtplib.SMTPAuthenticationError:
        raise MailError(
            f"{where} refused the login of '{settings.user}': check the user and {PASSWORD_ENV}"
        ) from None
    except smtplib.SMTPNotSupportedError:
        before = "" if settings.tls else " without TLS"
        raise MailError(f"{where} does not offer a login (AUTH){before}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"{where} refused every recipient: {', '.join(exc.recipients)}") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"{where} refused the message: {exc.smtp_code} {_reply(exc)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"sending through {where} failed: {exc}") from None


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
