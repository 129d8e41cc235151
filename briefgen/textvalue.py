"""Field types shared by the record models: text in several languages, dates, codes."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import PydanticCustomError, core_schema

from briefgen.partialdates import DateValueError, PartialDate

MAX_TEXT_CHARS = 20_000
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
THAI_CHARS = re.compile(r"[\u0E00-\u0E7F]")

# Characters that XML 1.0, and so a DOCX, cannot hold. Bidi and other format controls are
# legitimate in right-to-left names and stay.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@functools.lru_cache(maxsize=256)
def _is_language_code(lang: str) -> bool:
    """A workspace uses a handful of codes, in every text: each is checked once."""
    return LANGUAGE_CODE.fullmatch(lang) is not None


def check_text(value: str) -> str:
    """Refuse text that no document could carry; otherwise keep it exactly as written."""
    bad = _XML_ILLEGAL.search(value)
    if bad:
        char = bad.group()
        raise PydanticCustomError(
            "bad_character",
            "text holds the control character U+{code} ({name}), which documents cannot carry",
            {"code": f"{ord(char):04X}", "name": unicodedata.name(char, "control")},
        )
    if len(value) > MAX_TEXT_CHARS:
        raise PydanticCustomError(
            "text_too_long",
            "text is {length} characters long; a field may hold at most {limit}",
            {"length": f"{len(value):,}", "limit": f"{MAX_TEXT_CHARS:,}"},
        )
    if not value.strip():
        raise PydanticCustomError("empty_text", "text is empty")
    return value


class LocalText:
    """Text in one or more languages: a plain string, or a mapping such as {en: …, th: …}.

    A plain string has no stated language and serves every language as it is.
    """

    __slots__ = ("plain", "by_lang", "origin")

    def __init__(self, plain: str | None = None, by_lang: dict[str, str] | None = None) -> None:
        self.plain = plain
        self.by_lang = by_lang or {}
        # Where the value is written, (file, key path): set after loading (briefgen.fallbacks),
        # so that a text shown in another language can be pointed at.
        self.origin: tuple[Any, tuple[str | int, ...]] | None = None

    def get(self, lang: str, fallback: str = "en") -> tuple[str, bool]:
        """The text for lang, and whether it had to fall back to another language."""
        if self.plain is not None:
            return self.plain, False
        if lang in self.by_lang:
            return self.by_lang[lang], False
        for other in (fallback, *self.by_lang):
            if other in self.by_lang:
                return self.by_lang[other], True
        return "", True

    def languages(self) -> list[str]:
        return list(self.by_lang)

    def all_texts(self) -> list[str]:
        return [self.plain] if self.plain is not None else list(self.by_lang.values())

    def dump(self) -> str | dict[str, str]:
        return self.plain if self.plain is not None else dict(self.by_lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalText) and self.dump() == other.dump()

    def __hash__(self) -> int:
        return hash(str(self.dump()))

    def __repr__(self) -> str:
        return f"LocalText({self.dump()!r})"

    @classmethod
    def validate(cls, value: Any) -> LocalText:
        if isinstance(value, LocalText):
            return value
        if isinstance(value, str):
            return cls(plain=check_text(value))
        if isinstance(value, dict) and value:
            texts: dict[str, str] = {}
            for lang, text in value.items():
                if not isinstance(lang, str) or not _is_language_code(lang):
                    raise PydanticCustomError(
                        "bad_language",
                        "'{lang}' is not a language code; use codes such as en or th",
                        {"lang": str(lang)},
                    )
                if not isinstance(text, str):
                    raise PydanticCustomError(
                        "text_type", "the {lang} text must be a string", {"lang": lang}
                    )
                texts[lang] = check_text(text)
            return cls(by_lang=texts)
        raise PydanticCustomError(
            # No context, so pydantic leaves the template as it is: single braces.
            "text_type",
            "expected text, or a mapping of language code to text ({en: …, th: …})",
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.dump()),
        )


def _to_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate.from_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date such as 2024-02-28")
    try:
        return PartialDate.parse(value)
    except DateValueError as exc:
        # Through the context: pydantic does not unescape doubled braces in a template.
        raise PydanticCustomError("bad_date", "{message}", {"message": str(exc)}) from None


DateField = Annotated[
    PartialDate,
    BeforeValidator(_to_partial_date),
    PlainSerializer(lambda v: v.iso(), return_type=str),
]

_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")
#: What an id may hold, given or taken from the file name: ASCII letters, digits, '-' and '_'.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,120}$")
#: What a topic key may hold, in topics.yaml and wherever a record names a topic.
TOPIC_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


#: The meeting id rule that `make --meeting` applies and `ingest` writes to (any case).
MEETING_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MEETING_ID_RULE = (
    "1 to 40 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit"
)


def check_meeting_id(text: str) -> str:
    """The meeting id as `--meeting` takes it, or InputError stating the whole rule."""
    from briefgen.errors import InputError

    if not MEETING_ID_PATTERN.fullmatch(text.lower()):
        raise InputError(f"meeting id name '{text}' is not allowed; an id has {MEETING_ID_RULE}")
    return text


def _code(value: Any) -> str:
    if not isinstance(value, str) or not _CODE.fullmatch(value.upper()):
        raise PydanticCustomError(
            "bad_code",
            "'{value}' is not a party code; use an ISO country code (US) or an organisation "
            "code (ASEAN)",
            {"value": str(value)},
        )
    return value.upper()


def _ident(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a valid id; use only letters, digits, '-' and '_'",
            {"value": str(value)},
        )
    return value


def _topic_key(value: Any) -> str:
    if not isinstance(value, str) or not TOPIC_KEY_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "bad_topic_key",
            "'{value}' is not a topic key; use lower-case letters, digits and '-'",
            {"value": str(value)},
        )
    return value


def _plain(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "expected a string")
    return check_text(value)


Code = Annotated[str, BeforeValidator(_code)]
Ident = Annotated[str, BeforeValidator(_ident)]
TopicKey = Annotated[str, BeforeValidator(_topic_key)]
PlainText = Annotated[str, BeforeValidator(_plain)]


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F]")


def has_thai(text: str) -> bool:
    return bool(THAI_CHARS.search(text))


def script_language(lang: str) -> str:
    """The script a language is written in, named by the language this module can tell it
    by: 'th' for Thai script, 'en' for the Latin script of every other language."""
    return "th" if lang == "th" else "en"


def written_in(text: str) -> str | None:
    """Which script a text is mostly written in: 'th' (Thai) or 'en' (Latin), by counting its
    letters; None for a text with neither (numbers, '2+2'). A Thai sentence naming ASEAN is
    Thai; an English one with a Thai name in brackets is English."""
    thai = len(THAI_CHARS.findall(text))
    latin = len(_LATIN_LETTERS.findall(text))
    if not thai and not latin:
        return None
    return "th" if thai >= latin else "en"
