"""The site's own scripts share one style: ESLint (pinned in package.json) with eslint.config.mjs."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def test_scripts_pass_the_linter():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    assert eslint.exists(), "run bin/setup --test: it installs the npm packages in package.json"
    result = subprocess.run([str(eslint), "--max-warnings", "0", "overrides/assets/javascripts"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
