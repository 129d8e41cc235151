"""`briefgen serve`: a local web app on the workspace, another front end on the same pipeline.

Dashboard, counterpart pages with a timeline, updates recorded from a form, a planned
meeting's plans, packs with their previews, and ingest, in English and Thai; and a JSON API.
Its security follows Jupyter's: loopback by default, a token on every request, a Host
check, CSRF tokens on forms (security.py). The server loads WeasyPrint, the profile and the
workspace once, so a pack costs only its layout.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from briefgen.serve.state import Settings

TOKEN_ENV = "BRIEFGEN_TOKEN"
log = logging.getLogger("briefgen.serve")

__all__ = ["Settings", "TOKEN_ENV", "resolve_token", "serve"]


def resolve_token(option: str | None) -> tuple[str, bool]:
    """--token, else $BRIEFGEN_TOKEN, else a new random one; and whether it was made here."""
    from briefgen.serve.security import new_token

    given = option or os.environ.get(TOKEN_ENV)
    return (given, False) if given else (new_token(), True)


def serve(settings: Settings, announce: Callable[[str], None]) -> None:
    """Run the server until interrupted; announce(url) once it is ready to be opened."""
    import uvicorn

    from briefgen.errors import InputError
    from briefgen.render.engine import exit_on_sigterm
    from briefgen.serve.app import create_app
    from briefgen.serve.security import LOOPBACK

    if not settings.data.is_dir():
        raise InputError(f"{settings.data}: no such workspace folder (give one with --data)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("weasyprint", "fontTools"):  # their progress is not the server's log
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if settings.host not in LOOPBACK:
        log.warning("listening on %s: other machines can reach the server", settings.host)
    app = create_app(settings)
    warm_up()
    threading.Thread(target=first_brief, args=(app,), daemon=True).start()
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    config = server_config(app, settings.host, settings.port)
    server = uvicorn.Server(config)
    announce(f"http://{host}:{settings.port}/?token={settings.token}")
    # uvicorn shuts down on SIGTERM, then raises it again with the handler it found: an exit
    # then, rather than the default end on the spot, so that exit handlers end the layout
    # workers and remove the font folders.
    exit_on_sigterm()
    server.run()


def server_config(app: Any, host: str, port: int) -> Any:
    """uvicorn's settings for the app: no access log of its own, since its line would show
    the query, and so a ?token= (security.Gate logs each request without it)."""
    import uvicorn

    logging.getLogger("uvicorn.access").disabled = True
    return uvicorn.Config(
        app, host=host, port=port, access_log=False, log_level="warning", lifespan="off"
    )


def warm_up() -> None:
    """Import the renderer now, not on the first pack."""
    import weasyprint  # noqa: F401

    import briefgen.build  # noqa: F401


def first_brief(app: Any) -> None:
    """Load the workspace and lay out one brief while nobody waits for it, so that the
    first page and the first pack cost what every later one does."""
    from briefgen.build import MakeOptions
    from briefgen.errors import BriefgenError
    from briefgen.serve import packs

    records = app.app.state.records
    try:
        workspace = records.workspace()
        home = records.profile.home
        code = next((c for c in sorted(workspace.counterparts) if c != home), None)
        if code is not None:
            settings = records.settings
            options = MakeOptions(code, settings.data, settings.out, settings.today())
            packs.warm_up(options, workspace)
    except BriefgenError as exc:  # the dashboard shows what is wrong
        log.info("warm-up stopped: %s", exc.message)
    log.info("ready")
