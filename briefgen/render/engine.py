"""WeasyPrint, loaded quickly and once, with one font configuration per process.

Importing WeasyPrint opens GLib, Pango, HarfBuzz and Fontconfig through cffi, trying a list of
names for each library; for every name that is not the right one on this system (the Windows
and macOS spellings come first), cffi asks `ctypes.util.find_library`, which runs `ldconfig`
and a compiler in subprocesses. That was 0.3-0.4 s of every cold `briefgen make`. When the
libraries load by their ELF sonames (the names the dynamic loader itself knows), `import_weasyprint`
has cffi skip that search while WeasyPrint imports: each wrong name fails at once, and the
soname in WeasyPrint's own list loads the library the loader would have found. Anywhere else
(macOS, Windows, an unusual install) WeasyPrint imports as it always does.

`font_config()` is the process's one `FontConfiguration`. Making one per document set up
Fontconfig and a Pango font map each time, and threw away the fonts loaded from the
documents' @font-face rules and all that Pango had cached about them. WeasyPrint keys
@font-face fonts by their descriptors and skips one it already has, so documents of any
profile can share it; it is used from one thread at a time (the CLI and the batch workers
render one document at a time), and it lives as long as the process, so the font files it
holds outlive every document drawn with them, including a combined pack.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The sonames WeasyPrint tries for each library it needs (weasyprint/text/ffi.py); the optional
# ones with the name find_library would know them by. An optional library must load by its
# soname too, or be missing for find_library as well: skipping a search that would have found
# it would change how WeasyPrint subsets fonts.
_REQUIRED = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
)
_OPTIONAL = (
    ("libharfbuzz-subset.so.0", "harfbuzz-subset"),
    ("libharfbuzz-vector.so.0", "harfbuzz-vector"),
)


def _sonames_suffice() -> bool:
    import ctypes
    import ctypes.util

    try:
        for soname in _REQUIRED:
            ctypes.CDLL(soname)
    except OSError:
        return False
    for soname, name in _OPTIONAL:
        try:
            ctypes.CDLL(soname)
        except OSError:
            if ctypes.util.find_library(name) is not None:
                return False
    return True


@functools.cache
def import_weasyprint() -> Any:
    """The weasyprint module, imported without the slow library search where it can be."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    if not _sonames_suffice():  # the usual search
        import weasyprint

        return weasyprint
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint


def _not_searched(name: str) -> None:
    return None


@functools.cache
def font_config() -> Any:
    """The process's FontConfiguration (see the module docstring)."""
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    from briefgen.render.aside import for_each_child

    config = FontConfiguration()
    for_each_child(_font_folder_for_child)
    atexit.register(_remove_font_folder, config, os.getpid())
    _exit_on_sigterm()
    return config


def _remove_font_folder(config: Any, owner: int) -> None:
    """At exit, the folder WeasyPrint wrote @font-face files into (its own removal, in
    FontConfiguration.__del__, may never run at interpreter exit). Only by the process that
    made it: a forked child leaves through os._exit, but be sure."""
    folder = getattr(config, "_folder", None)
    if folder is not None and os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def _exit_on_sigterm() -> None:
    """SIGTERM (a `timeout`, a service manager) unwinds the process as an exit would, so its
    children are ended and the font folders removed; it would otherwise end it on the spot."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _font_folder_for_child() -> tuple[Callable[[], None], Callable[[], None]]:
    """A folder of @font-face files of a child forked by render/aside.py: made here, just
    before the fork, used by the child, removed here once the child has ended.

    WeasyPrint writes each @font-face font into the font configuration's folder and skips a
    font whose file is already there, as loaded. A child sharing its parent's folder would
    make the parent skip a font the child wrote (and the other way round), and draw it in a
    fallback font. The child's folder starts as a copy (hard links) of this process's folder
    at the fork: the fonts the child inherits loaded, no more."""
    config = font_config()
    if not hasattr(config, "_folder"):  # WeasyPrint < 63 wrote each font to its own file
        return (lambda: None), (lambda: None)
    own = Path(tempfile.mkdtemp(prefix="weasyprint-"))
    try:
        for font in Path(config._folder).iterdir() if config._folder is not None else ():
            try:
                os.link(font, own / font.name)
            except OSError:
                shutil.copyfile(font, own / font.name)
    except Exception:
        shutil.rmtree(own, ignore_errors=True)
        raise

    def in_child() -> None:
        config._folder = own

    return in_child, lambda: shutil.rmtree(own, ignore_errors=True)
