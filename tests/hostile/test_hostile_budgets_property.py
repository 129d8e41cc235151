"""Families of hostile input as Hypothesis strategies: template expressions that build big
things, CSS numbers, profile numbers. Each is refused with a clean error or accepted within
its bounds; never a traceback, a hang or a huge string."""

from __future__ import annotations

import math
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.errors import ProfileError, RenderError, TemplateError
from briefgen.profiles import read_profile
from briefgen.render.bounds import MAX_STRING_CHARS
from briefgen.render.cssvalues import MAX_CSS_LENGTH, out_of_range
from briefgen.render.html import MAX_OUTPUT_CHARS, Templates

# -- Template expressions -----------------------------------------------------------------

SIZES = st.one_of(st.integers(0, 2_000), st.sampled_from([10**6, 2 * 10**6, 10**9, 1_500_000_000]))


def _expression(size: int, kind: int, times: int) -> str:
    return [
        f"'x' * {size}",
        f"'%0{size}d' % 1",
        f"_('%(x)0{size}d', x=1)",
        f"'ab'.ljust({size})",
        f"'ab'.encode().rjust({size})",
        f"'{{:>{size}}}'.format('a')",
        f"'%*d' % ({size}, 1)",
        f"([('x' * 1000)] * {min(size, 10**6) // 1000 + times})|join",
        f"('y' * {min(size, 10**6)}) ~ ('y' * {min(size, 10**6)}) ~ 'z'",
        f"'ab'|center({size})",
        f"('a' * 100)|replace('a', 'b' * {min(size, 10**6)})",
        f"'ab'|slice({size})|list|length",
    ][kind]


EXPRESSIONS = st.builds(_expression, SIZES, st.integers(0, 11), st.integers(0, 3000))
DOUBLINGS = st.integers(0, 40)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


def _render(folder: Path, source: str) -> str | TemplateError:
    name = f"t{abs(hash(source))}.j2"
    (folder / name).write_text(source, encoding="utf-8")
    try:
        return Templates([folder], "en").render(name, {})
    except TemplateError as exc:
        return exc


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(expression=EXPRESSIONS, doublings=DOUBLINGS)
def test_template_expressions_stay_bounded(folder: Path, expression: str, doublings: int) -> None:
    source = (
        f"{{% set ns = namespace(s=({expression})|string) %}}"
        f"{{% for i in range({doublings}) %}}{{% set ns.s = ns.s ~ ns.s %}}{{% endfor %}}"
        "{{ ns.s|length }}"
    )
    started = time.monotonic()
    result = _render(folder, source)
    assert time.monotonic() - started < 10
    if isinstance(result, TemplateError):
        assert re.match(r"^\S*t\d+\.j2(:\d+)?: ", str(result)), str(result)
    else:
        assert int(result) <= MAX_STRING_CHARS
        assert len(result) <= MAX_OUTPUT_CHARS


# -- CSS numbers --------------------------------------------------------------------------

UNITS = st.sampled_from(["px", "pt", "mm", "cm", "in", "em", "rem", "%", "vw", ""])
NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(-(10**15), 10**15).map(float),
    st.sampled_from([1e12, -1e12, 10_000.0, 10_001.0, 5e6, 0.0]),
)


def _css_number(value: float, exponent: bool) -> str:
    return f"{value:e}" if exponent else repr(value)


@given(value=NUMBERS, unit=UNITS, exponent=st.booleans(), line=st.integers(1, 5))
def test_css_lengths_out_of_range_are_found(
    value: float, unit: str, exponent: bool, line: int
) -> None:
    written = _css_number(value, exponent)
    css = "\n" * (line - 1) + f"p {{ margin: 0 #1e3a5f; font-size: {written}{unit} }}\n"
    found = out_of_range(css)
    checked = bool(unit) or "e" in written.lower()
    if checked and abs(float(written)) > MAX_CSS_LENGTH:
        assert found == (line, f"{written}{unit}")
    else:
        assert found is None


@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(value=st.sampled_from([1e12, 1e30, -1e12, 9999.0, 1e-30, 3.0e8]), unit=UNITS)
def test_style_values_lay_out_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, value: float, unit: str
) -> None:
    from briefgen.render.pdf import ResourcePolicy, render_pdf

    base = tmp_path_factory.mktemp("css")
    html = f'<p style="font-size: {value}{unit or "px"}; margin-left: {value}{unit}">x</p>'
    try:
        render_pdf(html, base_url=base, policy=ResourcePolicy(roots=[base])).write()
    except RenderError as exc:
        assert "WeasyPrint cannot lay out the document" in str(exc)


# -- Profile numbers ----------------------------------------------------------------------

PROFILE_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([".nan", ".inf", "-.inf", "-5000", "1e308", "0", "100", "100.5", "-0.0"]),
)


def _yaml_number(value: float | str) -> str:
    if isinstance(value, str):
        return value
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


@settings(max_examples=80)
@given(margin=PROFILE_NUMBERS, size=PROFILE_NUMBERS, side=st.sampled_from(["top", "left"]))
def test_profile_numbers_are_finite_and_bounded(
    tmp_path_factory: pytest.TempPathFactory, margin: float | str, size: float | str, side: str
) -> None:
    folder = tmp_path_factory.mktemp("profile")
    path = folder / "profile.yaml"
    path.write_text(
        "name: {en: Evil Ministry}\n"
        f"fonts_pdf: {{size_pt: {_yaml_number(size)}}}\n"
        f"page:\n  margins_mm: {{{side}: {_yaml_number(margin)}}}\n",
        encoding="utf-8",
    )
    try:
        profile = read_profile(path)
    except ProfileError as exc:
        for line in str(exc).splitlines():
            assert re.match(
                r"^\S*profile\.yaml:[24]:\d+: (fonts_pdf\.size_pt|page\.margins_mm\.\w+): ", line
            ), line
        return
    chosen = getattr(profile.page.margins_mm, side)
    assert math.isfinite(chosen) and 0 <= chosen <= 100
    assert math.isfinite(profile.fonts_pdf.size_pt) and 6 <= profile.fonts_pdf.size_pt <= 72
