"""lunr.js for our search worker, made smaller at build time from the copy MkDocs ships.

MkDocs ships lunr.js 2.3.9 (the version the Python `lunr` package serializes for) with
its comments; we drop comment lines and indentation, which halves it. Never committed.
"""

from __future__ import annotations

from pathlib import Path


def lunr_js(source: Path) -> str:
    """lunr.js without comment lines, blank lines or indentation (line breaks stay, so ASI is unchanged)."""
    out, in_comment = [], False
    for line in source.read_text(encoding="utf-8").splitlines():
        code = line.strip()
        if in_comment:
            in_comment = "*/" not in code
            continue
        if code.startswith("/*"):
            in_comment = "*/" not in code
            continue
        if code and not code.startswith("//"):
            out.append(code)
    return "\n".join(out) + "\n"
