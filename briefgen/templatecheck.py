"""`briefgen templates check`: render every document of a ministry's pack with the
workspace's records, and report what a ministry's edits broke.

It reports template errors with file and line, missing Word styles, a missing logo, and
whether the background brief still fits one page, and what it had to leave out to fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from briefgen.build import MakeOptions, compose, prepare, render_pack
from briefgen.catalogs import LABELS_FILE
from briefgen.errors import BriefgenError, display_path
from briefgen.profiles import Profile, known_ministries
from briefgen.records import Workspace
from briefgen.store import load_workspace


@dataclass
class CheckReport:
    ministry: str
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def ministries_to_check(name: str | None, workspace: Path) -> list[str]:
    if name:
        return [name]
    local = workspace / "templates"
    own = sorted(p.name for p in local.iterdir() if p.is_dir()) if local.is_dir() else []
    return own or known_ministries(workspace)


def sample_counterpart(workspace: Workspace, home: str, as_of: date) -> str | None:
    """A counterpart with a planned meeting, else any with a meeting, to render with."""
    planned = [m for m in workspace.meetings if m.is_upcoming(as_of)]
    for meeting in [*planned, *reversed(workspace.meetings)]:
        others = [code for code in meeting.parties if code != home]
        if home in meeting.parties and others:
            return others[0]
    return None


def check_ministry(ministry: str, data: Path, as_of: date, lang: str | None) -> CheckReport:
    report = CheckReport(ministry)
    workspace = load_workspace(data)
    try:
        from briefgen.profiles import load_profile

        profile = load_profile(ministry, data)
        counterpart = sample_counterpart(workspace, profile.home, as_of)
        if counterpart is None:
            report.problems.append(f"{ministry}: no meeting with {profile.home} to render with")
            return report
        options = MakeOptions(
            counterpart=counterpart,
            data=data,
            out=Path("."),
            as_of=as_of,
            lang=lang,
            ministry=ministry,
        )
        prepared = prepare(options)
        rendered = render_pack(prepared, compose(prepared, options))
    except BriefgenError as exc:
        report.problems += [f"{ministry}: {line}" for line in exc.lines()]
        return report
    shown = ", ".join(str(f) for f in profile.search_path)
    report.notes.append(f"{ministry}: templates found along {shown}")
    report.notes.append(
        f"{ministry}: rendered {len(rendered.outputs)} files for {counterpart} in {prepared.lang}"
    )
    if rendered.brief.omitted:
        report.notes.append(
            f"{ministry}: the brief fits one page after leaving out "
            + ", ".join(rendered.brief.omitted)
        )
    else:
        report.notes.append(f"{ministry}: the brief fits one page with nothing left out")
    report.problems += [f"{ministry}: {line}" for line in prepared.renderer.policy.refusals]
    untranslated = untranslated_labels(profile, prepared.lang)
    report.problems += [f"{ministry}: {line}" for line in untranslated]
    return report


def untranslated_labels(profile: Profile, lang: str) -> list[str]:
    """Every label a template of the profile uses, by _(), that has no translation in lang:
    neither in the profile's own labels nor in briefgen's catalogue. One line each, at the
    template's file and line."""
    from jinja2.ext import babel_extract

    from briefgen.catalogs import SOURCE_LANGUAGE, has_translation, profile_translations
    from briefgen.fallbacks import language_name

    if lang == SOURCE_LANGUAGE:
        return []
    translations = profile_translations(tuple(profile.search_path), lang)
    where = profile.search_path[0] / LABELS_FILE
    lines = []
    for template in _templates_in_use(profile.search_path):
        try:
            with template.open("rb") as handle:
                found = list(
                    babel_extract(handle, ("_", "gettext"), [], {"extensions": "jinja2.ext.i18n"})
                )
        except Exception:  # a template that does not parse: rendering reports it
            continue
        for line, _function, message, _comments in found:
            if isinstance(message, str) and not has_translation(translations, message):
                lines.append(
                    f"{display_path(template)}:{line}: label '{message}' has no "
                    f"{language_name(lang)} translation; add it to {display_path(where)}"
                )
    return lines


def _templates_in_use(search_path: list[Path]) -> list[Path]:
    """Each template name's first file along the search path: the one that is rendered."""
    chosen: dict[Path, Path] = {}
    for folder in search_path:
        for template in sorted(folder.rglob("*.j2")):
            chosen.setdefault(template.relative_to(folder), template)
    return list(chosen.values())
