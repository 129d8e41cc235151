"""Cutting a long line for the one-page brief: where the cut falls."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.compose.clipping import clip

THAI_LEADING_VOWELS = "เแโใไ"
THAI_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}

RELATIONS = (
    "Thailand is the oldest U.S. treaty ally in Asia; relations date from the 1833 Treaty of "
    "Amity and Commerce, the first U.S. treaty with an Asian nation. Alliance rests on the 1954 "
    "Manila Pact and the 1962 Thanat-Rusk communiqué."
)


def test_a_short_line_is_kept_whole() -> None:
    assert clip("Alliance  reaffirmed.\n", 40) == "Alliance reaffirmed."


def test_a_cut_keeps_the_last_whole_sentence() -> None:
    assert clip(RELATIONS, 180) == (
        "Thailand is the oldest U.S. treaty ally in Asia; relations date from the 1833 Treaty of "
        "Amity and Commerce, the first U.S. treaty with an Asian nation. …"
    )


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Visit by the U.S. Secretary of Commerce to Bangkok and Chiang Mai in the spring"
    assert clip(text, 42) == "Visit by the U.S. Secretary of Commerce…"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Strategic Law Enforcement Partnership Dialogue (working level) agreed", 50,
         "Strategic Law Enforcement Partnership Dialogue…"),
        ("USD 25 million U.S. grant for defence modernisation, professionalisation", 60,
         "USD 25 million U.S. grant for defence modernisation…"),
        ("ผลักดันการเยือน (ปานปรีย์ พหิทธานุกร) เพื่อหารือความร่วมมือ", 40,
         "ผลักดันการเยือน (ปานปรีย์ พหิทธานุกร)…"),
    ],
)  # fmt: skip
def test_a_cut_falls_between_words(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


def test_thai_with_no_space_is_cut_between_syllables() -> None:
    text = "ก" * 50 + "เกี่ยวข้อง" + "ข" * 50
    assert clip(text, 53) == "ก" * 50 + "…"  # not after เ, the vowel of the next syllable
    assert clip("ก" * 50 + "กี่" + "ข" * 50, 53) == "ก" * 50 + "…"  # nor before its marks


words = st.text(alphabet="abcdeกขคงเแไ่้ีัุ.U", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=60), st.integers(min_value=12, max_value=200))
def test_a_clipped_line_fits_and_begins_the_text(parts: list[str], limit: int) -> None:
    text = " ".join(parts)
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    assert clipped.endswith("…")
    kept = clipped.removesuffix("…").rstrip()
    assert text.startswith(kept)
    assert kept
    if text[len(kept)] != " " and len(kept) > 1:  # cut inside a run: between syllables
        assert kept[-1] not in THAI_LEADING_VOWELS
        assert text[len(kept)] not in THAI_MARKS


@pytest.mark.parametrize("limit", range(20, 75, 3))
def test_thai_is_cut_at_a_word_boundary(limit: int) -> None:
    from pythainlp.tokenize import word_tokenize

    text = "ระดับเจ้าหน้าที่อาวุโส การประชุม 2+2 ครั้งที่ ๓ ระหว่างปลัดกระทรวงการต่างประเทศและปลัดกระทรวงกลาโหม"
    clipped = clip(text, limit)
    kept = clipped.removesuffix("…").rstrip()
    ends, end = set(), 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        end += len(word)
        ends.add(end)
    assert len(kept) in ends, clipped  # never "ปลัดกระทรวงกลาโห…"
