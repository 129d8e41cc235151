"""A desk's own settings: `briefgen.yaml` at the workspace root, optional.

What belongs to the desk rather than to the ministry's look lives here: the unit's name in
each language (shown after the ministry's name in the footer), the ministry profile, language
and classification a pack takes when the command line names none, and the sender and reply-to
addresses of `briefgen mail`. Checked like the records: unknown keys and bad values are
refused with file, line and column.

    unit: {en: Department of East Asian Affairs, th: กรมเอเชียตะวันออก}
    ministry: mfa
    language: th
    classification: confidential
    mail:
      from: East Asia Desk <eastasia@example.go.th>
      reply_to: eastasia-team@example.go.th
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from briefgen.errors import BriefgenError, Problem, display_path
from briefgen.markings import Classification
from briefgen.textvalue import LANGUAGE_CODE, LocalText, PlainText
from briefgen.validation import describe_error, field_path
from briefgen.yamlio import YamlProblem, load_yaml

SETTINGS_FILE = "briefgen.yaml"
_SAFE_NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class SettingsError(BriefgenError):
    """briefgen.yaml is invalid: one line per problem."""


def _language(value: Any) -> Any:
    if isinstance(value, str) and not LANGUAGE_CODE.fullmatch(value):
        raise PydanticCustomError(
            "bad_language",
            "'{value}' is not a language code; use codes such as en or th",
            {"value": value},
        )
    return value


def _ministry(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(_SAFE_NAME, value):
        raise PydanticCustomError(
            "bad_ministry",
            "'{value}' is not a ministry profile name; use lower-case letters, digits, '-' and '_'",
            {"value": value},
        )
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, populate_by_name=True)


class MailSettings(Strict):
    sender: PlainText | None = Field(default=None, alias="from")
    reply_to: PlainText | None = None


class Settings(Strict):
    unit: LocalText | None = None
    ministry: Annotated[str, BeforeValidator(_ministry)] | None = None
    language: Annotated[str, BeforeValidator(_language)] | None = None
    classification: Classification | None = None
    mail: MailSettings = Field(default_factory=MailSettings)


def settings_file(workspace: Path) -> Path:
    return workspace / SETTINGS_FILE


def load_settings(workspace: Path) -> Settings:
    """The workspace's settings; all defaults when it has no briefgen.yaml."""
    settings, problems = read_settings(workspace)
    if problems:
        raise SettingsError("\n".join(str(problem) for problem in problems))
    return settings


def read_settings(workspace: Path) -> tuple[Settings, list[Problem]]:
    """The workspace's settings and every problem in briefgen.yaml (the defaults then), so
    that `validate` reports them with the records' own."""
    path = settings_file(workspace)
    if not path.is_file():
        return Settings(), []
    shown = display_path(path)
    try:
        if not path.resolve().is_relative_to(workspace.resolve()):
            return Settings(), [
                Problem(shown, message="is a link to a file outside the workspace; refused")
            ]
        loaded = load_yaml(path)
    except YamlProblem as exc:
        return Settings(), [Problem(shown, exc.line, exc.column, "", exc.message)]
    except OSError as exc:
        return Settings(), [Problem(shown, message=exc.strerror or str(exc))]
    if loaded.data is None:
        return Settings(), []
    if not isinstance(loaded.data, dict):
        message = "the settings must be a mapping of names to values"
        return Settings(), [Problem(shown, 1, 1, "", message)]
    try:
        settings = Settings.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message, at_key = describe_error(Settings, error)
            loc = tuple(error["loc"])
            place = loaded.locate_key(loc) if at_key else loaded.locate(loc)
            line, column = place or (None, None)
            problems.append(Problem(shown, line, column, field_path(loc), message))
        return Settings(), problems
    from briefgen.fallbacks import stamp

    stamp(settings, path)
    return settings, []


def desk_defaults(
    workspace: Path, ministry: str | None, lang: str | None, classification: str | None
) -> tuple[str, str | None, str | None]:
    """(ministry, language, classification): each as given on the command line, else as
    briefgen.yaml gives it; the ministry then defaults to `default`, and the language and
    classification (None) to the profile's."""
    desk = load_settings(workspace)
    return (
        ministry or desk.ministry or "default",
        lang or desk.language,
        classification or desk.classification,
    )
