"""Hook: the offline edition, the whole site as a zip that works from file://, on the downloads page.

Material's offline plugin (enabled by DPUP_OFFLINE=true) changes the whole build (plain .html
links, an inlined search index), so the offline edition is a second, nested `mkdocs build` of the
same project into a temp folder, zipped into the main site. It runs whenever the downloads are
made (hooks/dpup/switches.py), and never inside the nested build itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from dpup import downloads, switches
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ZIP = "offline/dpup-policy-offline.zip"
TOP = "dpup-policy"  # the folder the zip unpacks to
STAMP = (2020, 1, 1, 0, 0, 0)  # the same date on every entry, so the same site makes the same bytes
SKIP = (".map",)  # source maps: only for debugging Material's scripts


def on_post_build(config: MkDocsConfig) -> None:
    """Build the offline variant, zip it into the site and list it on the downloads page."""
    if not switches.downloads_wanted() or switches.offline(config):
        return
    target = Path(config.site_dir) / ZIP
    with tempfile.TemporaryDirectory(prefix="dpup-offline-") as tmp:
        build_offline(Path(config.config_file_path), Path(tmp) / "site")
        write_zip(Path(tmp) / "site", target)
    downloads.register(ZIP, "The website, offline",
                       "Every page of this site in one zip file. Unzip it and open index.html in a "
                       "browser: it works without the internet.", group="Offline")


def build_offline(config_file: Path, out: Path) -> None:
    env = {**os.environ, "DPUP_OFFLINE": "true", "DPUP_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_file),
                             "-d", str(out)], cwd=config_file.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"offline: the offline build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def write_zip(site: Path, target: Path) -> None:
    """Zip a folder deterministically: sorted names, fixed dates and permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.endswith(SKIP)):
            entry = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
