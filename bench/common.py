"""What the bench scripts share: the project root, its virtual environment, and a timed build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def use_venv() -> None:
    """Re-run this script with the project's virtual environment (bin/setup makes it)."""
    if sys.prefix == sys.base_prefix and VENV_PYTHON.exists():
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", **env: str) -> float:
    """Build the site without PDFs (or the offline zip) and return the seconds it took."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site_dir)],
                   cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DPUP_PDF": "0", **env})
    return time.perf_counter() - start
