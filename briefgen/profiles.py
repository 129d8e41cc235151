"""Ministry profiles: who the pack is from, and how it is dressed.

A profile lives in `templates/<ministry>/profile.yaml`. Templates, logos and the Word
reference document are found along a search path, first match wins:

    <workspace>/templates/<ministry>/
    -> built-in templates/<ministry>/
    -> built-in templates/default/

so a ministry overrides one file, or one Jinja block, and inherits the rest.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from briefgen.errors import InputError, Problem, ProfileError, display_path
from briefgen.markings import Classification, PdfVariant
from briefgen.textvalue import Code, LocalText
from briefgen.validation import describe_error, field_path
from briefgen.yamlio import YamlProblem, load_yaml

SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


def _font_name(value: Any) -> Any:
    """A font family name: it is written into CSS and PDF names, so no punctuation."""
    if isinstance(value, str) and not (
        0 < len(value) <= 64 and all(c.isalnum() or c in " -_." for c in value)
    ):
        raise PydanticCustomError(
            "font_name",
            "'{value}' is not a font name; use letters, digits, spaces, '-', '_' and '.'",
            {"value": value},
        )
    return value


FontName = Annotated[str, BeforeValidator(_font_name)]


class PdfFonts(Strict):
    family: FontName = "Sarabun"
    size_pt: float = Field(default=10.5, ge=9, le=20, allow_inf_nan=False)
    # The body text's CSS line-height. The DOCX's exact line pitch is size_pt x line_height,
    # so this one number sets the line spacing of both formats.
    line_height: float = Field(default=1.28, ge=1, le=2.5, allow_inf_nan=False)


class DocxFonts(Strict):
    latin: FontName = "Sarabun"
    complex: FontName = "Sarabun"
    size_pt: float = Field(default=10.5, ge=8, le=20, allow_inf_nan=False)
    # A Thai font such as TH Sarabun New draws smaller than Sarabun at the same size (16 pt
    # of it matches Sarabun's 10.5); see the README's "Thai typography".
    complex_size_pt: float = Field(default=10.5, ge=8, le=30, allow_inf_nan=False)


# A margin of a page: a finite number of millimetres, none wider than a tenth of a metre.
Millimetres = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Margins(Strict):
    top: Millimetres = 20
    right: Millimetres = 20
    bottom: Millimetres = 20
    left: Millimetres = 20


class Page(Strict):
    size: Literal["A4", "Letter"] = "A4"
    margins_mm: Margins = Field(default_factory=Margins)


def _file_name(value: Any) -> Any:
    """A file in the ministry's folder (logo.svg, img/logo.png), never a path out of it."""
    if isinstance(value, str) and (
        not value.strip() or Path(value).is_absolute() or ".." in Path(value).parts
    ):
        raise PydanticCustomError(
            "file_name",
            "'{value}' must be a file name in the ministry's folder, such as logo.svg",
            {"value": value},
        )
    return value


class Profile(Strict):
    name: LocalText
    short_name: LocalText | None = None
    logo: Annotated[str, BeforeValidator(_file_name)] | None = None
    home: Code = "TH"
    language: str = "en"
    classification: Classification = "none"
    fonts_pdf: PdfFonts = Field(default_factory=PdfFonts)
    fonts_docx: DocxFonts = Field(default_factory=DocxFonts)
    page: Page = Field(default_factory=Page)
    native_digits: bool = True
    native_digits_in_tables: bool = True
    date_style: Literal["long", "short"] = "long"
    # A unit fixed in a ministry's own profile; the workspace's briefgen.yaml names the desk's
    # own, which comes first. The footer shows the ministry's name and the unit.
    unit: LocalText | None = None
    footer: LocalText | None = None  # the whole footer line, instead of ministry · unit
    accent_color: str = Field(default="#1f3a5f", pattern=r"^#[0-9a-fA-F]{6}$")
    pdf_variant: PdfVariant | None = None
    # A header naming the e-mail's marking for mail gateways, e.g. X-Classification.
    mail_classification_header: str | None = Field(default=None, pattern=r"^X-[A-Za-z0-9-]{1,60}$")

    # Set by load_profile, never by the file: where this profile's files are looked up.
    _ministry: str = PrivateAttr(default="default")
    _search_path: list[Path] = PrivateAttr(default_factory=list)

    @property
    def ministry(self) -> str:
        return self._ministry

    @property
    def search_path(self) -> list[Path]:
        return self._search_path

    def find(self, name: str) -> Path | None:
        """The first file called name along the search path, never outside its folder: a
        link out of it is refused, not skipped."""
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ProfileError(f"'{name}' must be a file name in the ministry's folder")
        for folder in self.search_path:
            candidate = folder / name
            if candidate.is_file():
                if not is_inside(candidate, folder):
                    raise ProfileError(
                        f"{display_path(candidate)}: is a link to a file outside "
                        f"{display_path(folder)}; refused"
                    )
                return candidate
        return None

    def logo_file(self) -> Path | None:
        """The logo the profile names, found along its search path; None for no logo."""
        if not self.logo:
            return None
        path = self.find(self.logo)
        if path is None:
            folders = ", ".join(display_path(f) for f in self.search_path)
            raise ProfileError(
                f"logo '{self.logo}' named in the {self.ministry} profile is not in {folders}"
            )
        return path


