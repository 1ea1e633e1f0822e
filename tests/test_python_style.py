"""The project's Python shares one style: ruff (pinned in requirements.txt) with the settings in
pyproject.toml, over hooks/, macros.py, bin/, bench/ and tests/ (pycodestyle at 120 columns,
Pyflakes, import order, bugbear, pyupgrade), laid out by `ruff format`."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_python_passes_ruff():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_laid_out_by_ruff_format():
    """One layout, so a diff shows what changed, not who wrote it (`ruff format` fixes it)."""
    result = ruff("format", "--check")
    assert result.returncode == 0, "run `.venv/bin/ruff format`:\n" + result.stdout + result.stderr
