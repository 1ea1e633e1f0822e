"""Pages generated from the content model at build time, never committed:
the audience views and "The policy at a glance"."""

from __future__ import annotations

import html
import posixpath
import re
import textwrap

import yaml

from ..content import page_kinds, safety, tool_schema, tools
from ..content.errors import Problem, raise_problems
from ..content.model import Block, ContentModel, Page, mask_code
from ..history import compare
from ..text import slug
from . import macros
from .fragments import AUDIENCE_VIEW, link, text

AT_A_GLANCE = "at-a-glance.md"
TOOL_PATHS = "about/tool-paths.md"
# Where the build makes pages: a written file there is refused (content/files.py), as it would
# stand in for a generated page, or (compare/ is not in the nav) publish pages no menu lists.
MADE_BY_THE_BUILD = (AUDIENCE_VIEW.split("{")[0], AT_A_GLANCE, TOOL_PATHS, f"{compare.FOLDER}/")
SECTION = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
ATTR_LIST = re.compile(r"\s*\{:?([^{}]*)\}$")  # "## The guide { .dpup-visually-hidden }" (attr_list)

# An inline Markdown link or image target: ](target "optional title")
LINK_TARGET = re.compile(r"\]\((?P<target>[^)\s]+)")


def generated_pages(model: ContentModel) -> dict[str, str]:
    """Every page the build makes, by docs path: one view per audience, at a glance, tool paths."""
    pages = {AUDIENCE_VIEW.format(id=a): audience_view(model, a) for a in model.data.audiences}
    pages[AT_A_GLANCE] = at_a_glance(model)
    pages[TOOL_PATHS] = tool_paths(model)
    return pages


def nav_problems(model: ContentModel, in_nav: list[str]) -> list[Problem]:
    """The nav (mkdocs.yml) lists one view per audience of data/audiences.yml, and no other: the
    two lists are written twice, and this keeps them in step (issue 33)."""
    made = {AUDIENCE_VIEW.format(id=a) for a in model.data.audiences}
    folder = AUDIENCE_VIEW.split("{")[0]
    return [
        Problem(
            "mkdocs.yml",
            None,
            "nav",
            f"'{src}' is not in the nav; add it under 'For you', as the "
            "other audience views are (data/audiences.yml has its audience).",
        )
        for src in sorted(made - set(in_nav))
    ] + [
        Problem(
            "mkdocs.yml",
            None,
            "nav",
            f"'{src}' is in the nav, but data/audiences.yml has no "
            f"audience '{src.removeprefix(folder).removesuffix('.md')}'; add it there or take the "
            "line out of the nav.",
        )
        for src in in_nav
        if src.startswith(folder) and src not in made
    ]


def front_matter(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n"


def rebase_links(markdown: str, from_src: str, to_src: str) -> str:
    """Rewrite relative links in text moved from one page to another so they still resolve."""

    def fix(m: re.Match[str]) -> str:
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):  # a URL or an absolute path: leave it
            return m.group(0)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path)) if path else from_src
        return "](" + link(to_src, resolved, anchor)

    return LINK_TARGET.sub(fix, markdown)


def block_markdown(model: ContentModel, source: Page, block: Block) -> str:
    """A block's Markdown as it reads on its own page, from its parsed pieces (never the raw text):
    each macro call made as it is there, so every link is relative to the source page."""
    return safety.render(block.pieces, lambda call: macros.run(call, macros.At(model, source.src_uri)))


def audience_view(model: ContentModel, audience_id: str) -> str:
    """Markdown for /for/<audience>/: the intro, then every block for the audience in reading order.

    Plain Markdown, never a template: the view runs no Jinja of its own."""
    audience = model.data.audiences[audience_id]
    src = AUDIENCE_VIEW.format(id=audience_id)
    out = [
        front_matter(
            title=f"For {audience.name[0].lower()}{audience.name[1:]}",
            kind="view",
            summary=audience.summary,
            audiences=[],
        ),
        audience.intro.strip() + "\n",
    ]
    groups = view_sections(model, model.blocks_for(audience_id))
    if not groups:
        raise_problems(
            [
                Problem(
                    "data/audiences.yml",
                    None,
                    audience_id,
                    "no page has a block for this audience, so its view would be empty.",
                )
            ]
        )
    for (heading, index), blocks in groups.items():
        out.append(f"## {text(heading)}\n")
        page: Page | None = None
        for source, block in blocks:
            if source is not page:
                page = source
                # A section's own page is the section: its summary goes under the section's heading.
                title = "" if source.src_uri == index else f"### {text(source.meta.title)}\n\n"
                out.append(f"{title}_{text(source.meta.summary.strip())}_\n")
            body = rebase_links(block_markdown(model, source, block), source.src_uri, src)
            out.append(
                f'<div class="dpup-view-block" data-audience="{audience_id}" markdown>\n\n'
                f"{textwrap.dedent(body).strip()}\n\n"
                f"[Read this in context on “{text(source.meta.title)}”]({link(src, source.src_uri, block.anchor)})"
                "{ .dpup-view-block__source }\n\n</div>\n"
            )
    return "\n".join(out)


