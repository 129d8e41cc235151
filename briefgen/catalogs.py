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

from briefgen.errors import InputError, Problem, ProfileError, display_path

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


# -- A ministry's own labels ----------------------------------------------------------------
#
# A profile folder may carry labels for the headings its templates add, as a plain
# labels.yaml (a list of {en: …, th: …} entries, the English being what the template writes
# in _()) or as a gettext catalogue, locales/<lang>/LC_MESSAGES/briefgen.po. Labels are looked
# up along the profile's search path, then in briefgen's own catalogue.

LABELS_FILE = "labels.yaml"
MAX_CATALOGUE_BYTES = 2 * 1024 * 1024


class LabelTranslations(NullTranslations):
    """Labels from a labels.yaml: singular messages only; the rest go to the fallback."""

    def __init__(self, labels: dict[str, str]) -> None:
        super().__init__()
        self.labels = labels

    def gettext(self, message: str) -> str:
        if message in self.labels:
            return self.labels[message]
        return super().gettext(message)  # NullTranslations asks its fallback


def profile_translations(search_path: tuple[Path, ...], lang: str) -> NullTranslations:
    """The profile's own labels, then briefgen's catalogue, for lang."""
    builtin = translations_for(lang)
    own = [t for folder in search_path for t in _folder_translations(folder, lang)]
    if not own:
        return builtin
    first = own[0]
    for later in [*own[1:], builtin]:
        first.add_fallback(later)
    return first


def has_translation(translations: NullTranslations, message: str) -> bool:
    """Whether message is translated anywhere along the chain (not just echoed back)."""
    chain: NullTranslations | None = translations
    while chain is not None:
        if isinstance(chain, LabelTranslations) and message in chain.labels:
            return True
        if isinstance(chain, GNUTranslations) and message in chain._catalog:  # type: ignore[attr-defined]
            return True
        chain = chain._fallback  # type: ignore[attr-defined]
    return False


def _folder_translations(folder: Path, lang: str) -> list[NullTranslations]:
    found: list[NullTranslations] = []
    labels = folder / LABELS_FILE
    if labels.is_file() and lang != SOURCE_LANGUAGE:
        found.append(LabelTranslations(read_labels(labels).get(lang, {})))
    po = folder / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.is_file():
        found.append(_compiled(po, lang))
    return found


def _compiled(path: Path, lang: str) -> GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    _confined(path)
    if path.stat().st_size > MAX_CATALOGUE_BYTES:
        raise ProfileError(
            f"{display_path(path)}: a catalogue may be at most "
            f"{MAX_CATALOGUE_BYTES // 1_048_576} MB"
        )
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
    except Exception as exc:  # babel raises plain errors for a broken file
        raise ProfileError(f"{display_path(path)}: cannot read the catalogue: {exc}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """labels.yaml as {lang: {English label: translation}}; path:line:column on a mistake."""
    from briefgen.yamlio import YamlProblem, load_yaml

    _confined(path)
    shown = display_path(path)
    try:
        loaded = load_yaml(path)
    except YamlProblem as exc:
        raise ProfileError(str(Problem(shown, exc.line, exc.column, "", exc.message))) from None
    if not isinstance(loaded.data, list):
        raise ProfileError(f"{shown}:1:1: expected a list of labels, each {{en: …, th: …}}")
    problems: list[Problem] = []
    labels: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(loaded.data):
        line, column = loaded.locate((index,)) or (None, None)
        where = f"[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get(SOURCE_LANGUAGE), str):
            message = "expected a label {en: …, th: …}, with the English as the template writes it"
            problems.append(Problem(shown, line, column, where, message))
            continue
        for code, text in entry.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
                message = f"'{code}' is not a language code; use codes such as en or th"
                problems.append(Problem(shown, line, column, where, message))
            elif not isinstance(text, str) or not text.strip():
                message = f"the {code} text must be a non-empty string"
                problems.append(Problem(shown, line, column, f"{where}.{code}", message))
            else:
                labels.setdefault(code, {})[entry[SOURCE_LANGUAGE]] = text
    if problems:
        raise ProfileError("\n".join(str(p) for p in problems))
    return labels


def _confined(path: Path) -> None:
    folder = path.parent if path.name == LABELS_FILE else path.parents[3]
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise ProfileError(
            f"{display_path(path)}: is a link to a file outside {display_path(folder)}; refused"
        ) from None
