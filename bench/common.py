"""What the bench scripts share: the project root, its virtual environment, a timed build and a
realistic local host. Builds and servers are the project's own (hooks/dpup/local.py), as the tests use."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
sys.path.insert(0, str(ROOT / "hooks"))

from dpup import local  # noqa: E402
from dpup.content import config_check  # noqa: E402


def checked_config(path: Path = ROOT / "mkdocs.yml") -> None:
    """Stop unless mkdocs.yml is safe to load (MkDocs' loader would run what a tag names)."""
    if problems := config_check.check(path):
        sys.exit(config_check.report(problems))


checked_config()  # every bench script imports this module before it reads mkdocs.yml


def use_venv() -> None:
    """Re-run this script with the project's virtual environment (bin/setup makes it)."""
    if sys.prefix == sys.base_prefix and VENV_PYTHON.exists():
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", project: Path = ROOT, **env: str) -> float:
    """Build the site without PDFs (or the offline zip) and return the seconds it took."""
    start = time.perf_counter()
    result = local.build(project, site_dir, strict=False, quiet=True, config_file=config, env=env)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start
