"""The pages: dashboard, counterpart, recording an update, a planned meeting's plans."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from briefgen.catalogs import translations_for
from briefgen.errors import BriefgenError
from briefgen.serve import edits, views
from briefgen.serve.timeline import Mark, commitment_mark, timeline_svg
from briefgen.serve.web import checked_form, field, language, records, render, settings
from briefgen.store import find_counterpart

SHOWN_ROWS = 300  # of the overdue table; the rest are counted


async def dashboard(request: Request) -> Response:
    lang, kept = language(request), records(request)
    loaded = kept.current()
    today, home = settings(request).today(), kept.profile.home
    sort = request.query_params.get("sort", "due")
    sort = sort if sort in views.SORT_KEYS else "due"
    descending = request.query_params.get("dir") == "desc"
    counterparts: list[views.CounterpartLine] = []
    overdue: list[views.CommitmentLine] = []
    if loaded.workspace is not None:
        key = ("dashboard", lang, today)
        if key not in loaded.views:  # once per workspace, language and day; sorting is cheap
            loaded.views[key] = (
                views.counterpart_lines(loaded.workspace, home, today, lang),
                views.overdue_lines(loaded.workspace, home, today, lang),
            )
        counterparts, overdue = loaded.views[key]
        overdue = views.sorted_lines(overdue, sort, descending)
    return render(
        request,
        "dashboard.html",
        counterparts=counterparts,
        overdue=overdue[:SHOWN_ROWS],
        overdue_total=len(overdue),
        problems=[str(p) for p in loaded.problems],
        loaded=loaded.workspace is not None,
        sort=sort,
        descending=descending,
        today=views.show_date_iso(today, lang),
    )


async def counterpart(request: Request, refused: list[str] | None = None, at: str = "") -> Response:
    lang, kept = language(request), records(request)
    workspace = kept.workspace()
    found = find_counterpart(workspace, request.path_params["code"])
    today, home = settings(request).today(), kept.profile.home
    meetings = views.meeting_lines(workspace, home, found.code)
    commitments = {
        meeting.key: [
            views.commitment_line(meeting, number, commitment, home, today, lang)
            for number, commitment in enumerate(meeting.commitments, 1)
        ]
        for meeting in meetings
    }
    marks = [Mark(m.date.first_day(), views.text(m.title, lang), m.status) for m in meetings]
    for meeting in meetings:
        for line, commitment in zip(commitments[meeting.key], meeting.commitments, strict=True):
            due = commitment.as_of(today).current_due()
            if due is not None:
                marks.append(commitment_mark(line, due.last_day()))
    gettext = _gettext(lang)
    return render(
        request,
        "counterpart.html",
        status=422 if refused else 200,
        counterpart=found,
        name=views.text(found.name, lang),
        meetings=meetings,
        commitments=commitments,
        timeline=timeline_svg(marks, today, gettext("Today"), views.year_label(lang)),
        text=lambda value: views.text(value, lang),
        show_date=lambda value: views.show_date(value, lang),
        refused=refused or [],
        refused_at=at,
        today_iso=today.isoformat(),
        statuses=("open", "in-progress", "done", "dropped"),
    )


async def record_update(request: Request) -> Response:
    form = await checked_form(request)
    if form is None:
        return PlainTextResponse("CSRF token missing or wrong", status_code=403)
    kept = records(request)
    meeting_id, number = request.path_params["meeting"], request.path_params["number"]
    meeting = kept.workspace().meeting(meeting_id)
    code = field(form, "counterpart")
    if meeting is None:
        return PlainTextResponse(f"no meeting '{meeting_id}'", status_code=404)
    fields = edits.UpdateFields(
        date=field(form, "date"),
        status=field(form, "status") or None,
        note=field(form, "note") or None,
        due=field(form, "due") or None,
    )
    try:
        kept.replaced(edits.add_update(kept.settings.data, meeting, number, fields))
    except edits.Refused as exc:
        return await counterpart(_with_code(request, code), exc.messages, f"{meeting_id}-{number}")
    except BriefgenError as exc:
        return await counterpart(_with_code(request, code), exc.lines(), f"{meeting_id}-{number}")
    url = f"/counterparts/{code}#{meeting_id}-{number}" if code else "/"
    return RedirectResponse(url, status_code=303)


async def plans(request: Request) -> Response:
    lang, kept = language(request), records(request)
    meeting = kept.workspace().meeting(request.path_params["meeting"])
    if meeting is None:
        return PlainTextResponse("no such meeting", status_code=404)
    refused: list[str] = []
    if request.method == "POST":
        form = await checked_form(request)
        if form is None:
            return PlainTextResponse("CSRF token missing or wrong", status_code=403)
        objectives = _lines(field(form, "objectives"))
        points = {key: _lines(field(form, f"points-{key}")) for key in kept.workspace().topics}
        try:
            kept.replaced(edits.set_plans(kept.settings.data, meeting, lang, objectives, points))
            return RedirectResponse(f"/meetings/{meeting.key}/plans?saved=1", status_code=303)
        except edits.Refused as exc:
            refused = exc.messages
        except BriefgenError as exc:
            refused = exc.lines()
    topics = kept.workspace().topics
    return render(
        request,
        "plans.html",
        status=422 if refused else 200,
        meeting=meeting,
        title=views.text(meeting.title, lang),
        objectives="\n".join(views.text(o, lang) for o in meeting.objectives),
        points={
            key: "\n".join(views.text(p.text, lang) for p in meeting.talking_points.get(key, []))
            for key in [*meeting.talking_points, *(k for k in meeting.agenda)]
        },
        topics={key: views.text(topic.label, lang) for key, topic in topics.items()},
        refused=refused,
        saved=request.query_params.get("saved") == "1",
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _with_code(request: Request, code: str) -> Request:
    request.scope["path_params"] = {**request.path_params, "code": code}
    return request


def _gettext(lang: str) -> Callable[[str], str]:
    return translations_for(lang).gettext
