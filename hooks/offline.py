"""Hook: the offline edition (dpup/offline.py), the whole site as a zip that works from file://.

It is a second, nested `mkdocs build` of the same project with DPUP_OFFLINE=true, made
whenever the downloads are (dpup/run.py), and never inside the nested build itself.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from adapter import reported
from dpup import build, local
from dpup.offline import ZIP, write_zip


@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Build the offline variant, zip it into the site and list it on the downloads page."""
    current = build.current()
    if not current.run.downloads or current.run.offline:
        return
    with tempfile.TemporaryDirectory(prefix="dpup-offline-") as tmp:
        out = Path(tmp) / "site"
        result = local.build(
            current.run.project,
            out,
            strict=False,
            quiet=True,
            downloads=False,
            offline=True,
            config_file=Path(config.config_file_path),
        )
        if result.returncode != 0:
            raise PluginError(f"offline: the offline build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        write_zip(out, Path(config.site_dir) / ZIP)
    texts = current.model.data.pages.downloads
    current.register(ZIP, texts.offline_title, texts.offline, group="Offline")
