"""The build cache: the slow, pure steps of a build keyed on a hash of their inputs.

Marking te reo, scoring reading level, building the search index and rendering PDFs give the
same output for the same input, so a rebuild reuses what it made last time. Entries live in
<cache folder>/<name>/, outside the work tree (dpup/run.py: ~/.cache/dpup-site, or DPUP_CACHE_DIR),
so no pull request can plant one; deleting it is always safe. Keyed on their inputs, entries are
shared safely by every checkout and copy of the project. DPUP_CACHE=0 turns the cache off for
every step. Entries no build has used for 30 days are
removed, whatever their kind.
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


def _source(module: str) -> str:
    """A module's code, found by its name without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"cache: no module {module} to key the cache on.")
    return Path(spec.origin).read_text(encoding="utf-8")


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")  # ("ab", "c") and ("a", "bc") differ
    return digest.hexdigest()


class Cache:
    """One kind of entry, e.g. Cache(root, "te-reo", "dpup.pages.te_reo"): the code of the modules
    that make the value is part of every key, so changing it (or upgrading a library) never
    serves a stale entry. `root` None: no cache, everything is made afresh."""

    def __init__(self, root: Path | None, name: str, *modules: str):
        self.folder = root / name if root else None
        # By name, not by import: a warm build never has to import a slow library at all.
        self.version = key(*(_source(m) for m in modules))
        self._pruned = False

    def get_or_make(self, parts: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """The JSON value stored for these inputs, or make() it and store it."""
        if self.folder is None:
            return make()
        path = self.path(key(self.version, *parts), ".json")
        if path.is_file():
            os.utime(path)  # still in use: keep it from being pruned
            return json.loads(path.read_text(encoding="utf-8"))
        value = make()
        self.write(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        return value

    def path(self, entry: str, suffix: str) -> Path:
        """Where an entry's file lives (for steps that store files, such as PDFs)."""
        assert self.folder is not None, "the cache is off"
        return self.folder / f"{entry}{suffix}"

    def write(self, path: Path, data: bytes) -> None:
        """Store a file atomically: a crash mid-write never leaves half an entry."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")  # builds may share a cache
        partial.write_bytes(data)
        os.replace(partial, path)
        self.prune()

    def prune(self) -> None:
        """Once per build: remove every file (of any kind) that no build has used for 30 days."""
        if self._pruned or self.folder is None or not self.folder.is_dir():
            return
        self._pruned = True
        cutoff = time.time() - MAX_AGE_DAYS * 86400
        for entry in self.folder.iterdir():
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
