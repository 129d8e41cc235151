"""Message catalogues: one gettext .po file per language under briefgen/locales/.

Labels are written in English in the templates and the code (`_("Talking points")`), and
each language's catalogue translates them. Adding a language is adding its folder: a .po
catalogue and a calendar.yaml, no code.
"""

from __future__ import annotations

import functools
import io
import re
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from briefgen.errors import InputError

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "briefgen"
SOURCE_LANGUAGE = "en"
# A language code (en, th, pt-BR): never a path, since it names a folder under LOCALES.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def available_languages() -> list[str]:
    found = {p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LANGUAGE})


def catalog_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations_for(lang: str) -> NullTranslations:
    """The language's translations, compiled from its .po file on first use."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    if not LANGUAGE_CODE.fullmatch(lang):
        known = ", ".join(available_languages())
        raise InputError(f"--lang: '{lang}' is not a language code; available: {known}")
    path = catalog_path(lang)
    if not path.is_file():
        known = ", ".join(available_languages())
        raise InputError(f"no catalogue for language '{lang}'; available: {known}")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)
