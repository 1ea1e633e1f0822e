"""Our copies of Material's partials (overrides/) say which Material release they were copied
from. A new release may change the original: this fails until each copy is compared again."""

from __future__ import annotations

import re
from importlib.metadata import version

from conftest import ROOT


def test_every_copied_partial_names_the_installed_material():
    installed = version("mkdocs-material")
    copies = {}
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        if m := re.search(r"Material (\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")):
            copies[str(path.relative_to(ROOT))] = m.group(1)
    assert "overrides/partials/palette.html" in copies and "overrides/partials/header.html" in copies
    stale = {p: v for p, v in copies.items() if v != installed}
    assert not stale, f"Material is {installed}; compare these copies with its partials again: {stale}"
