"""What rendering may read: the resource policy, and WeasyPrint's url_fetcher that obeys it.

Every resource WeasyPrint asks for (stylesheets, @font-face files, images, SVG references)
goes through the url_fetcher made by `make_url_fetcher`. It serves `file:` URLs whose real path
(symlinks resolved) lies under one of the policy's roots, and small `data:` URLs. Anything else
is refused: the refusal is recorded on the policy (for the CLI to print on stderr) and an
exception tells WeasyPrint to go on without the resource. Within one document, each resource
loads a bounded number of times (an @import loop), pictures are checked by their declared size
(render/images.py) and stylesheets for lengths WeasyPrint cannot lay out (render/cssvalues.py).

WeasyPrint 68 and later take a `weasyprint.urls.URLFetcher` instance (they read its
`_fail_on_errors`; a plain function breaks there in 70); earlier versions take a function
returning a dict. `make_url_fetcher` gives whichever the installed WeasyPrint wants.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from briefgen.errors import display_path
from briefgen.render.cssvalues import describe, out_of_range


class ResourceRefused(ValueError):
    """A resource the policy does not allow; WeasyPrint logs it and renders on without it."""


@dataclass
class ResourcePolicy:
    """What rendering may read: files under `roots`, `data:` URLs up to `max_data_bytes`."""

    roots: list[Path]
    max_data_bytes: int = 2 * 1024 * 1024
    max_file_bytes: int = 32 * 1024 * 1024
    # Per document (`begin_document`): an @import of a stylesheet by itself, twice, would
    # load it 2**n times; each URL loads at most this often, all of them at most this much.
    max_loads_per_url: int = 8
    max_loads: int = 400
    max_total_bytes: int = 96 * 1024 * 1024
    refusals: list[str] = field(default_factory=list)
    loads: dict[str, int] = field(default_factory=dict)
    loaded_bytes: int = 0

    def begin_document(self) -> None:
        """Start counting the loads of one document afresh."""
        self.loads, self.loaded_bytes = {}, 0

    def _count(self, url: str, size: int) -> None:
        count = self.loads.get(url, 0) + 1
        if count > self.max_loads_per_url:
            raise self.refuse(
                url, f"loaded more than {self.max_loads_per_url} times; an @import loop?"
            )
        if sum(self.loads.values()) >= self.max_loads:
            raise self.refuse(url, f"more than {self.max_loads} resources in one document")
        if self.loaded_bytes + size > self.max_total_bytes:
            raise self.refuse(
                url,
                f"more than {self.max_total_bytes // 1_048_576} MB of resources in one document",
            )
        self.loads[url] = count
        self.loaded_bytes += size

    def refuse(self, url: str, reason: str) -> ResourceRefused:
        shown = _shown_url(url)
        message = f"refused {shown} : {reason}"
        self.keep(message)
        return ResourceRefused(message)

    def keep(self, *messages: str) -> None:
        """Keep each message among the refusals (a pack's warnings), once."""
        for message in messages:
            if message not in self.refusals:
                self.refusals.append(message)

    def allowed_path(self, path: Path) -> Path | None:
        """The real path of `path` if it is an existing file under a root, else None."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        roots = [root.resolve() for root in self.roots]
        if real.is_file() and any(real.is_relative_to(root) for root in roots):
            return real
        return None

    def local_file(self, src: str, base: Path) -> Path | None:
        """A local image for the DOCX (`src` relative to `base`, or a file: URL), or None
        with a recorded refusal. For `html_to_docx(resolve_image=...)`."""
        try:
            scheme = urlsplit(src).scheme.lower()
            if scheme == "file":
                return self._file(src)[2]
            if scheme == "data":
                raise self.refuse(src, "data: images are not supported in the DOCX")
            if scheme:
                raise self._refuse_scheme(src)
            return self._file(
                (base.resolve() / url2pathname(src.split("?")[0].split("#")[0])).as_uri()
            )[2]
        except ResourceRefused:
            return None

    def load(self, url: str) -> tuple[bytes, str | None, str | None, str]:
        """(body, mime type, charset, url) for an allowed URL; raises ResourceRefused."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            body, mime, _ = self._file(url)
            return body, mime, None, url
        if scheme == "data":
            return self._data(url)
        raise self._refuse_scheme(url)

    def _check_picture(self, url: str, body: bytes, mime: str | None) -> None:
        """Refuse a picture too big to decode, or an SVG that expands past its bound, by
        what it declares (render/images.py): the same rule for the PDF and the DOCX."""
        if mime and mime.startswith("image/"):
            from briefgen.render.images import picture_problem

            problem = picture_problem(body, mime == "image/svg+xml")
            if problem is not None:
                raise self.refuse(url, problem)

    def _refuse_scheme(self, url: str) -> ResourceRefused:
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https", "ftp", "ftps", "ws", "wss"):
            return self.refuse(url, "network access is not allowed")
        return self.refuse(url, f"{scheme or 'this'} URLs are not allowed")

    def _file(self, url: str) -> tuple[bytes, str | None, Path]:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self.refuse(url, "network access is not allowed")
        path = Path(url2pathname(parts.path))
        real = self.allowed_path(path)
        if real is None:
            try:
                where = path.resolve()  # symlinks resolved as far as they exist
            except (OSError, RuntimeError):  # a symlink loop
                raise self.refuse(url, "a symlink loop") from None
            if not any(where.is_relative_to(root.resolve()) for root in self.roots):
                raise self.refuse(url, "outside the workspace, templates and package")
            raise self.refuse(url, "not a file" if where.exists() else "no such file")
        size = real.stat().st_size
        if size > self.max_file_bytes:
            raise self.refuse(url, f"larger than {self.max_file_bytes // 1024 // 1024} MB")
        self._count(url, size)
        body, mime = real.read_bytes(), mimetypes.guess_type(real.name)[0]
        self._check_picture(url, body, mime)
        if mime == "text/css":
            wrong = _css_out_of_range(body)
            if wrong is not None:
                raise self.refuse(url, "line " + describe(*wrong))
        return body, mime, real

    def _data(self, url: str) -> tuple[bytes, str | None, str | None, str]:
        limit = self.max_data_bytes
        if len(url) > limit * 4 // 3 + 1024:
            raise self.refuse(url, f"data: URL larger than {limit // 1024} KB")
        header, comma, payload = url[5:].partition(",")
        if not comma:
            raise self.refuse(url, "malformed data: URL")
        params = header.split(";")
        try:
            body = (
                base64.b64decode(unquote_to_bytes(payload))
                if params[-1].strip().lower() == "base64"
                else unquote_to_bytes(payload)
            )
        except ValueError as exc:
            raise self.refuse(url, f"malformed data: URL ({exc})") from exc
        if len(body) > limit:
            raise self.refuse(url, f"data: URL larger than {limit // 1024} KB")
        self._count(url[:200], len(body))
        self._check_picture(url, body, params[0].strip().lower())
        charset = next(
            (p.split("=", 1)[1] for p in params if p.lower().startswith("charset=")), None
        )
        return body, params[0].strip() or "text/plain", charset, url


# Each document loads the same stylesheets (pack.css, theme.css), and a brief is laid out several
# times to fit it on one page: each stylesheet is checked once per content, not once per load.
_CSS_CHECKED: dict[bytes, tuple[int, str] | None] = {}


def _css_out_of_range(body: bytes) -> tuple[int, str] | None:
    key = hashlib.blake2b(body, digest_size=16).digest()
    if key not in _CSS_CHECKED:
        if len(_CSS_CHECKED) >= 256:
            _CSS_CHECKED.clear()
        _CSS_CHECKED[key] = out_of_range(body.decode("utf-8", "replace"))
    return _CSS_CHECKED[key]


def _shown_url(url: str) -> str:
    """A file: URL in the working folder as its relative path; any URL at most 100 long."""
    if url.startswith("file:"):
        try:
            relative = display_path(Path(url2pathname(urlsplit(url).path)))
        except (OSError, RuntimeError):  # a symlink loop
            relative = ""
        if relative and not Path(relative).is_absolute():
            return relative
    return url if len(url) <= 100 else url[:60] + "…"


def make_url_fetcher(policy: ResourcePolicy) -> Any:
    """A WeasyPrint url_fetcher that obeys `policy` (see the module docstring)."""
    from briefgen.render.engine import import_weasyprint

    import_weasyprint()  # first, and quickly (render/engine.py)
    from weasyprint import urls

    fetcher_class = getattr(urls, "URLFetcher", None)
    if fetcher_class is None:  # WeasyPrint < 68: a function returning a dict

        def fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
            body, mime, charset, final = policy.load(url)
            return {"string": body, "mime_type": mime, "encoding": charset, "redirected_url": final}

        return fetch

    class PolicyFetcher(fetcher_class):  # type: ignore[misc,valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime, charset, final = policy.load(url)
            content_type = (mime or "application/octet-stream") + (
                f"; charset={charset}" if charset else ""
            )
            return urls.URLFetcherResponse(final, body, {"Content-Type": content_type})

    return PolicyFetcher()  # its fetch() is the only way out: no handler, no redirect
