"""What this run is: its command, its date, whether it is the offline variant, and which slow
extras it makes (PDFs and the offline zip, "downloads").

DPUP_PDF unset: `mkdocs build` makes them and `mkdocs serve` skips them;
DPUP_PDF=1 always makes them; DPUP_PDF=0 never does.
"""

from __future__ import annotations

import datetime
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


def build_date() -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH pins, for reproducible builds and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def offline(config) -> bool:
    """Is this the offline variant (Material's offline plugin, DPUP_OFFLINE=true in mkdocs.yml)?"""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)
