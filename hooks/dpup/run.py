"""What this run is: every switch, read once from the environment, with the project folder,
the command and the build date. Nothing else in the project reads a DPUP_* variable.

- DPUP_PDF: PDFs and the offline zip ("downloads"). Unset, `build` makes them and `serve` skips
  them; 1 always; 0 never.
- DPUP_OFFLINE=true: the offline variant (Material's offline plugin: plain .html links, works from
  file://).
- DPUP_CACHE=0: no build cache; every slow step (te reo, reading level, search index, PDFs) runs
  afresh.
- DPUP_CACHE_DIR: where the build cache lives; by default $XDG_CACHE_HOME/dpup-site
  (~/.cache/dpup-site), never in the work tree.
- DPUP_STOCK_SEARCH: Material's own search instead of our prebuilt index. Unset, `serve` uses it (a
  faster preview) and `build` does not; 1 always (for bench/search); 0 never.
- SOURCE_DATE_EPOCH: the build date, for reproducible builds and tests.
- MIKE_DOCS_VERSION: set by mike (bin/archive) to the version it is building: an archived build,
  kept at /v/<version>/ with a banner on every page.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The build cache lives outside the work tree, where no pull request can plant an entry: an
# entry is trusted as the output of its inputs (a planted te reo page would skip the sanitiser).
CACHE_FOLDER = "dpup-site"  # under $XDG_CACHE_HOME, or ~/.cache
ARCHIVE_FOLDER = "v"  # earlier versions live at /v/<version>/ (bin/archive; mike's deploy_prefix in mkdocs.yml)


@dataclass(frozen=True)
class Run:
    project: Path  # the folder mkdocs.yml is in
    command: str  # "build", "serve" or "gh-deploy"
    date: datetime.date
    downloads: bool  # make the PDF editions and the offline zip
    offline: bool  # this is the offline variant
    cache: Path | None  # the build cache's folder; None when it is off
    stock_search: bool
    archived: str | None = None  # the version an archived build is of (mike sets it); None for the current site

    def site_url(self, site_url: str | None) -> str | None:
        """Where this build is published: the site's address, or <site_url>v/<version>/ for an archived one."""
        if not (self.archived and site_url):
            return site_url
        return f"{site_url.rstrip('/')}/{ARCHIVE_FOLDER}/{self.archived}/"

    @property
    def cache_root(self) -> Path | None:
        return self.cache


def read(project: Path, command: str = "build", environ: Mapping[str, str] = os.environ) -> Run:
    """The run, from the environment. A switch with a value it does not know stops the build."""
    pdf = environ.get("DPUP_PDF", "").strip()
    if pdf not in ("", "0", "1"):
        raise ValueError(f"DPUP_PDF={pdf!r}: use 1 (always make PDFs), 0 (never) or leave it unset.")
    stock = environ.get("DPUP_STOCK_SEARCH", "").strip()
    if stock not in ("", "0", "1"):
        raise ValueError(
            f"DPUP_STOCK_SEARCH={stock!r}: use 1 (Material's own search), 0 (our prebuilt index) or leave it unset."
        )
    offline = environ.get("DPUP_OFFLINE", "").strip().lower()
    if offline not in ("", "true", "false", "1", "0"):
        raise ValueError(f"DPUP_OFFLINE={offline!r}: use true or leave it unset.")
    return Run(
        project=project,
        command=command,
        date=build_date(environ),
        downloads=(pdf == "1") if pdf else command != "serve",
        offline=offline in ("true", "1"),
        cache=cache_folder(project, environ) if environ.get("DPUP_CACHE") != "0" else None,
        stock_search=(stock == "1") if stock else command == "serve",
        archived=environ.get("MIKE_DOCS_VERSION", "").strip() or None,
    )


# Address space for a build, each of its PDF workers (they inherit it) and the change check: about
# four times what the largest measured use needs (README, "Security"), so input that grows without
# end stops with a MemoryError instead of taking the machine.
MEMORY_LIMIT = 6 * 2**30


def bound_memory(limit: int = MEMORY_LIMIT) -> None:
    """Lower this process's address-space limit to `limit` bytes (never raise it)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def cache_folder(project: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """The build cache's folder: DPUP_CACHE_DIR, else the user's cache folder; never in the project."""
    home = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(environ.get("DPUP_CACHE_DIR") or home / CACHE_FOLDER).resolve()
    if folder.is_relative_to(project.resolve()):
        raise ValueError(
            f"DPUP_CACHE_DIR={folder} is inside the project: a pull request could plant entries "
            "there. Choose a folder outside it, or leave it unset."
        )
    return folder


def build_date(environ: Mapping[str, str] = os.environ) -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH pins, for reproducible builds and tests."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def environment(*, downloads: bool | None = None, offline: bool = False) -> dict[str, str]:
    """The variables for a nested or scripted build of the project (hooks/offline.py, tests, bench)."""
    env = {"NO_MKDOCS_2_WARNING": "1", "DPUP_OFFLINE": "true" if offline else "false"}
    if downloads is not None:
        env["DPUP_PDF"] = "1" if downloads else "0"
    return env
