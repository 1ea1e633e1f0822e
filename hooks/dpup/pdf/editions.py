"""Which PDF editions there are, what each holds, and their stable addresses under /pdf/."""

from __future__ import annotations

from collections.abc import Sequence

from ..content.errors import Problem, raise_problems
from ..content.schema import DownloadTexts
from ..content.schema import Edition as ExtraEdition
from ..pages.fragments import AUDIENCE_VIEW
from .print_html import Edition, Source

WHOLE = "pdf/dpup.pdf"
LARGE = "pdf/dpup-large-print.pdf"
DOWNLOADS_PAGE = "downloads.md"  # lists the editions, so it cannot be one
EACH_PAGE = "Each page"  # the group of every page's own PDF


def audience_of(src_uri: str) -> str | None:
    """'for/frontline.md' -> 'frontline': the generated audience views."""
    prefix, suffix = AUDIENCE_VIEW.split("{id}")
    if src_uri.startswith(prefix) and src_uri.endswith(suffix):
        return src_uri[len(prefix) : -len(suffix)]
    return None


def in_whole_policy(src_uri: str) -> bool:
    """Audience views repeat text from the other pages, so they are editions of their own."""
    return src_uri != DOWNLOADS_PAGE and audience_of(src_uri) is None


def pdf_path(src_uri: str) -> str | None:
    """The PDF a page's "Download PDF" link points to, or None for the downloads page.

    From the docs path, so it is the same with or without directory URLs:
    protocols/purpose-matters.md -> pdf/pages/protocols/purpose-matters.pdf.
    """
    if src_uri == DOWNLOADS_PAGE:
        return None
    return _edition_path(src_uri)


def _edition_path(src_uri: str) -> str:
    """The PDF of a page that has one: any page but the downloads page (pdf_path)."""
    if (audience := audience_of(src_uri)) is not None:
        return f"pdf/for/{audience}.pdf"
    stem = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"pdf/pages/{stem or 'home'}.pdf"


def plan(
    sources: list[Source],
    summaries: dict[str, str],
    site_name: str,
    texts: DownloadTexts,
    extra: Sequence[ExtraEdition] = (),
    parts: dict[str, list[str]] | None = None,
) -> list[Edition]:
    """Every edition, from the site's pages in nav order. `summaries` maps src_uri to summary;
    `texts` say what the whole-policy editions hold, `extra` are editions of chosen pages, such as
    the workshop pack (data/pages.yml); `parts` maps src_uri to the ids of its parts (print_html.sections),
    which an edition of one part of a page names."""

    def titled(title: str) -> str:
        return title if title == site_name else f"{title} – {site_name}"

    whole = tuple(s for s in sources if in_whole_policy(s.src_uri))
    editions = [
        Edition(WHOLE, site_name, texts.whole_policy, whole, cover=True, contents="pages", group="The whole policy"),
        Edition(
            LARGE,
            f"{site_name} (large print)",
            texts.large_print,
            whole,
            cover=True,
            contents="pages",
            large=True,
            group="The whole policy",
        ),
    ]
    by_src = {s.src_uri: s for s in sources}
    printable = {s.src_uri for s in whole} | {s.src_uri for s in sources if audience_of(s.src_uri) is not None}
    taken = {WHOLE, LARGE} | {pdf_path(s.src_uri) for s in sources}
    problems = [
        Problem(
            "data/pages.yml",
            None,
            f"editions.{n}.pages",
            f"'{src}' is not a page in the nav."
            if src not in by_src
            else f"'{src}' is not printed (it is not part of the whole policy); choose another page.",
        )
        for n, x in enumerate(extra)
        for src in x.pages
        if src not in printable
    ]
    problems += [
        Problem("data/pages.yml", None, f"editions.{n}.pages", "a page is listed twice; list each once.")
        for n, x in enumerate(extra)
        if len(set(x.pages)) != len(x.pages)
    ]
    paths = [x.path for x in extra]
    problems += [
        Problem(
            "data/pages.yml",
            None,
            f"editions.{n}.path",
            f"'{x.path}' is already the address of another PDF; choose a name of its own.",
        )
        for n, x in enumerate(extra)
        if x.path in taken or paths.count(x.path) > 1
    ]
    problems += _part_problems(extra, parts or {})
    raise_problems(problems)
    for x in extra:
        pages = tuple(by_src[src] for src in x.pages)
        if x.section is not None:  # a part to photocopy: it starts on page 1, no cover, no contents
            editions.append(
                Edition(
                    x.path, titled(x.title), x.description, pages, heading=x.title, group=x.group, section=x.section
                )
            )
            continue
        editions.append(
            Edition(
                x.path,
                titled(x.title),
                x.description,
                pages,
                heading=x.title,
                cover=True,
                contents="pages and parts" if len(pages) > 1 else "headings",
                group=x.group,
                leave_out=tuple(x.leave_out),
            )
        )
    for s in sources:
        if audience_of(s.src_uri) is not None:
            editions.append(
                Edition(
                    _edition_path(s.src_uri),
                    titled(s.title),
                    summaries.get(s.src_uri, ""),
                    (s,),
                    heading=s.title,
                    cover=True,
                    contents="headings",
                    group="For you",
                )
            )
    for s in whole:
        editions.append(
            Edition(
                _edition_path(s.src_uri),
                titled(s.title),
                summaries.get(s.src_uri, ""),
                (s,),
                heading=s.title,
                group=EACH_PAGE,
            )
        )
    return editions


def _part_problems(extra: Sequence[ExtraEdition], parts: dict[str, list[str]]) -> list[Problem]:
    """An edition of part of a page names one page, and parts that page has."""
    problems = []
    for n, x in enumerate(extra):
        if x.section is None and not x.leave_out:
            continue
        field = "section" if x.section is not None else "leave_out"
        if x.section is not None and x.leave_out:
            problems.append(
                Problem(
                    "data/pages.yml",
                    None,
                    f"editions.{n}.leave_out",
                    "an edition prints one section or leaves sections out, not both; keep one.",
                )
            )
            continue
        if len(x.pages) != 1:
            problems.append(
                Problem(
                    "data/pages.yml",
                    None,
                    f"editions.{n}.{field}",
                    "an edition of part of a page lists one page only; list that page alone.",
                )
            )
            continue
        known = parts.get(x.pages[0], [])
        for part in [x.section] if x.section is not None else x.leave_out:
            if part not in known:
                problems.append(
                    Problem(
                        "data/pages.yml",
                        None,
                        f"editions.{n}.{field}",
                        f"'{part}' is not a section of '{x.pages[0]}'. A section is named by the id of its "
                        f"second-level heading: {', '.join(known) or 'the page has none'}.",
                    )
                )
    return problems
