"""`briefgen serve`: the pages that change records (plans, ingest) and make packs."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from serve_helpers import TOKEN, settings_for
from starlette.testclient import TestClient
from support import REPO, TESTS

from briefgen.serve import packs
from briefgen.serve.app import create_app
from briefgen.serve.security import csrf_token
from briefgen.store import load_workspace

ROOT = REPO
SEEDS = ROOT / "seeds"
RELEASES = TESTS / "fixtures" / "ingest"
PLANNED = "2026-12-10-th-us-2plus2"
AUTH = {"Authorization": f"Token {TOKEN}"}
CSRF = csrf_token(TOKEN)


def client_for(workspace: Path, out: Path) -> TestClient:
    return TestClient(create_app(settings_for(workspace, out)), base_url="http://127.0.0.1")


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "ws")
    return tmp_path / "ws"


def test_editing_a_planned_meetings_objectives_keeps_the_other_language(
    seeds: Path, tmp_path: Path
) -> None:
    client = client_for(seeds, tmp_path / "out")
    path = seeds / "meetings" / f"{PLANNED}.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get(f"/meetings/{PLANNED}/plans", headers=AUTH)
    assert page.status_code == 200
    objectives = re.search(r'<textarea name="objectives"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert objectives is not None
    lines = objectives.group(1).splitlines()
    assert len(lines) == 5
    lines[0] = "Agree to hold the Dialogue at ministerial level in 2027."
    form = {"csrf": CSRF, "objectives": "\n".join(lines[:4])}
    saved = client.post(
        f"/meetings/{PLANNED}/plans", data=form, headers=AUTH, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    meeting = load_workspace(seeds).meeting(PLANNED)
    assert meeting is not None
    assert len(meeting.objectives) == 4
    assert meeting.objectives[0].get("en")[0] == lines[0]
    # The Thai text of the edited objective stays as it was.
    assert meeting.objectives[0].get("th")[0].startswith("ให้ได้ข้อตกลง")
    after = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert comments == [line for line in after.splitlines() if line.startswith("#")]


def test_editing_a_talking_point_keeps_the_commitments_it_is_about(
    seeds: Path, tmp_path: Path
) -> None:
    client = client_for(seeds, tmp_path / "out")
    before = load_workspace(seeds).meeting(PLANNED)
    assert before is not None and before.talking_points["bilateral"][0].re
    page = client.get(f"/meetings/{PLANNED}/plans", headers=AUTH)
    found = re.search(r'<textarea name="points-bilateral"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert found is not None, "the plans page has a field for the bilateral points"
    lines = found.group(1).splitlines()
    lines[0] = "Propose the ministerial 2+2 for 2027."
    fields = re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page.text, re.S)
    form = {name: html.unescape(value) for name, value in fields}
    form.update({"csrf": CSRF, "points-bilateral": "\n".join(lines)})
    saved = client.post(
        f"/meetings/{PLANNED}/plans", data=form, headers=AUTH, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    after = load_workspace(seeds).meeting(PLANNED)
    assert after is not None
    point = after.talking_points["bilateral"][0]
    assert point.text.get("en")[0] == lines[0]
    assert point.re == before.talking_points["bilateral"][0].re
    assert point.text.get("th") == before.talking_points["bilateral"][0].text.get("th")


def test_ingest_a_pasted_release_review_and_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS / "counterparts", workspace / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", workspace / "topics.yaml")
    (workspace / "meetings").mkdir()
    for extra in (RELEASES / "counterparts").glob("*.yaml"):
        shutil.copy(extra, workspace / "counterparts" / extra.name)
    client = client_for(workspace, tmp_path / "out")
    text = (RELEASES / "mfa-en-th-jp-strategic-dialogue.txt").read_text(encoding="utf-8")
    draft = client.post("/ingest", data={"csrf": CSRF, "text": text}, headers=AUTH)
    assert draft.status_code == 200, draft.text
    assert "Needs a person&#39;s eye" in draft.text
    assert "# Drafted by briefgen ingest from text pasted into briefgen serve on " in draft.text
    draft_id = re.search(r'name="draft_id" value="(\w+)"', draft.text)
    yaml = re.search(r'<textarea name="yaml"[^>]*>(.*?)</textarea>', draft.text, re.S)
    assert draft_id and yaml
    assert list((workspace / "meetings").iterdir()) == []  # nothing written before saving
    import html

    edited = html.unescape(yaml.group(1)).replace("status: held", "status: held\n# reviewed")
    saved = client.post(
        "/ingest",
        data={"csrf": CSRF, "draft_id": draft_id.group(1), "yaml": edited},
        headers=AUTH,
    )
    assert saved.status_code == 200, saved.text
    written = list((workspace / "meetings").iterdir())
    assert len(written) == 1
    assert "# reviewed" in written[0].read_text(encoding="utf-8")
    assert list((workspace / "sources").iterdir())  # the source kept, as `briefgen ingest` does
    assert load_workspace(workspace).meetings


@pytest.mark.slow
def test_a_pack_through_the_api_and_its_files(seeds: Path, tmp_path: Path) -> None:
    client = client_for(seeds, tmp_path / "out")
    response = client.post(
        "/api/packs", json={"counterpart": "US", "lang": "th", "draft": True}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    made = response.json()
    names = [f["name"] for f in made["files"]]
    assert len(names) == 7 and all(name.startswith("2026-12-10_US_") for name in names)
    assert any("left out" in note for note in made["notes"])
    pack = next(f for f in made["files"] if f["name"].endswith("_briefing-pack_th.pdf"))
    assert int(pack["pages"]) >= 3
    download = client.get(pack["url"], headers=AUTH)
    assert download.status_code == 200
    (tmp_path / "pack.pdf").write_bytes(download.content)
    assert len(PdfReader(tmp_path / "pack.pdf").pages) == int(pack["pages"])
    refused = client.post("/api/packs", json={"counterpart": "ZZ"}, headers=AUTH)
    assert refused.status_code == 422
    assert refused.json()["errors"][0].startswith("unknown counterpart 'ZZ'")


@pytest.mark.slow
def test_the_pack_page_shows_previews(seeds: Path, tmp_path: Path) -> None:
    client = client_for(seeds, tmp_path / "out")
    page = client.post("/pack", data={"csrf": CSRF, "counterpart": "US"}, headers=AUTH)
    assert page.status_code == 200
    pictures = re.findall(r'src="(/pictures/[^"]+)"', page.text)
    assert len(pictures) >= 4  # the brief, and a thumbnail of each page of the pack
    names = [url.removeprefix("/pictures/") for url in pictures]
    # Named in the page, drawn only once the browser asks for each.
    assert all(isinstance(packs._pictures[name], tuple) for name in names)
    for url in pictures:
        picture = client.get(url, headers=AUTH)
        assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
        assert picture.content == client.get(url, headers=AUTH).content  # drawn once, kept
    assert all(isinstance(packs._pictures[name], bytes) for name in names)
    # The brief's picture is its first page, as the PDF shows it: an upright page.
    brief = Image.open(io.BytesIO(client.get(pictures[0], headers=AUTH).content))
    assert brief.height > brief.width
    preview = client.get("/counterparts/US/brief.png", headers=AUTH)
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")


def test_ingest_an_uploaded_html_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS / "counterparts", workspace / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", workspace / "topics.yaml")
    (workspace / "meetings").mkdir()
    client = client_for(workspace, tmp_path / "out")
    page = (RELEASES / "mfa-th-th-kh-joint-commission.html").read_bytes()
    draft = client.post(
        "/ingest",
        data={"csrf": CSRF, "text": ""},
        files={"file": ("joint-commission.html", page, "text/html")},
        headers=AUTH,
    )
    assert draft.status_code == 200, draft.text
    assert "# Drafted by briefgen ingest from joint-commission.html on " in draft.text
    assert "parties: [TH, KH]" in draft.text
    assert list((workspace / "meetings").iterdir()) == []
