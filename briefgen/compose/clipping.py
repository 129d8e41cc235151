"""Cutting a long text where a reader expects the cut, with "…": in English after a whole
sentence or between words, in Thai between words (pythainlp) or phrases, never in the middle
of a syllable. It needs nothing of the records, so that fitting the brief (render/fit.py)
can cut texts in a process that never loads them (render/early.py)."""

from __future__ import annotations

import re

from briefgen.compose.thaiwords import thai_words

# A brief line longer than this is cut: the brief is staccato, the annex keeps the full text.
BRIEF_LINE_CHARS = 260
# A sentence ends at . ! or ? after a lower-case letter, a digit or a bracket, before a space:
# "U.S. treaty" and "D.C. on" go on.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"'’”])[.!?](?= )")
# Thai vowels written before their consonant, and the marks written above or below one: a cut
# after the first or before the second would leave half a syllable.
_THAI_LEADING_VOWELS = "เแโใไ"
_THAI_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_HANGING = " ,;:–—-(/"
_THAI_CHAR = re.compile("[\u0e00-\u0e7f]")


def clip(text: str, limit: int = BRIEF_LINE_CHARS) -> str:
    """The text in at most `limit` characters, cut where a reader expects a cut: after the
    last whole sentence if that keeps half of the room, else at the last space (between
    words, or between Thai phrases), else between two syllables."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 2  # for " …"
    sentences = [m.end() for m in _SENTENCE_END.finditer(text, 0, room + 1)]
    if sentences and sentences[-1] >= limit // 2:
        return text[: sentences[-1]] + " …"
    cut = text.rfind(" ", 0, room + 1)
    if cut < limit * 0.6 and _THAI_CHAR.search(text, max(cut, 0), room + 1):
        # Thai writes no space between words (a space parts phrases): with no space near the
        # end, the last word boundary pythainlp finds before the limit is the cut.
        cut = max(cut, _thai_word_end(text, room))
    if cut < limit * 0.6:  # one long word, or a Thai word longer than the room left
        cut = room
    # Whatever the tokenizer made of a mixed run, never part a syllable.
    while cut > 1 and (text[cut] in _THAI_MARKS or text[cut - 1] in _THAI_LEADING_VOWELS):
        cut -= 1
    return text[:cut].rstrip(_HANGING) + "…"


def _thai_word_end(text: str, room: int) -> int:
    """The last end of a word at or before `room`, words cut by pythainlp (-1 if none); the
    word running over `room` is read whole (a little past it) so that it is not cut short."""
    end, boundary = 0, -1
    for word in thai_words(text[: room + 40], keep_whitespace=True):
        end += len(word)
        if end > room:
            break
        boundary = end
    return boundary
