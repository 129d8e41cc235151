"""WeasyPrint, loaded quickly and once, with one font configuration per process.

Importing WeasyPrint opens GLib, Pango, HarfBuzz and Fontconfig through cffi, trying a list of
names for each library; for every name that is not the right one on this system (the Windows
and macOS spellings come first), cffi asks `ctypes.util.find_library`, which runs `ldconfig`
and a compiler in subprocesses. That was 0.3-0.4 s of every cold `briefgen make`. When the
libraries load by their ELF sonames (the names the dynamic loader itself knows), `import_weasyprint`
has cffi skip that search while WeasyPrint imports: each wrong name fails at once, and the
soname in WeasyPrint's own list loads the library the loader would have found. Anywhere else
(macOS, Windows, an unusual install) WeasyPrint imports as it always does.

cffi turns each C type WeasyPrint names in a call (`ffi.new("PangoRectangle *")`) into a type
object the first time it sees the string, by running pycparser over a preamble of every typedef
WeasyPrint declares: 2-3 ms a string. The fixed strings are parsed in one pycparser run once
WeasyPrint is imported (`_parse_c_types`); and since the font subsetter names an array by its
length (`hb_codepoint_t[621]`, a new length for nearly every font of every document), an array
of a known item type is made from the item type, as cffi itself would make it, without parsing.

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
import gc
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import briefgen
from briefgen import budget
from briefgen.render.aside import for_each_child

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

# The C types WeasyPrint's ffi.new() calls name with a fixed string (text/ffi.py, text/fonts.py,
# text/line_break.py, pdf/fonts.py), and the item types of the arrays it sizes per call.
_C_TYPES = (
    "FcChar8 **",
    "PangoFcFontMap *",
    "PangoLogAttr[]",
    "PangoRectangle *",
    "char[4]",
    "char[]",
    "hb_tag_t[100]",
    "unsigned int *",
)
_ARRAY_ITEMS = ("hb_codepoint_t",)
_SIZED_ARRAY = re.compile(r"([A-Za-z_]\w*)\[(\d+)\]")


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
    try:
        weasyprint = _imported()
    except SystemError as exc:
        # cffi reports an allocation that failed while it loads a C library (a run's memory
        # budget reached: budget.py) as a SystemError; it is the memory that ran out.
        raise MemoryError(f"loading WeasyPrint's libraries failed: {exc}") from exc
    _parse_c_types()
    # In the command-line process (briefgen.SHORT_LIVED_PROCESS, as in store/loading.py), what
    # is alive now lives until it ends: WeasyPrint's modules and C declarations, the records
    # and composed pack, for a Thai pack pythainlp's word dictionary (420,000 objects). The
    # full collections a layout's many objects set off walked them all each time (0.1 s of
    # an English pack's CPU); frozen, they are left out, and the children forked later do not
    # walk them (or copy their pages) either. Cyclic garbage frozen with them is never freed,
    # so a library caller or a test, which may go on for long, does not freeze.
    if briefgen.SHORT_LIVED_PROCESS:
        gc.freeze()
    return weasyprint


def _imported() -> Any:
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


def _parse_c_types() -> None:
    """WeasyPrint's C types parsed at once, and its sized arrays made without parsing (see
    the module docstring). This reaches into cffi (FFI._parser, _parsed_types, _lock): if
    any of it is not as expected, nothing is changed and cffi parses each type as before."""
    try:
        from cffi import model
        from weasyprint.text.ffi import ffi

        parser, parsed = ffi._parser, ffi._parsed_types
        if isinstance(parsed, _SizedArrays):
            return
        wanted = [t for t in (*_C_TYPES, *(f"{i}[]" for i in _ARRAY_ITEMS)) if t not in parsed]
        source = "\n".join(f"void __briefgen_{n}(\n{t}\n);" for n, t in enumerate(wanted))
        declarations = parser._parse(source)[0].ext[-len(wanted) :] if wanted else []
        types, items = {}, {}
        with ffi._lock:
            for name, declaration in zip(wanted, declarations, strict=True):
                ctype = parser._get_type_and_quals(declaration.type.args.params[0].type)[0]
                if ctype.is_raw_function:
                    continue
                types[name] = (ffi._get_cached_btype(ctype), False)
                if name[:-2] in _ARRAY_ITEMS:
                    items[name[:-2]] = ctype.item  # the model type its arrays are made of
        sized = _SizedArrays(ffi, model.ArrayType, items)
        sized.update(parsed)
        sized.update(types)
        ffi._parsed_types = sized
    except Exception:  # another cffi or WeasyPrint: leave cffi as it is
        return


class _SizedArrays(dict[str, Any]):
    """cffi's table of parsed types, which makes `item[N]` for an item type it knows the way
    cffi's parser would (model.ArrayType, through the ffi's cache of backend types), rather
    than running pycparser over the whole preamble for each new length."""

    def __init__(self, ffi: Any, array_type: Any, items: dict[str, Any]) -> None:
        super().__init__()
        self._ffi, self._array_type, self._items = ffi, array_type, items

    def __missing__(self, key: Any) -> Any:
        match = _SIZED_ARRAY.fullmatch(key) if isinstance(key, str) else None
        item = self._items.get(match[1]) if match else None
        # cffi looks a string up here before taking its lock; if the lock is taken, let
        # cffi's own path (which waits for it) parse the string.
        if item is None or not self._ffi._lock.acquire(False):
            raise KeyError(key)
        try:
            ctype = self._array_type(item, int(match[2]))  # type: ignore[index]
            found = self[key] = (self._ffi._get_cached_btype(ctype), False)
        finally:
            self._ffi._lock.release()
        return found


FONT_SETUP_MB = 96


@functools.cache
def font_config() -> Any:
    """The process's FontConfiguration (see the module docstring)."""
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    # Fontconfig and Pango set up here take about 72 MB of address space, and a thread that
    # GLib cannot start ends the process: under a tight memory budget, refuse first.
    budget.ensure_headroom(FONT_SETUP_MB, "setting up fonts")
    config = FontConfiguration()
    if _CHILD_FOLDER is not None:  # a child's: the parent made the folder, and removes it
        config._folder = _CHILD_FOLDER
    else:
        atexit.register(_remove_font_folder, config, os.getpid())
    exit_on_sigterm()
    return config


