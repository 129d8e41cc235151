"""The `briefgen` command as it starts: before the command line itself is loaded.

Loading the command line (Typer, and pydantic for its options) takes a tenth of a second,
and a pack's layouts cannot start before WeasyPrint is loaded. So when the words typed ask
for one pack (`make` without --all, --pdf-variant or --help), the child that loads WeasyPrint
and lays the pack out (render/early.py) is started first, here, and `make` takes it over
(cli.py). Anything else starts as it always did. Should the command line then refuse what
was typed, the child is ended as the process exits.
"""

from __future__ import annotations

import sys

import briefgen

# The options after which `make` lays out no single plain pack, or none at all.
NOT_ONE_PLAIN_PACK = ("--all", "--pdf-variant", "--help", "-h")


def main() -> None:
    briefgen.SHORT_LIVED_PROCESS = True  # this process loads one workspace, then ends
    if makes_one_plain_pack(sys.argv[1:]):
        from briefgen.render.early import start_layouts_for_later

        start_layouts_for_later()
    from briefgen.cli import main as command_line

    command_line()


def makes_one_plain_pack(arguments: list[str]) -> bool:
    """Whether the words typed ask `make` for one plain pack."""
    if not arguments or arguments[0] != "make":
        return False
    for argument in arguments[1:]:
        if argument == "--":
            break
        if argument.split("=", 1)[0] in NOT_ONE_PLAIN_PACK:
            return False
    return True
