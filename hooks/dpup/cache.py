"""A small on-disk cache for the build's slow, pure steps, keyed on a hash of their inputs.

Marking te reo, scoring reading level and building the search index give the same output
for the same input, so a rebuild reuses what it made last time. Entries live in .cache/
at the project root (git ignores it); deleting the folder is always safe. Entries no build
has used for 30 days are removed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_AGE_DAYS = 30
_root: Path | None = None


def configure(project_dir: Path) -> None:
    """Called once per build from on_config; DPUP_CACHE=0 turns the cache off."""
    global _root
    _root = None if os.environ.get("DPUP_CACHE") == "0" else project_dir / ".cache"


def key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")  # ("ab", "c") and ("a", "bc") differ
    return digest.hexdigest()


class Cache:
    """One kind of entry, e.g. Cache("te-reo", "dpup.te_reo"): the modules that make the value are part
    of its key, so changing their code (or upgrading a library) never serves a stale entry."""

    def __init__(self, name: str, *modules: str):
        self.name = name
        # By name, not by import: a warm build never has to import a slow library at all.
        sources = (Path(importlib.util.find_spec(m).origin).read_text(encoding="utf-8") for m in modules)
        self.version = key(*sources)
        self._pruned = False

    def get_or_make(self, parts: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """The JSON value stored for these inputs, or make() it and store it."""
        if _root is None:
            return make()
        folder = _root / self.name
        path = folder / f"{key(self.version, *parts)}.json"
        if path.is_file():
            os.utime(path)  # still in use: keep it from being pruned
            return json.loads(path.read_text(encoding="utf-8"))
        value = make()
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # a crash mid-write never leaves a half entry
        self._prune(folder)
        return value

    def _prune(self, folder: Path) -> None:
        if self._pruned:
            return
        self._pruned = True
        cutoff = time.time() - MAX_AGE_DAYS * 86400
        for entry in folder.glob("*.json"):
            if entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
