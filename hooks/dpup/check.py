"""`python -m dpup check [PROJECT]`: the checks a build makes before MkDocs renders anything, in
about a second and without MkDocs, for a contributor's pre-commit hook (issue 33).

It checks what hooks/content.py checks first: mkdocs.yml read with the safe parser
(content/config_check.py), every file of docs/ and data/ as what it claims to be
(content/files.py), mkdocs.yml's `extra:` settings (content/settings.py), the data files against
their schemas, and every written page's front matter, Jinja (the allow-listed macros only) and
audience blocks (content/model.py). Every problem is printed, with its file, line, field and fix;
the exit status is 1 if there was one. It does not render pages: the build's later checks (links,
sanitised HTML, reading level) need Markdown and the site, so `mkdocs build --strict` stays the
whole check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .content import config_check, model
from .content import files as content_files
from .content.errors import ContentError, Problem
from .pages import macros, views
from .pages.views import MADE_BY_THE_BUILD


def problems(project: Path) -> list[Problem]:
    config_file = project / "mkdocs.yml"
    found = config_check.check(config_file)
    if found:
        return found
    config = config_check.plain(config_file)
    found = content_files.problems(project, MADE_BY_THE_BUILD)
    if found:  # a file that is not what it claims is not read any further
        return found
    content = model.load_content(project, config.get("extra") or {})  # ContentError: every problem
    docs = project / "docs"
    sources = [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in sorted(docs.rglob("*.md"))]
    in_nav = model.nav_order(config.get("nav") or [])
    # The macros pages may call, as macros.py hands them on (the audience block is the parser's own),
    # each with what its parameters take.
    return model.load_pages(content, sources, in_nav, macros.PARAMETERS) + views.nav_problems(content, in_nav)


def main(args: list[str]) -> int:
    if not args or args[0] != "check" or len(args) > 2:
        print("usage: python -m dpup check [PROJECT]", file=sys.stderr)
        return 2
    project = Path(args[1] if len(args) > 1 else ".").resolve()
    try:
        found = [str(problem) for problem in problems(project)]
    except ContentError as error:  # the data files: its message lists every problem
        found = [str(error)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"dpup check: {len(found)} problem(s)" if found else "dpup check: no problems", file=sys.stderr)
    return 1 if found else 0
