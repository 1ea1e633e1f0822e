"""The project's Python shares one style: ruff (pinned in requirements.txt) with the settings in
pyproject.toml, over hooks/, macros.py, bin/, bench/ and tests/ (pycodestyle at 120 columns,
Pyflakes, import order, bugbear, pyupgrade), laid out by `ruff format`."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_python_passes_ruff():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_laid_out_by_ruff_format():
    """One layout, so a diff shows what changed, not who wrote it (`ruff format` fixes it)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, "run `.venv/bin/ruff format`:\n" + result.stdout + result.stderr
