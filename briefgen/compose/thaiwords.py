"""Thai words as pythainlp's newmm engine cuts them, for counting, cutting and comparing text.

The first cut in a process builds pythainlp's dictionary trie: 420,000 small objects, whose
creation set off full garbage collections that found nothing to free and took half of the
build (0.4 s of a Thai pack's serial time, 0.2 s without them), and which every full
collection after it walked again (while WeasyPrint imported, 0.5 s more). The build runs with
collection paused, as loading records does (store.gc_paused), and in the command-line
process the trie is then frozen out of collection's way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def thai_words(text: str, keep_whitespace: bool = False) -> list[str]:
    """The words of `text` (a Thai run, or text holding one), in order."""
    tokenize = _tokenizer()
    words: list[str] = tokenize(text, engine="newmm", keep_whitespace=keep_whitespace)
    return words


@functools.cache
def _tokenizer() -> Callable[..., Any]:
    from pythainlp.tokenize import word_tokenize

    from briefgen.store import gc_paused  # here: cutting a text loads no records

    with gc_paused():
        word_tokenize("ไทย", engine="newmm")  # builds the dictionary's trie
    tokenize: Callable[..., Any] = word_tokenize
    return tokenize
