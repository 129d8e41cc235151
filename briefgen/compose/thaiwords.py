"""Thai words as pythainlp's newmm engine cuts them, for counting, cutting and comparing text.

The first cut in a process builds pythainlp's dictionary trie: tens of thousands of small
objects, whose creation sets off several full garbage collections that find nothing to free
and took half of the build (0.4 s of a Thai pack's serial time, 0.2 s without them). The
build runs with collection paused; collection is as it was once the trie exists.
"""

from __future__ import annotations

import functools
import gc
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

    collecting = gc.isenabled()
    gc.disable()
    try:
        word_tokenize("ไทย", engine="newmm")  # builds the dictionary's trie
    finally:
        if collecting:
            gc.enable()
    tokenize: Callable[..., Any] = word_tokenize
    return tokenize
