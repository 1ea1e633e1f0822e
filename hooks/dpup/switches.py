"""Which slow extras a run makes: PDFs and the offline zip ("downloads").

DPUP_PDF unset: `mkdocs build` makes them and `mkdocs serve` skips them;
DPUP_PDF=1 always makes them; DPUP_PDF=0 never does.
"""

from __future__ import annotations

import os

_command = "build"


def remember_command(command: str) -> None:
    """Called from on_startup: 'build', 'gh-deploy' or 'serve'."""
    global _command
    _command = command


def downloads_wanted() -> bool:
    choice = os.environ.get("DPUP_PDF", "").strip()
    if choice in ("0", "1"):
        return choice == "1"
    if choice:
        raise ValueError(f"DPUP_PDF={choice!r}: use 1 (always make PDFs), 0 (never) or leave it unset.")
    return _command != "serve"
