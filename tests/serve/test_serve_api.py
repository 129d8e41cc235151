"""`briefgen serve`: the JSON API and the gate (token, Host, CSRF, traversal), through HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from serve_helpers import AS_OF, TOKEN, settings_for
from starlette.testclient import TestClient
from support import REPO

from briefgen.serve.app import create_app
from briefgen.serve.security import COOKIE, csrf_token

SEEDS = REPO / "seeds"
MEETING = "2024-02-28-th-us-2plus2"
AUTH = {"Authorization": f"Token {TOKEN}"}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def client(workspace: Path, tmp_path: Path) -> TestClient:
    app = create_app(settings_for(workspace, tmp_path / "out", max_upload=64 * 1024))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def meeting_file(workspace: Path) -> Path:
    return workspace / "meetings" / f"{MEETING}.yaml"


@pytest.mark.parametrize(
    "path", ["/", "/api/counterparts", "/counterparts/US", "/pack", "/files/x.pdf", "/ingest"]
)
def test_without_the_token_nothing_is_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 403
    assert "United States" not in response.text
    wrong = client.get(path, headers={"Authorization": "Token not-the-token"})
    assert wrong.status_code == 403
    assert client.get(f"{path}?token=wrong").status_code == 403
    assert client.get(f"{path}?token=%E0%B9%84%E0%B8%97%E0%B8%A2").status_code == 403
    assert (
        client.get(
            path, headers={"Authorization": "Token \u00e9t\u00e9".encode("latin-1")}
        ).status_code
        == 403
    )
    assert (
        client.get(
            path, headers={"Cookie": "briefgen-session=\u00e9".encode("latin-1")}
        ).status_code
        == 403
    )


def test_a_post_without_the_token_changes_nothing(client: TestClient, workspace: Path) -> None:
    before = meeting_file(workspace).read_bytes()
    response = client.post(
        f"/api/meetings/{MEETING}/commitments/1/updates", json={"date": "2025-12-01"}
    )
    assert response.status_code == 403
    assert meeting_file(workspace).read_bytes() == before


def test_static_files_need_no_token(client: TestClient) -> None:
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_the_token_once_in_the_address_becomes_a_strict_cookie(client: TestClient) -> None:
    response = client.get(f"/?token={TOKEN}&lang=th", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?lang=th"  # the token leaves the address
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/?lang=th")
    assert page.status_code == 200
    assert "ภาพรวม" in page.text  # the dashboard, in Thai


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil:80"])
def test_a_foreign_host_is_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/counterparts", headers={**AUTH, "Host": host})
    assert response.status_code == 403
    assert response.text == "Host not allowed"


def test_loopback_names_are_allowed(client: TestClient) -> None:
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000"):
        assert client.get("/api/counterparts", headers={**AUTH, "Host": host}).status_code == 200


def test_counterparts(client: TestClient) -> None:
    response = client.get("/api/counterparts", headers=AUTH)
    assert response.status_code == 200
    us = next(row for row in response.json() if row["code"] == "US")
    assert us == {
        "code": "US",
        "name": "United States",
        "next_meeting": "2026-12-10",
        "open": 29,
        "overdue": 4,
    }


@pytest.mark.parametrize(
    "name",
    [
        "../ws/topics.yaml",
        "..%2Fws%2Ftopics.yaml",
        "%2E%2E%2Fws%2Ftopics.yaml",
        "%2E%2E",
        ".hidden",
        "%2Fetc%2Fpasswd",
        "..%5Cws%5Ctopics.yaml",
    ],
)
def test_traversal_through_files_is_refused(client: TestClient, name: str) -> None:
    response = client.get(f"/files/{name}", headers=AUTH)
    assert response.status_code == 404
    assert "topics" not in response.text and "root:" not in response.text


def test_a_link_out_of_the_output_folder_is_not_followed(
    client: TestClient, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link.yaml").symlink_to(workspace / "topics.yaml")
    (out / "real.pdf").write_bytes(b"%PDF-1.7 test")
    assert client.get("/files/link.yaml", headers=AUTH).status_code == 404
    served = client.get("/files/real.pdf", headers=AUTH)
    assert served.status_code == 200 and served.content == b"%PDF-1.7 test"


@pytest.mark.parametrize(
    ("update", "message"),
    [
        (
            {"date": "2568-12-01", "status": "done"},
            "commitments[0].updates[0].date: year 2568 looks like a Buddhist-Era year; "
            "write the Common-Era date 2025-12-01",
        ),
        (
            {"date": "2025-12-01", "status": "finished"},
            "commitments[0].updates[0].status: unknown value 'finished'; "
            "use one of: open, in-progress, done, dropped",
        ),
    ],
)
def test_an_invalid_update_is_refused_with_the_validators_message(
    client: TestClient, workspace: Path, update: dict[str, str], message: str
) -> None:
    before = meeting_file(workspace).read_bytes()
    response = client.post(
        f"/api/meetings/{MEETING}/commitments/1/updates", json=update, headers=AUTH
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert re.fullmatch(rf"ws/meetings/{MEETING}\.yaml:\d+:\d+: " + re.escape(message), errors[0])
    assert errors[-1] == "1 problem in the records"
    assert meeting_file(workspace).read_bytes() == before


def test_a_commitment_that_does_not_exist_is_refused(client: TestClient, workspace: Path) -> None:
    response = client.post(
        f"/api/meetings/{MEETING}/commitments/99/updates",
        json={"date": "2025-12-01"},
        headers=AUTH,
    )
    assert response.status_code == 422
    assert "there is no commitment 99" in response.json()["errors"][0]


def test_a_valid_update_keeps_every_comment_and_changes_the_counts(
    client: TestClient, workspace: Path
) -> None:
    path = meeting_file(workspace)
    before = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments
    # The 3rd commitment (Raimondo's visit, due March 2024) is overdue on AS_OF.
    response = client.post(
        f"/api/meetings/{MEETING}/commitments/3/updates",
        json={"date": "2025-12-01", "status": "done", "note": "Visit took place"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    after = path.read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == comments
    # Only lines were added: the rest of the file is as it was, line for line.
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        "    updates:",
        "      - date: 2025-12-01",
        "        status: done",
        "        note: Visit took place",
    ]
    us = next(r for r in client.get("/api/counterparts", headers=AUTH).json() if r["code"] == "US")
    assert us["overdue"] == 3


def test_a_form_post_needs_the_csrf_token(client: TestClient, workspace: Path) -> None:
    before = meeting_file(workspace).read_bytes()
    form = {"date": "2025-12-01", "status": "done", "counterpart": "US"}
    url = f"/meetings/{MEETING}/commitments/4/updates"
    assert client.post(url, data=form, headers=AUTH).status_code == 403
    assert client.post(url, data={**form, "csrf": "0" * 64}, headers=AUTH).status_code == 403
    assert meeting_file(workspace).read_bytes() == before
    done = client.post(
        url, data={**form, "csrf": csrf_token(TOKEN)}, headers=AUTH, follow_redirects=False
    )
    assert done.status_code == 303
    assert meeting_file(workspace).read_bytes() != before


def test_a_refused_form_shows_the_message_and_changes_nothing(
    client: TestClient, workspace: Path
) -> None:
    before = meeting_file(workspace).read_bytes()
    response = client.post(
        f"/meetings/{MEETING}/commitments/4/updates",
        data={"date": "2568-12-01", "counterpart": "US", "csrf": csrf_token(TOKEN)},
        headers=AUTH,
    )
    assert response.status_code == 422
    assert "looks like a Buddhist-Era year; write the Common-Era date 2025-12-01" in response.text
    assert meeting_file(workspace).read_bytes() == before


def test_an_upload_over_the_cap_is_refused(client: TestClient) -> None:
    response = client.post(
        "/ingest",
        files={"file": ("big.html", b"x" * (65 * 1024), "text/html")},
        data={"csrf": csrf_token(TOKEN)},
        headers=AUTH,
    )
    assert response.status_code == 413


def test_the_log_has_one_line_per_request_without_the_token(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="briefgen.serve"):
        client.get(f"/api/counterparts?token={TOKEN}", follow_redirects=False)
        client.get("/api/counterparts", headers=AUTH)
    lines = [r.getMessage() for r in caplog.records if r.name == "briefgen.serve"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /api/counterparts 303 ")
    assert lines[1].startswith("GET /api/counterparts 200 ")
    assert all(TOKEN not in line for line in caplog.text.splitlines())


def test_pages_in_english_and_thai(client: TestClient) -> None:
    for lang, dashboard, overdue in (("en", "Dashboard", "Overdue"), ("th", "ภาพรวม", "เกินกำหนด")):
        page = client.get(f"/?lang={lang}", headers=AUTH)
        assert page.status_code == 200
        assert f"<h1>{dashboard}" in page.text and overdue in page.text
        counterpart = client.get("/counterparts/US", headers=AUTH)
        assert counterpart.status_code == 200 and "<svg" in counterpart.text
    assert AS_OF.isoformat() in client.get("/counterparts/US", headers=AUTH).text


def test_the_dashboard_lists_the_workspaces_problems_with_file_and_line(
    client: TestClient, workspace: Path
) -> None:
    path = meeting_file(workspace)
    path.write_text(path.read_text(encoding="utf-8").replace("status: held", "status: hled", 1))
    page = client.get("/", headers=AUTH)
    assert page.status_code == 200
    assert re.search(
        rf"ws/meetings/{MEETING}\.yaml:\d+:\d+: status: unknown value &#39;hled&#39;", page.text
    )
    assert client.get("/api/counterparts", headers=AUTH).status_code == 409


def test_serve_refuses_a_missing_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from briefgen.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["serve", "--data", "nowhere", "--token", "x"])
    assert result.exit_code == 1
    assert result.output.strip() == "nowhere: no such workspace folder (give one with --data)"


def test_the_api_takes_json_only(client: TestClient, workspace: Path) -> None:
    before = meeting_file(workspace).read_bytes()
    response = client.post(
        f"/api/meetings/{MEETING}/commitments/3/updates",
        content=b'{"date": "2025-12-01", "status": "done"}',
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert response.status_code == 400
    assert meeting_file(workspace).read_bytes() == before


def test_a_websocket_is_closed(client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/", headers=AUTH) as ws:
        ws.receive_text()
