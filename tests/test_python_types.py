"""The core's Python is typed: mypy --strict (pinned in requirements.txt, with the stubs it needs;
settings in pyproject.toml) finds every function in hooks/dpup saying what it takes and gives, and
every use of it keeping to that."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import ROOT
from dpup import run


def test_python_passes_mypy_strict(tmp_path):
    # mypy keeps what it learnt beside the build cache, outside the work tree: a run then takes well
    # under a second instead of five or more. With the cache off (DPUP_CACHE=0), a folder of its own.
    cache = run.read(ROOT).cache_root
    cache_dir = cache / "mypy" if cache else tmp_path / "mypy"
    # As pyproject.toml configures it, as the pre-commit hook and a contributor run it: the files it
    # names (all of hooks/dpup), strict, each module's own errors included.
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(cache_dir)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_checks_all_of_the_core_strictly():
    """The test above runs mypy with no options of its own, so the settings it relies on stay put."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert settings["strict"] is True, "pyproject.toml [tool.mypy]: keep `strict = true`"
    assert settings["files"] == ["hooks/dpup"], 'pyproject.toml [tool.mypy]: keep `files = ["hooks/dpup"]`'
    for override in settings.get("overrides", []):
        modules = [override["module"]] if isinstance(override["module"], str) else override["module"]
        ours = [m for m in modules if m.split(".")[0] in ("dpup", "hooks")]
        assert not ours, (
            f"pyproject.toml [[tool.mypy.overrides]] relaxes {', '.join(ours)}; overrides are for "
            "untyped libraries: type the code instead"
        )
