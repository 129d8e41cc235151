"""The values a pack's marking and PDF may take: one definition, read by the profiles, the
desk's settings, the renderer and the command line's options and help."""

from __future__ import annotations

from typing import Literal, get_args

Classification = Literal["none", "confidential", "secret", "top-secret"]
CLASSIFICATIONS: tuple[str, ...] = get_args(Classification)  # lowest first

PdfVariant = Literal["pdf/a-3b", "pdf/ua-1"]
PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)
PDF_VARIANT_USES = {"pdf/a-3b": "archival", "pdf/ua-1": "accessible"}  # what each is for


def check_classification(text: str | None, what: str) -> str | None:
    """A marking level as given by a person (an option, a form field), or a clean refusal
    naming where it was given; None stands for "not given"."""
    from briefgen.errors import InputError

    if text is not None and text not in CLASSIFICATIONS:
        raise InputError(
            f"{what}: unknown level '{text}'; use one of: {', '.join(CLASSIFICATIONS)}"
        )
    return text
