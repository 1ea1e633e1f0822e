"""The build under way: everything one build learns and hands from one hook to the next.

hooks/content.py makes it at on_config (`start`); every other hook and macro looks it up
(`current`). Nothing else in the project keeps state between events, so each build, and
each `mkdocs serve` rebuild, starts from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cache import Cache
from .content.errors import Problem
from .content.model import ContentModel
from .download import Download
from .run import Run


@dataclass
class Build:
    run: Run
    model: ContentModel
    # Where the current site is published: mkdocs.yml's site_url as read, before an archived build
    # puts its own, <site_url>v/<version>/, in its place. (The settings in `extra`: model.settings.)
    current_url: str | None = None
    page_problems: list[Problem] = field(default_factory=list)  # what the checks of rendered pages found
    output_problems: list[Problem] = field(default_factory=list)  # what the checks of written pages found
    urls: dict[str, str] = field(default_factory=dict)  # page URL -> docs path (search hook)
    reports: dict[str, Any] = field(default_factory=dict)  # docs path -> reading-level report (pages hook)
    downloads: list[Download] = field(default_factory=list)  # registered for the downloads page
    nav: Any = None  # the site navigation, as MkDocs made it (pdf hook: the editions follow it)
    te_reo: Any = None  # the te reo marker (pages hook), made on the first page the cache has not seen
    texts: dict[str, list[str]] = field(default_factory=dict)  # docs path -> its text, block by block (history hook)
    # compare page -> (the docs path it compares, the earlier version, that version's text) (history hook)
    compared: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)
    _caches: dict[str, Cache] = field(default_factory=dict)

    def cache(self, name: str, *modules: str) -> Cache:
        """The build's cache of one kind (dpup/cache.py), made once per build."""
        if name not in self._caches:
            self._caches[name] = Cache(self.run.cache_root, name, *modules)
        return self._caches[name]

    def register(
        self,
        path_in_site: str,
        title: str,
        description: str,
        *,
        group: str = "Other downloads",
        pages: int | None = None,
    ) -> None:
        """List a file of the built site on the downloads page (call it from on_post_build)."""
        self.downloads.append(Download(path_in_site.lstrip("/"), title, description, group, pages))


_current: Build | None = None


def start(run: Run, model: ContentModel, current_url: str | None) -> Build:
    global _current
    _current = Build(run, model, current_url)
    return _current


def current() -> Build:
    if _current is None:
        raise RuntimeError("No build is under way: hooks/content.py starts one in on_config.")
    return _current
