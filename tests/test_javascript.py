"""The site's own scripts share one style: ESLint (pinned in package.json) with eslint.config.mjs.
The one library the site serves, fflate (overrides/assets/javascripts/vendor/), is the file its
pinned npm package ships, byte for byte, with its licence beside it."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT

VENDOR = ROOT / "overrides" / "assets" / "javascripts" / "vendor"
VENDORED = {"fflate": ("umd/index.js", "fflate.js")}  # package: (its file, our copy)


def test_scripts_pass_the_linter():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    assert eslint.exists(), "run bin/setup --test: it installs the npm packages in package.json"
    result = subprocess.run(
        [str(eslint), "--max-warnings", "0", "overrides/assets/javascripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_vendored_libraries_are_their_pinned_packages():
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert sorted(p.name for p in VENDOR.iterdir()) == sorted(
        n for _, ours in VENDORED.values() for n in (ours, ours.replace(".js", ".LICENSE.txt"))
    )
    for package, (shipped, ours) in VENDORED.items():
        installed = ROOT / "node_modules" / package
        version = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
        assert version == pinned[package], f"{package}: run bin/setup --test to install {pinned[package]}"
        assert (VENDOR / ours).read_bytes() == (installed / shipped).read_bytes(), (
            f"vendor/{ours} is not {package} {version}'s {shipped}: copy it again, do not edit it"
        )
        assert (VENDOR / ours.replace(".js", ".LICENSE.txt")).read_bytes() == (installed / "LICENSE").read_bytes()
