"""The pack as an e-mail: a draft (.eml) to open in Outlook or Thunderbird, and SMTP delivery.

The draft carries a short cover note, rendered from `mail.txt.j2` (or `mail.<lang>.txt.j2`)
found along the profile's search path, and the whole-pack PDF. Its first line is the subject.
The message is marked as the pack is (pack_marking.py): the classification before the subject
and atop the body, and in a header of the profile's choosing.
`X-Unsent: 1` makes Outlook open the file as an unsent draft; the copy that is sent drops it.
Delivery is smtp_send.py's.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
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
from briefgen.pack_marking import check_pack, mark, read_pack
from briefgen.profiles import Profile
from briefgen.render.html import Templates
from briefgen.smtp_send import (  # noqa: F401  (re-exported: the mail command's API)
    CA_ENV,
    HOST_ENV,
    MAIL_POLICY,
    PASSWORD_ENV,
    PORT_ENV,
    USER_ENV,
    SmtpSettings,
    send,
    smtp_password,
)

TEMPLATE = "mail.txt.j2"
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
    if not os.path.lexists(pdf_path):
        built = build(options.make, progress, prepared=prepared)
        if not pdf_path.is_file():
            raise MailError(f"making the pack did not write {display_path(pdf_path)}")
    progress("Writing the e-mail draft")
    pdf = read_pack(pdf_path)
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
    try:
        pages = count_pages(pdf)
    except Exception:  # pypdf reads what pikepdf repaired (pack_marking.read_marking)
        raise MailError(f"{name} is not a readable PDF; make the pack again") from None
    context = {
        "header": header,
        "attachment": {"name": name, "pages": loc.number(pages), "size_kb": size_kb},
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
    """Each value may hold several addresses ("a@x, Name <b@y>"); anything else is refused.

    No control character may pass (it would be written raw into a header), nor a non-ASCII
    local part; the domain is kept in its ASCII (IDNA) form, which every server reads."""
    found = []
    for value in values:
        if "\r" in value or "\n" in value:
            raise MailError(f"{option}: an address may not contain a line break")
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise MailError(f"{option}: {value!r} contains a control character")
        parsed = getaddresses([value])
        if not parsed or any(not ADDRESS.fullmatch(addr) for _, addr in parsed):
            raise MailError(f"{option}: '{value}' is not an e-mail address")
        for name, addr in parsed:
            local, _, domain = addr.rpartition("@")
            if not local.isascii():  # RFC 6531 mail: not every server takes it, nor a 7-bit draft
                raise MailError(
                    f"{option}: '{addr}' has non-ASCII letters before the @, which the draft "
                    "and most servers cannot carry; use the ASCII address of that mailbox"
                )
            try:
                ascii_domain = domain.encode("idna").decode("ascii")
                found.append(Address(display_name=name, username=local, domain=ascii_domain))
            except (UnicodeError, ValueError):
                raise MailError(
                    f"{option}: '{value}' is not an e-mail address ('{domain}' is not a "
                    "valid domain name)"
                ) from None
    return found


def _now() -> datetime:
    return datetime.now(UTC)
