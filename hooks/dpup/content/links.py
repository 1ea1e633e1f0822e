"""Links and images written as raw HTML in a page: MkDocs checks Markdown links, not these.

A raw `<a href>` or `<img src>` goes to the browser as written, so it is checked here against
the files of the built site, before any PDF work (where a missing image would stop WeasyPrint).
"""

from __future__ import annotations

import posixpath
import re

from .errors import Problem

RAW = re.compile(r"<(?P<tag>a|img)\b[^>]*?\s(?P<attr>href|src)\s*=\s*(?P<q>[\"']?)(?P<target>[^\"'\s>]+)(?P=q)",
                 re.IGNORECASE)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def raw_targets(prose: str) -> list[tuple[int, str]]:
    """(line within the prose, target) of every raw-HTML link and image outside code."""
    text = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), prose)
    return [(text[: m.start()].count("\n"), m["target"]) for m in RAW.finditer(text)
            if not EXTERNAL.match(m["target"])]


def resolves(target: str, page_url: str, urls: set[str]) -> bool:
    """Does a relative address, seen from the page at `page_url`, reach a file of the site?"""
    path = target.split("#")[0].split("?")[0]
    if not path:
        return True
    here = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    resolved = posixpath.normpath(posixpath.join(here, path)).lstrip("./")
    resolved = "" if resolved == "." else resolved
    return resolved in urls or resolved.rstrip("/") + "/" in urls or resolved + "/index.html" in urls


def problems(file: str, first_line: int, prose: str, page_url: str, urls: set[str]) -> list[Problem]:
    out = []
    for line, target in raw_targets(prose):
        if target.endswith(".md") or ".md#" in target:
            out.append(Problem(file, first_line + line, "body",
                               f"the raw HTML link '{target}' is not rewritten for the website; write it as a "
                               "Markdown link, [text](page.md), which the build checks and rewrites."))
        elif not resolves(target, page_url, urls):
            out.append(Problem(file, first_line + line, "body",
                               f"'{target}' goes to no page or file of this site; check the path (it is read "
                               "from this page's address), or use a Markdown link, which the build checks."))
    return out
