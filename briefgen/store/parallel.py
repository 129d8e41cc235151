"""Reading a large workspace's meeting files in worker processes."""

from __future__ import annotations

import errno
import gc
import marshal
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.store.loader import Loader
from briefgen.yamlio import YamlProblem, load_yaml

# A large workspace is read by worker processes, one chunk of files each, while this process
# validates the chunks already read, in file order: the same records and the same problems in
# the same order as reading one file after another, in about half the time on two cores.
PARALLEL_MIN_FILES = 1500
PARALLEL_CHUNK = 250


def prefetch(loader: Loader, paths: list[Path]) -> Iterator[Path]:
    """Yield paths in order, each one's read result already in loader.prefetched when it is
    worth reading them in parallel; otherwise just yield them, for loader.read to read."""
    workers = _parallel_workers(len(paths))
    if workers < 2:
        yield from paths
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunks = [paths[i : i + PARALLEL_CHUNK] for i in range(0, len(paths), PARALLEL_CHUNK)]
    pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context)
    try:
        for chunk, sent in zip(chunks, pool.map(_read_chunk, chunks), strict=True):
            results = marshal.loads(sent) if isinstance(sent, bytes) else sent
            for path, result in zip(chunk, results, strict=True):
                loader.prefetched[path] = result
                yield path
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parallel_workers(files: int) -> int:
    import multiprocessing

    if files < PARALLEL_MIN_FILES or multiprocessing.parent_process() is not None:
        return 1  # small, or already in a worker (batch mode): one process is enough
    return os.cpu_count() or 1


def _read_chunk(paths: list[Path]) -> bytes | list[tuple[Any, ...]]:
    """In a worker: for each file ("ok", its values), ("yaml", message, line, column),
    ("os", message), or ("link",) for a link, which the main process checks and reads;
    exceptions do not cross processes with their attributes. The values go back marshalled,
    not pickled, and without the text: a quarter of the cost of sending them, which on a
    large workspace was a third of the time it took to load."""
    results: list[tuple[Any, ...]] = []
    gc.disable()  # as in load_workspace; the worker only reads
    for path in paths:
        if path.is_symlink():  # checked and read by the main process
            results.append(("link",))
            continue
        try:  # a file made a link since the check above is refused (ELOOP), not followed
            results.append(("ok", load_yaml(path, follow_links=False).data))
        except YamlProblem as exc:
            results.append(("yaml", exc.message, exc.line, exc.column))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                results.append(("link",))
            else:
                results.append(("os", exc.strerror or str(exc)))
    try:
        return marshal.dumps(results)
    except ValueError:  # a value marshal cannot carry: pickle it, as the pool would
        return results