def view_sections(
    model: ContentModel, blocks: list[tuple[Page, Block]]
) -> dict[tuple[str, str | None], list[tuple[Page, Block]]]:
    """The blocks of a view grouped under one heading per section of the site, in reading order:
    (heading, the docs path of the section's own page, or None) -> its blocks.

    A section is a folder of docs/, headed by the title of its index page ("Your information",
    "Principles", "Guides"); pages outside a folder go under "More from the policy". Not by kind:
    a tool among the principles ("Principles in practice") or the guides for people who use
    services ("Your information") made a second "Tools" or "Guides" heading further down (WCAG
    2.4.6). Each heading once: a section met again after another (not in this nav) joins its
    first group."""
    groups: dict[tuple[str, str | None], list[tuple[Page, Block]]] = {}
    for source, block in blocks:
        folder = source.src_uri.rpartition("/")[0]
        index = model.pages.get(f"{folder}/index.md") if folder else None
        key = (index.meta.title, index.src_uri) if index else ("More from the policy", None)
        groups.setdefault(key, []).append((source, block))
    return groups


def sections(page: Page) -> list[tuple[str, str]]:
    """The page's `##` headings as (text, anchor): the table of contents of a page at a glance."""
    found = []
    for m in SECTION.finditer(mask_code(page.body)):
        heading, attrs = m.group(1), ""
        if (attr_list := ATTR_LIST.search(heading)) is not None:
            heading, attrs = heading[: attr_list.start()], attr_list.group(1)
        # As the table of contents reads them: '&amp;' is '&' (its slug is made from the text itself).
        heading = html.unescape(heading.strip("#* "))
        given = re.search(r"#([\w-]+)", attrs)
        found.append((heading, given.group(1) if given else slug(heading)))
    return found


def at_a_glance(model: ContentModel) -> str:
    """Every principle, protocol, guide and tool with its summary and sections, grouped by kind.

    "Summaries only" hides the sections with CSS :target, so it works without JavaScript.
    """
    out = [
        front_matter(
            title=model.data.pages.at_a_glance.title,
            kind="view",
            summary=model.data.pages.at_a_glance.summary,
            audiences=[],
            hide=["toc"],
        ),
        '<div id="summaries-only" class="dpup-glance" markdown>\n',
        '<p class="dpup-glance__modes" markdown>[Show summaries only](#summaries-only){ .dpup-glance__only } '
        "[Show summaries and sections](#){ .dpup-glance__all }</p>\n",
    ]
    for kind, heading in page_kinds.HEADINGS.items():  # in the order of content/page_kinds.py
        pages = model.pages_of_kind(kind)
        if not pages:
            continue
        out.append(f"## {heading}\n")
        for page in pages:
            inside = " · ".join(
                f"[{text(s)}]({link(AT_A_GLANCE, page.src_uri, anchor)})" for s, anchor in sections(page)
            )
            out.append(
                f"### [{text(page.meta.title)}]({link(AT_A_GLANCE, page.src_uri)})\n\n"
                f"{text(page.meta.summary.strip())}\n"
                + (f'\n<p class="dpup-glance__inside" markdown>**Inside:** {inside}</p>\n' if inside else "")
            )
    out.append("</div>\n")
    return "\n".join(out)


def tool_paths(model: ContentModel) -> str:
    """For legal reviewers: every route through every decision guide, from the first question
    to the outcome, with what the outcome adds and the law it cites. Not in the nav."""
    texts = model.data.pages.tool_paths
    out = [
        front_matter(
            title=texts.title, kind="view", summary=texts.summary, audiences=[], hide=["toc"], search={"exclude": True}
        )
    ]
    for tool_id, guide in model.data.tools.items():
        if not isinstance(guide, tool_schema.DecisionGuide):
            continue
        outcomes = {o.id: o for o in guide.outcomes}
        danger = {(q.id, a.label) for q in guide.questions for a in q.answers if a.danger}
        out.append(f"## {text(guide.title)}\n\n`data/tools/{tool_id}.yml`\n")
        out.append("| # | Answers, in order | Outcome | Opens with 111 | Says when not to ask or tell | Law |")
        out.append("|---|---|---|---|---|---|")
        for n, (route, outcome_id) in enumerate(tools.paths(guide), 1):
            o = outcomes[outcome_id]
            steps = " → ".join(f"`{q}`: {text(a)}" + (" (danger)" if (q, a) in danger else "") for q, a in route)
            out.append(
                f"| {n} | {steps} | `{o.id}`: {text(o.title)} | {'yes' if o.emergency else 'no'} "
                f"| {('yes (access)' if o.safety_limit == 'access' else 'yes') if o.safety_limit else 'no'} "
                f"| {', '.join(f'`{law}`' for law in o.laws)} |"
            )
        out.append("")
    return "\n".join(out) + "\n"
