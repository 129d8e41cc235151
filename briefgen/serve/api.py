"""The JSON API, for scripts and tests, behind the same token as the pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from briefgen.errors import BriefgenError, DataError
from briefgen.serve import edits, packs, views
from briefgen.serve.web import records, settings
from briefgen.serve.work import pack_options


async def counterparts(request: Request) -> Response:
    kept = records(request)
    try:
        workspace = kept.workspace()
    except DataError as exc:
        return JSONResponse({"errors": exc.lines()}, status_code=409)
    lines = views.counterpart_lines(workspace, kept.profile.home, settings(request).today(), "en")
    return JSONResponse(
        [
            {
                "code": line.code,
                "name": line.name,
                "next_meeting": line.next_iso,
                "open": line.open,
                "overdue": line.overdue,
            }
            for line in lines
        ]
    )


async def make_pack(request: Request) -> Response:
    body = await _json(request)
    if not isinstance(body, dict):
        return JSONResponse({"errors": ["send a JSON object"]}, status_code=400)
    try:
        options = pack_options(request, body)
        workspace = records(request).workspace()
        made = await run_in_threadpool(packs.make_pack, options, workspace, False)
    except BriefgenError as exc:
        return JSONResponse({"errors": exc.lines()}, status_code=422)
    files = [{"name": f["name"], "url": f["url"], "pages": f["pages"] or None} for f in made.files]
    return JSONResponse({"files": files, "notes": made.notes})


async def add_update(request: Request) -> Response:
    body = await _json(request)
    if not isinstance(body, dict) or not isinstance(body.get("date"), str):
        return JSONResponse({"errors": ["send a JSON object with a date"]}, status_code=400)
    kept = records(request)
    try:
        meeting = kept.workspace().meeting(request.path_params["meeting"])
        if meeting is None:
            return JSONResponse({"errors": ["no such meeting"]}, status_code=404)
        fields = edits.UpdateFields(
            date=body["date"],
            status=_text(body.get("status")),
            note=_text(body.get("note")),
            due=_text(body.get("due")),
        )
        changed = edits.add_update(
            kept.settings.data, meeting, request.path_params["number"], fields
        )
    except BriefgenError as exc:
        messages = exc.messages if isinstance(exc, edits.Refused) else exc.lines()
        return JSONResponse({"errors": messages}, status_code=422)
    kept.replaced(changed)
    return JSONResponse({"meeting": changed.key, "file": str(changed.file)}, status_code=201)


async def output_file(request: Request) -> Response:
    """A file of the output folder, by its plain name; nothing else, however named."""
    name = request.path_params["name"]
    folder = settings(request).out.resolve()
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
        return PlainTextResponse("Not found", status_code=404)
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(path, filename=Path(name).name)


async def _json(request: Request) -> Any:
    """The JSON body; None for any other type, so that no plain HTML form from another site
    can post here (a form cannot send application/json)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        return await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
