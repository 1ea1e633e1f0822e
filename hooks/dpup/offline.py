"""The offline edition: the whole site as a zip that works from file://.

Material's offline plugin (switched on by DPUP_OFFLINE=true) changes the whole build (plain
.html links, an inlined search index), so the offline edition is a second, nested build of
the same project into a temp folder (hooks/offline.py), zipped here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from .content.errors import Problem, stop
from .content.file_names import CONTROL

ZIP = "offline/dpup-policy-offline.zip"
TOP = "dpup-policy"  # the folder the zip unpacks to
STAMP = (2020, 1, 1, 0, 0, 0)  # the same date on every entry, so the same site makes the same bytes
SKIP = (".map",)  # source maps: only for debugging Material's scripts


def write_zip(site: Path, target: Path) -> None:
    """Zip a folder deterministically: sorted names, fixed dates and permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.endswith(SKIP)):
            entry = zipfile.ZipInfo(entry_name(path.relative_to(site).as_posix()), STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)


def entry_name(relative: str) -> str:
    """The zip entry for a file of the site. A second wall behind files.py's name check: some
    Windows unzip tools read a backslash as a folder, so `x\\..\\..\\Desktop\\a.png` would unpack
    outside the folder; such a name stops the build instead."""
    if "\\" in relative or ".." in PurePosixPath(relative).parts:
        stop(
            Problem(
                CONTROL.sub("?", relative),
                None,
                None,
                "the offline zip may not hold a name with a backslash or a '..' part: an unzip tool "
                "could write it outside its folder. Rename the file in docs/ it was published from.",
            )
        )
    return f"{TOP}/{relative}"
