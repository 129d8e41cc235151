"""The web application: its routes, behind the gate (security.Gate)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from briefgen.errors import BriefgenError
from briefgen.serve import api, pages, work
from briefgen.serve.security import BodyTooLarge, Gate
from briefgen.serve.state import Records, Settings
from briefgen.serve.web import HERE, render


def create_app(settings: Settings) -> Gate:
    routes = [
        Route("/", pages.dashboard),
        Route("/counterparts/{code}", pages.counterpart),
        Route("/counterparts/{code}/brief.png", work.brief_png),
        Route(
            "/meetings/{meeting}/commitments/{number:int}/updates",
            pages.record_update,
            methods=["POST"],
        ),
        Route("/meetings/{meeting}/plans", pages.plans, methods=["GET", "POST"]),
        Route("/pack", work.pack_page, methods=["GET", "POST"]),
        Route("/ingest", work.ingest_page, methods=["GET", "POST"]),
        Route("/pictures/{name}", work.picture),
        Route("/files/{name}", api.output_file),
        Route("/api/counterparts", api.counterparts),
        Route("/api/packs", api.make_pack, methods=["POST"]),
        Route(
            "/api/meetings/{meeting}/commitments/{number:int}/updates",
            api.add_update,
            methods=["POST"],
        ),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={BriefgenError: _refused, BodyTooLarge: _too_large},
    )
    app.state.records = Records(settings)
    return Gate(app, settings.token, settings.host, settings.max_upload)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BriefgenError)
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"errors": exc.lines()}, status_code=422)
    return render(request, "problem.html", status=422, lines=exc.lines())


async def _too_large(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Request body too large", status_code=413)
