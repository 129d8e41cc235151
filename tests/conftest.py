"""Shared fixtures: workspaces made from the spec's example files, and a CLI runner.

Messages name files relative to the working folder, so every test that reads messages runs
in tmp_path (the `workspace` fixture changes into it), where the workspace is `ws/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from support import SPEC, FileContent, MakeWorkspace, write_files
from typer.testing import CliRunner, Result

from briefgen.ui import console


@pytest.fixture(autouse=True)
def no_workers_kept() -> Iterator[None]:
    """Layout workers kept during a test (the web app keeps them) end with it, so that the
    next test starts with none and counts only its own children."""
    yield
    from briefgen.render import workers

    workers.close()


@pytest.fixture
def make_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeWorkspace:
    """make_workspace(files={...}, base=SPEC, name="ws"): a copy of base in tmp_path, with
    files added, replaced (text or bytes) or deleted (None). The test runs in tmp_path, so
    messages read `ws/meetings/x.yaml:…`."""
    monkeypatch.chdir(tmp_path)

    def make(
        files: Mapping[str, FileContent] | None = None,
        *,
        base: Path | None = SPEC,
        name: str = "ws",
        only: list[str] | None = None,
    ) -> Path:
        root = tmp_path / name
        if base is None:
            root.mkdir()
        elif only is not None:
            root.mkdir()
            for relative in only:
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(base / relative, root / relative)
        else:
            shutil.copytree(base, root)
        write_files(root, files or {})
        return Path(name)

    return make


@pytest.fixture
def workspace(make_workspace: MakeWorkspace) -> Path:
    """The spec's example workspace, as is, at ./ws."""
    return make_workspace()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """cli("validate", "--data", "ws"): run the app as a user would, stdout and stderr apart
    (result.stdout, result.stderr; result.output has both)."""
    from briefgen.cli import app

    # Plain, unwrapped, colourless text whatever the terminal the tests run in says.
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "BRIEFGEN_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    console.out_console.cache_clear()
    console.err_console.cache_clear()
    runner = CliRunner()

    def run(*args: str, env: Mapping[str, str] | None = None) -> Result:
        console.out_console.cache_clear()
        console.err_console.cache_clear()
        return runner.invoke(app, list(args), env=dict(env or {}))

    yield run
    console.out_console.cache_clear()
    console.err_console.cache_clear()
