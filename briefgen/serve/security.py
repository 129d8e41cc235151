"""The server's gate, after Jupyter's: a token, a Host check, a size cap, and a log line.

Every request but one for /static/ must carry the token, either once as `?token=` (answered
with a redirect that sets an HttpOnly, SameSite=Strict cookie and drops the token from the
address) or as `Authorization: Token …`. A Host header other than the names the server was
bound to is refused, so a page on another site cannot reach it by DNS rebinding. A request
body larger than the cap is refused. Form posts carry a CSRF token (csrf_token), checked by
the handlers. The log names the method, the path without its query, the status and the time;
never the token.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

log = logging.getLogger("briefgen.serve")

COOKIE = "briefgen-session"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# On every answer: scripts, styles and pictures from the server only, no framing by another
# page, no guessing a type, no address sent on to another site.
HARDENING = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def new_token() -> str:
    return secrets.token_hex(24)


def derived(token: str, purpose: str) -> str:
    """A value made from the token for one purpose (the cookie, the CSRF field): it proves
    knowledge of the token without being it."""
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def csrf_token(token: str) -> str:
    return derived(token, "csrf")


def csrf_ok(token: str, given: str | None) -> bool:
    return given is not None and same(given, csrf_token(token))


def same(given: str, expected: str) -> bool:
    """Compared in constant time, as bytes: a value of any characters is simply wrong."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


def allowed_hosts(host: str) -> set[str]:
    """The names a browser may use to reach a server bound to host."""
    names = {host.strip("[]").lower()}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= LOOPBACK
    if host in ("0.0.0.0", "::"):
        names |= LOOPBACK | {socket.gethostname().lower(), socket.getfqdn().lower()}
    return names


def host_name(header: str) -> str:
    """The name in a Host header, without its port: [::1]:8000 -> ::1."""
    if header.startswith("["):
        return header[1 : header.find("]")].lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


class Gate:
    def __init__(self, app: ASGIApp, token: str, host: str, max_body: int) -> None:
        self.app = app
        self.token = token
        self.cookie = derived(token, "cookie")
        self.hosts = allowed_hosts(host)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # the app has no WebSocket: nothing else gets past
            await send({"type": "websocket.close", "code": 1008})
            return
        started = time.perf_counter()
        status: list[int] = [0]

        async def logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), *HARDENING]
            await send(message)

        try:
            await self._gate(scope, receive, logged)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            # The path only: a query may hold the token.
            log.info("%s %s %s %.0f ms", scope["method"], scope["path"], status[0], elapsed)

    async def _gate(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if host_name(headers.get("host", "")) not in self.hosts:
            await _plain(send, 403, "Host not allowed")
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.max_body:
            await _plain(send, 413, f"Request body larger than {self.max_body} bytes")
            return
        if scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token")
        if given is not None and same(given, self.token):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            await _redirect_with_cookie(send, scope["path"] + (f"?{rest}" if rest else ""), self)
            return
        if not self._authorised(headers):
            await _plain(send, 403, "Forbidden: open the address with ?token=… printed at start")
            return
        await self.app(scope, _capped(receive, self.max_body), send)

    def _authorised(self, headers: dict[str, str]) -> bool:
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "token" and same(value.strip(), self.token):
            return True
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:
            return False
        morsel = cookies.get(COOKIE)
        return morsel is not None and same(morsel.value, self.cookie)


def _capped(receive: Receive, limit: int) -> Receive:
    """The body stream, refused once more than limit bytes came (a chunked upload)."""
    seen = [0]

    async def capped() -> Message:
        message = await receive()
        seen[0] += len(message.get("body", b""))
        if seen[0] > limit:
            raise BodyTooLarge(limit)
        return message

    return capped


class BodyTooLarge(Exception):
    pass


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(send: Send, location: str, gate: Gate) -> None:
    cookie = f"{COOKIE}={gate.cookie}; HttpOnly; SameSite=Strict; Path=/"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1")),
                (b"set-cookie", cookie.encode()),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