@functools.cache
def builtin_templates() -> Path:
    """Built-in templates: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "default" / "profile.yaml").is_file():
            return candidate
    raise ProfileError(f"built-in templates are missing from {package}; reinstall briefgen")


def check_name(kind: str, name: str) -> str:
    if not SAFE_NAME.fullmatch(name):
        raise InputError(
            f"{kind} name '{name}' is not allowed; use lower-case letters, digits, '-' and '_'"
        )
    return name


def search_path(ministry: str, workspace: Path) -> list[Path]:
    builtin = builtin_templates()
    local = workspace.resolve() / "templates" / ministry
    if local.exists() and not is_inside(local, workspace):
        raise ProfileError(
            f"{display_path(local)}: is a link to a folder outside the workspace; refused"
        )
    folders = [local, builtin / ministry, builtin / "default"]
    unique: list[Path] = []
    for folder in folders:
        if folder.is_dir() and folder not in unique:
            unique.append(folder)
    return unique


def builtin_ministries() -> list[str]:
    return sorted(p.name for p in builtin_templates().iterdir() if (p / "profile.yaml").is_file())


def known_ministries(workspace: Path) -> list[str]:
    names = set(builtin_ministries())
    local = workspace / "templates"
    if local.is_dir():
        names |= {p.name for p in local.iterdir() if p.is_dir()}
    return sorted(names)


def load_profile(ministry: str, workspace: Path) -> Profile:
    check_name("ministry", ministry)
    folders = search_path(ministry, workspace)
    own = [f for f in folders if f.name == ministry]
    if not own:
        known = ", ".join(known_ministries(workspace))
        raise InputError(f"unknown ministry '{ministry}'; known ministries: {known}")
    profile_file = next(
        (f / "profile.yaml" for f in folders if (f / "profile.yaml").is_file()), None
    )
    if profile_file is None:
        raise ProfileError(f"no profile.yaml for ministry '{ministry}'")
    profile = read_profile(profile_file)
    profile._ministry = ministry
    profile._search_path = folders
    from briefgen.fallbacks import stamp
    from briefgen.settings import load_settings

    stamp(profile, profile_file)
    desk_unit = load_settings(workspace).unit
    if desk_unit is not None:
        profile.unit = desk_unit
    return profile


def read_profile(path: Path) -> Profile:
    shown = display_path(path)
    if not is_inside(path, path.parent):
        raise ProfileError(f"{shown}: profile.yaml may not be a link out of its folder")
    try:
        loaded = load_yaml(path)
    except YamlProblem as exc:
        raise ProfileError(str(Problem(shown, exc.line, exc.column, "", exc.message))) from None
    if not isinstance(loaded.data, dict):
        raise ProfileError(f"{shown}:1:1: a profile must be a mapping of settings")
    try:
        return Profile.model_validate(loaded.data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False):
            message, at_key = describe_error(Profile, error)
            loc = tuple(error["loc"])
            line, column = (loaded.locate_key(loc) if at_key else loaded.locate(loc)) or (
                None,
                None,
            )
            lines.append(str(Problem(shown, line, column, field_path(loc), message)))
        raise ProfileError("\n".join(lines)) from None


def is_inside(path: Path, folder: Path) -> bool:
    """Whether path, with every symlink resolved, stays inside folder."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