def _remove_font_folder(config: Any, owner: int) -> None:
    """At exit, the folder WeasyPrint wrote @font-face files into (its own removal, in
    FontConfiguration.__del__, may never run at interpreter exit). Only by the process that
    made it: a forked child leaves through os._exit, but be sure."""
    folder = getattr(config, "_folder", None)
    if folder is not None and os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def exit_on_sigterm() -> None:
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
    before the fork, used by the child, removed here once the child has ended, however it
    ended (a child ended by SIGKILL removes nothing).

    WeasyPrint writes each @font-face font into the font configuration's folder and skips a
    font whose file is already there, as loaded. A child sharing its parent's folder would
    make the parent skip a font the child wrote (and the other way round), and draw it in a
    fallback font. The child's folder starts as a copy (hard links) of this process's folder
    at the fork: the fonts the child inherits loaded, no more. A child forked before this
    process made its font configuration (it imports WeasyPrint itself) makes its own in it."""
    exit_on_sigterm()  # so that a `timeout` still removes the folder made here
    # Made in this process's own folder where it has one: however this process ends (a child
    # ended at once by Ctrl-C), whoever removes its folder removes its children's too.
    configured = font_config.cache_info().currsize != 0
    parent = getattr(font_config(), "_folder", None) if configured else None
    own = Path(tempfile.mkdtemp(prefix="weasyprint-", dir=parent))
    if not configured:

        def in_own_config() -> None:
            global _CHILD_FOLDER
            _CHILD_FOLDER = own

        return in_own_config, lambda: shutil.rmtree(own, ignore_errors=True)
    config = font_config()
    if not hasattr(config, "_folder"):  # WeasyPrint < 63 wrote each font to its own file
        shutil.rmtree(own, ignore_errors=True)
        return (lambda: None), (lambda: None)
    try:
        for font in Path(config._folder).iterdir() if config._folder is not None else ():
            if not font.is_file():  # another child's folder
                continue
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


# The folder a child forked before its parent's font configuration existed is to use.
_CHILD_FOLDER: Path | None = None
for_each_child(_font_folder_for_child)
