"""What every page handler shares: the page templates, the language, the CSRF check.

Pages are English or Thai, by `?lang=` (kept in a cookie); their labels go through the
same gettext catalogues as the packs (briefgen/locales), so a Thai label is translated once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from briefgen.catalogs import translations_for
from briefgen.serve.security import csrf_ok, csrf_token
from briefgen.serve.state import Records, Settings

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "th")
LANG_COOKIE = "briefgen-lang"

pages = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def language(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "en"
    return wanted if wanted in LANGUAGES else "en"


def records(request: Request) -> Records:
    found: Records = request.app.state.records
    return found


def settings(request: Request) -> Settings:
    return records(request).settings


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    lang = language(request)
    gettext = translations_for(lang).gettext
    body = pages.get_template(template).render(
        _=gettext,
        lang=lang,
        label=labels(gettext),
        csrf=csrf_token(settings(request).token),
        path=request.url.path,
        query=request.url.query,
        **values,
    )
    response = HTMLResponse(body, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
    return response


def labels(_: Callable[[str], str]) -> dict[str, str]:
    """Words of the records (statuses, markings) as the page's language shows them."""
    return {
        "open": _("Open"),
        "in-progress": _("In progress"),
        "done": _("Done"),
        "dropped": _("Dropped"),
        "held": _("Held"),
        "planned": _("Planned"),
        "cancelled": _("Cancelled"),
        "none": _("No marking"),
        "confidential": _("CONFIDENTIAL"),
        "secret": _("SECRET"),
        "top-secret": _("TOP SECRET"),
    }


async def checked_form(request: Request) -> Any:
    """The posted form, if its CSRF field is right; else None."""
    form = await request.form()
    given = form.get("csrf")
    return (
        form
        if csrf_ok(settings(request).token, given if isinstance(given, str) else None)
        else None
    )


def field(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""
