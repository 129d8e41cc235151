"""`briefgen serve` as a process: its layout workers end with it, and so do its font folders,
whether it is stopped (SIGTERM, as a service manager does) or interrupted (Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from serve_helpers import free_port
from support import REPO, SEEDS, group_members

TOKEN = "process-test-token"


def pack(port: int) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/packs",
        data=json.dumps({"counterpart": "US"}).encode(),
        headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        made: dict[str, object] = json.loads(answer.read())
    return made


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_server_and_its_workers_end_together_and_leave_no_font_folder(
    tmp_path: Path, stop: signal.Signals
) -> None:
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "briefgen", "serve", "--data", str(SEEDS)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--token", TOKEN],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        log = ""
        while "ready" not in log:  # the warm-up is done: the workers have laid out a pack
            line = server.stderr.readline() if server.stderr else ""
            assert line, f"the server ended before it was ready: {log}"
            log += line
        assert len(pack(port)["files"]) == 7  # type: ignore[arg-type]
        workers = children_of(server.pid)
        assert len(workers) == 2  # the layout workers, and no child left of the pack
        assert list(tmp_path.glob("weasyprint-*"))
        if stop == signal.SIGINT:
            os.killpg(server.pid, stop)  # Ctrl-C reaches every process of the group
        else:
            os.kill(server.pid, stop)  # a service manager stops the server alone
        _, rest = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while group_members(server.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not group_members(server.pid), "a worker outlived the server"
    assert "Traceback" not in rest
    assert not list(tmp_path.glob("weasyprint-*")), "a font folder was left"
