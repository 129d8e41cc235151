"""The pages that make things: a pack with its pictures, and a record from a press release."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from briefgen.build import MakeOptions
from briefgen.errors import BriefgenError, InputError, display_path
from briefgen.profiles import known_ministries
from briefgen.serve import edits, packs, views
from briefgen.serve.web import checked_form, field, language, records, render, settings

CLASSIFICATIONS = ("", "none", "confidential", "secret", "top-secret")
KEPT_DRAFTS = 32
# ingest draft id -> (the source's copy in a temporary folder, counterpart), the latest kept
_drafts: OrderedDict[str, tuple[Path, str | None]] = OrderedDict()


def _hold(source: Path, counterpart: str | None) -> str:
    draft_id = secrets.token_hex(8)
    _drafts[draft_id] = (source, counterpart)
    while len(_drafts) > KEPT_DRAFTS:
        old, _ = _drafts.popitem(last=False)[1]
        shutil.rmtree(old.parent, ignore_errors=True)
    return draft_id


def pack_options(request: Request, values: dict[str, Any]) -> MakeOptions:
    """MakeOptions from a form or a JSON body, checked as the CLI checks its options."""
    from briefgen.markings import check_classification

    kept = settings(request)
    counterpart = str(values.get("counterpart") or "").strip()
    if not counterpart:
        raise InputError("give a counterpart")
    return MakeOptions(
        counterpart=counterpart,
        meeting=str(values.get("meeting") or "").strip() or None,
        as_of=kept.today(),
        lang=str(values.get("lang") or "").strip() or None,
        data=kept.data,
        out=kept.out,
        ministry=str(values.get("ministry") or kept.ministry).strip(),
        classification=check_classification(
            str(values.get("classification") or "") or None, "classification"
        ),
        draft=values.get("draft") in (True, "on", "true", "1"),
    )


async def pack_page(request: Request) -> Response:
    lang, kept = language(request), records(request)
    workspace = kept.workspace()
    made, problems = None, []
    chosen = {"counterpart": request.query_params.get("counterpart", "")}
    if request.method == "POST":
        form = await checked_form(request)
        if form is None:
            return PlainTextResponse("CSRF token missing or wrong", status_code=403)
        chosen = {key: field(form, key) for key in ("counterpart", "meeting", "lang", "ministry")}
        chosen["classification"] = field(form, "classification")
        chosen["draft"] = "on" if field(form, "draft") else ""
        try:
            options = pack_options(request, chosen)
            made = await run_in_threadpool(packs.make_pack, options, workspace)
        except BriefgenError as exc:
            problems = exc.lines()
    today = settings(request).today()
    planned = [
        m for m in workspace.meetings if m.status == "planned" and m.date.last_day() >= today
    ]
    return render(
        request,
        "pack.html",
        status=422 if problems else 200,
        counterparts=views.counterpart_lines(workspace, kept.profile.home, today, lang),
        planned=[
            (m.key, views.text(m.title, lang), views.show_date(m.date, lang)) for m in planned
        ],
        ministries=_ministries(request),
        classifications=CLASSIFICATIONS,
        chosen=chosen,
        made=made,
        problems=problems,
    )


async def brief_png(request: Request) -> Response:
    """The brief for the counterpart's next meeting, as it stands now, as a PNG."""
    kept = records(request)
    options = pack_options(
        request, {"counterpart": request.path_params["code"], "lang": language(request)}
    )
    name = await run_in_threadpool(packs.brief_preview, options, kept.workspace())
    return picture_response(name)


async def picture(request: Request) -> Response:
    return await run_in_threadpool(picture_response, request.path_params["name"])


def picture_response(name: str) -> Response:
    png = packs.picture(name)
    if png is None:
        return PlainTextResponse("no such picture", status_code=404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


async def ingest_page(request: Request) -> Response:
    from briefgen.ingest import ingest

    kept = records(request)
    draft: Any = None
    problems: list[str] = []
    text, draft_id, saved, pasted, counterpart = "", "", None, "", None
    if request.method == "POST":
        form = await checked_form(request)
        if form is None:
            return PlainTextResponse("CSRF token missing or wrong", status_code=403)
        counterpart = field(form, "counterpart") or None
        pasted = field(form, "text")
        try:
            if field(form, "draft_id"):
                saved = await run_in_threadpool(_save, kept.settings.data, form, ingest)
            else:
                source, label = await _source(form)
                draft_id = _hold(source, counterpart)
                draft = await run_in_threadpool(
                    ingest, source, kept.settings.data, counterpart, True
                )
                # The header names the source as the officer knows it, not its temporary copy.
                text = draft.yaml.replace(display_path(source), label, 1)
        except BriefgenError as exc:
            problems = exc.lines()
            text, draft_id = field(form, "yaml"), field(form, "draft_id")
    return render(
        request,
        "ingest.html",
        status=422 if problems else 200,
        draft=draft,
        yaml_text=text,
        draft_id=draft_id,
        problems=problems,
        saved=saved,
        pasted=pasted,
        counterpart=counterpart or "",
    )


async def _source(form: Any) -> tuple[Path, str]:
    """The release in a temporary file, and how to name it to the officer."""
    upload = form.get("file")
    folder = Path(tempfile.mkdtemp(prefix="briefgen-ingest-"))
    if isinstance(upload, UploadFile) and upload.filename:
        suffix = ".html" if upload.filename.lower().endswith((".html", ".htm")) else ".txt"
        path = folder / f"release{suffix}"
        path.write_bytes(await upload.read())
        return path, Path(upload.filename).name
    pasted = field(form, "text")
    if not pasted:
        raise InputError("paste the press release, or choose its saved HTML file")
    path = folder / "release.txt"
    path.write_text(pasted, encoding="utf-8")
    return path, "text pasted into briefgen serve"


def _save(root: Path, form: Any, ingest: Any) -> str:
    """Check the reviewed draft, then record it with its source, as `briefgen ingest` does."""
    entry = _drafts.get(field(form, "draft_id"))
    if entry is None:
        raise InputError("this draft is no longer held by the server; paste the release again")
    source, counterpart = entry
    result = ingest(source, root, counterpart, True, today=date.today())
    target = root / "meetings" / f"{result.meeting_id}.yaml"
    if target.exists():
        raise InputError(f"meetings/{target.name} exists already; nothing written")
    edited = form.get("yaml") if isinstance(form.get("yaml"), str) else result.yaml
    edits.check_meeting_text(root, target, edited)
    written = ingest(source, root, counterpart, False, today=date.today())
    if edited != written.yaml:
        edits.write_checked(root, target, edited)
    _drafts.pop(field(form, "draft_id"), None)
    shutil.rmtree(source.parent, ignore_errors=True)
    return f"meetings/{target.name}"


def _ministries(request: Request) -> list[str]:
    return known_ministries(settings(request).data)
