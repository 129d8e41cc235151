"""`briefgen templates init`: give a ministry its own copy of a profile to edit.

The copy holds the profile, its letterhead, theme, logo and Word reference document, and the
thin document templates a ministry overrides block by block. The layouts stay built-in, so
improvements to them still reach a ministry that has customised its pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.errors import InputError, display_path
from briefgen.profiles import builtin_ministries, builtin_templates, check_name, read_profile

# What a ministry edits; layouts/ is inherited through the search path.
EDITABLE = (
    "profile.yaml",
    "letterhead.html.j2",
    "theme.css",
    "reference.docx",
    "brief.html.j2",
    "talking-points.html.j2",
    "annex.html.j2",
    "mail.txt.j2",
)
# Files a profile has once per language: every one the source profile (or default) has is
# copied, so that a copy keeps, say, its Thai cover note rather than falling back to English.
PER_LANGUAGE = ("mail.*.txt.j2", "labels.yaml", "locales/*/LC_MESSAGES/*.po")


def init_templates(name: str, source: str | None, workspace: Path) -> list[Path]:
    """Copy a built-in profile into the workspace's templates/<name>/. Without `source`, the
    built-in profile of the same name (to adjust mfa itself), else the neutral default."""
    check_name("ministry", name)
    builtin, ministries = builtin_templates(), builtin_ministries()
    if source is None:
        source = name if name in ministries else "default"
    check_name("ministry", source)
    if source not in ministries:
        known = ", ".join(ministries)
        raise InputError(f"--from: unknown built-in ministry '{source}'; known: {known}")
    origin = builtin / source
    target = workspace / "templates" / name
    if target.exists() or target.is_symlink():
        raise InputError(f"{target} already exists; edit it, or remove it to start again")
    _refuse_links_out(workspace, target)
    target.mkdir(parents=True)
    copied = []
    for file_name in [*EDITABLE, *_per_language(origin, builtin / "default")]:
        candidates = (folder / file_name for folder in (origin, builtin / "default"))
        found = next((c for c in candidates if c.is_file()), None)
        if found is not None:
            (target / file_name).parent.mkdir(parents=True, exist_ok=True)
            copied.append(Path(shutil.copy2(found, target / file_name)))
    logo = _logo_name(origin / "profile.yaml")
    if logo and (origin / logo).is_file():
        copied.append(Path(shutil.copy2(origin / logo, target / logo)))
    return copied


def _per_language(*folders: Path) -> list[str]:
    """The per-language files of the folders, by their path inside the folder."""
    names = {
        str(found.relative_to(folder))
        for folder in folders
        for pattern in PER_LANGUAGE
        for found in folder.glob(pattern)
        if found.is_file()
    }
    return sorted(names)


def _refuse_links_out(workspace: Path, target: Path) -> None:
    """Refuse a templates/ (or templates/<name>) that is a link leading out of the
    workspace: the copy would be written wherever it points."""
    root = workspace.resolve()
    for folder in (target.parent, target):
        if (folder.exists() or folder.is_symlink()) and not folder.resolve().is_relative_to(root):
            raise InputError(
                f"{display_path(folder)} is a link to a folder outside the workspace; refused"
            )


def _logo_name(profile_file: Path) -> str | None:
    return read_profile(profile_file).logo
