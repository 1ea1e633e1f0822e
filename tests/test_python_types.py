"""The core's Python is typed: mypy --strict (pinned in requirements.txt, with the stubs it needs;
settings in pyproject.toml) finds every function saying what it takes and gives, and every use of it
keeping to that."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from dpup import run

# The modules cleaned so far (issue 33, first wave). The lead widens this to all of hooks/dpup: then
# the test runs plain `python -m mypy`, which checks the `files` pyproject.toml names, and drops
# --follow-imports=silent below.
TYPED = [
    "hooks/dpup/__main__.py",
    "hooks/dpup/build.py",
    "hooks/dpup/cache.py",
    "hooks/dpup/download.py",
    "hooks/dpup/local.py",
    "hooks/dpup/offline.py",
    "hooks/dpup/run.py",
    "hooks/dpup/text.py",
    "hooks/dpup/content/config_check.py",
    "hooks/dpup/content/errors.py",
    "hooks/dpup/content/files.py",
    "hooks/dpup/content/limits.py",
    "hooks/dpup/content/links.py",
    "hooks/dpup/content/preview.py",
    "hooks/dpup/content/rendered.py",
    "hooks/dpup/content/reparsed.py",
    "hooks/dpup/content/sanitise.py",
    "hooks/dpup/content/tool_schema.py",
    "hooks/dpup/content/tools.py",
    "hooks/dpup/content/trace.py",
    "hooks/dpup/content/yaml_reader.py",
    "hooks/dpup/office",
    "hooks/dpup/pdf",
    "hooks/dpup/search",
]


def test_python_passes_mypy_strict(tmp_path):
    # mypy keeps what it learnt beside the build cache, outside the work tree: a run then takes well
    # under a second instead of four or more. With the cache off (DPUP_CACHE=0), a folder of its own.
    cache = run.read(ROOT).cache_root
    cache_dir = cache / "mypy" if cache else tmp_path / "mypy"
    # --strict, whatever pyproject.toml says. --follow-imports=silent: the modules these import are
    # read for their types, and their own errors are left to the second wave.
    command = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--cache-dir", str(cache_dir),
               *TYPED]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
