"""Where something found in a built page came from: the page's own source, or a data file whose
text a macro or template put there (a generated page repeats every page's text)."""

from __future__ import annotations

import html
from pathlib import Path

from .errors import Problem
from .sanitise import locate


def source_files(project: Path, src_uri: str, written: bool) -> list[str]:
    """Project-relative files to look in, the page's own first."""
    pages = [f"docs/{src_uri}"] if written else []
    pages += [
        str(p.relative_to(project))
        for p in sorted((project / "docs").rglob("*.md"))
        if p.relative_to(project / "docs").as_posix() != src_uri
    ]
    data = [str(p.relative_to(project)) for p in sorted((project / "data").rglob("*.yml"))]
    # Last: the templates print some of mkdocs.yml's `extra:` (Material's social links, for one).
    return pages + data + (["mkdocs.yml"] if (project / "mkdocs.yml").is_file() else [])


def _longest_written(text: str, sources: str) -> str:
    """The longest start of `text` written somewhere in the sources: text made of several fields
    (a law's title: its Act, section and heading) is traced by as much of it as one field holds."""
    low, high = 0, len(text)
    while low < high:  # a start that is written means every shorter one is too
        middle = (low + high + 1) // 2
        low, high = (middle, high) if text[:middle].lower() in sources else (low, middle - 1)
    return text[:low]


def problems(found: list[tuple[str, str]], src_uri: str, project: Path, sources: list[str]) -> list[Problem]:
    """A problem for each (text found, message), at the source line that holds the text: its first
    tag (the markup, as written, and the part most likely to be one field's) weighs most."""
    texts = {f: (project / f).read_text(encoding="utf-8", errors="replace") for f in sources}
    # As written and as read: the text may have come through a template that escaped it, or not.
    readable = "\n".join(form for t in texts.values() for form in (t.lower(), html.unescape(t).lower()))
    out = []
    for value, message in found:
        markup = value[value.find("<") :] if "<" in value else value
        needles = tuple(part for part in (_longest_written(markup, readable), markup[:12], value[:30]) if part)
        file, line = locate(needles, texts) or (f"docs/{src_uri}", None)
        out.append(Problem(file, line, "body" if file.startswith("docs/") else None, message))
    return out
