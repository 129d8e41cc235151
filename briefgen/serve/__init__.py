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
from collections.abc import Callable
from typing import Any

from briefgen.serve.state import Settings

TOKEN_ENV = "BRIEFGEN_TOKEN"

__all__ = ["Settings", "TOKEN_ENV", "resolve_token", "serve"]


def resolve_token(option: str | None) -> tuple[str, bool]:
    """--token, else $BRIEFGEN_TOKEN, else a new random one; and whether it was made here."""
    from briefgen.serve.security import new_token

    given = option or os.environ.get(TOKEN_ENV)
    return (given, False) if given else (new_token(), True)


def serve(settings: Settings, announce: Callable[[str], None]) -> None:
    """Run the server until interrupted; announce(url) once it is ready to be opened."""
    import uvicorn

    from briefgen.serve.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("weasyprint", "fontTools"):  # their progress is not the server's log
        logging.getLogger(noisy).setLevel(logging.WARNING)
    app = create_app(settings)
    warm_up()
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    config = server_config(app, settings.host, settings.port)
    server = uvicorn.Server(config)
    announce(f"http://{host}:{settings.port}/?token={settings.token}")
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
