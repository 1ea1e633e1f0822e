"""The content model: every page's front matter and every data file, loaded and validated once.

Macros, hooks, search and PDF all read the model of the build under way (dpup/build.py);
none of them parses the source files its own way.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import arguments, limits, safety, schema, tool_schema, tools, written_attributes
from .errors import Loc, Problem, field_line, line_of, not_utf8, parse_yaml, raise_problems, read_text, schema_problems
from .settings import Settings, load_settings

M = TypeVar("M", bound=BaseModel)


class _HasId(Protocol):
    """An entry of a data file's list that names itself: an audience, a principle, a law…"""

    @property
    def id(self) -> str: ...


Entry = TypeVar("Entry", bound=_HasId)

# Exactly MkDocs' rule (mkdocs/utils/meta.py): a '---' line, YAML, then a '---' or '...' line.
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
H1 = re.compile(r"^#\s", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """Text written for one audience inside a page, wrapped in `for_audience`."""

    audience: str
    anchor: str  # the block's id on its page: for-frontline, for-frontline-2, …
    pieces: tuple[safety.Piece, ...]  # its text and macro calls, as the page's parsed Jinja holds them


@dataclass(frozen=True)
class Page:
    src_uri: str  # docs-relative path, e.g. principles/he-tangata.md
    meta: schema.FrontMatter
    body: str  # Markdown after the front matter
    blocks: tuple[Block, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # the line of each front-matter field in the file
    body_line: int = 1  # the line of the file the body starts on
    calls: tuple[safety.Call, ...] = ()  # every macro call its parsed Jinja holds, blocks' too


@dataclass
class Data:
    audiences: dict[str, schema.Audience]
    principles: dict[str, schema.Principle]
    laws: dict[str, schema.Act]
    provisions: dict[str, tuple[schema.Act, schema.Provision]]  # "privacy-act-2020/ipp-3a"
    glossary: dict[str, schema.Term]
    timeline: list[schema.Event]
    versions: list[schema.Version]  # newest first
    jargon: dict[str, str]  # hard word -> plainer choice
    contacts: dict[str, schema.Contact]  # where to get help, in the order data/contacts.yml lists them
    safety_limit: str  # Markdown: when not to tell or share (data/contacts.yml)
    access_limit: str  # Markdown: when not to give access, on Part 4 grounds (data/contacts.yml)
    pages: schema.PagesFile  # what the build writes that readers see (data/pages.yml)
    search: schema.SearchFile  # synonyms for search (data/search.yml)
    # data/tools/*.yml by file name: decision guides, builder, checklists, quiz (see tools.py)
    tools: dict[str, tool_schema.Tool] = field(default_factory=dict)
    # The order of the sharing rules (data/laws.yml `sharing_order`), drawn on the sharing rules guide
    sharing_order: list[schema.SharingStep] = field(default_factory=list)


@dataclass
class ContentModel:
    data: Data
    settings: Settings | None = None  # mkdocs.yml's `extra`, checked (settings.py); None in tests of data alone
    pages: dict[str, Page] = field(default_factory=dict)  # written pages, in reading (nav) order
    generated: dict[str, Page] = field(default_factory=dict)  # pages the build makes (pages/views.py)

    @property
    def publisher(self) -> schema.Publisher | None:
        """Who publishes this edition and what it is (mkdocs.yml `extra.publisher`)."""
        return self.settings.publisher if self.settings else None

    @property
    def consultations(self) -> list[schema.Consultation]:
        """Drafts out for consultation, by section (mkdocs.yml `extra.consultations`)."""
        return self.settings.consultations if self.settings else []

    def page(self, src_uri: str) -> Page:
        return self.pages[src_uri]

    def any_page(self, src_uri: str) -> Page | None:
        """A written or a generated page."""
        return self.pages.get(src_uri) or self.generated.get(src_uri)

    def pages_of_kind(self, *kinds: str) -> list[Page]:
        return [p for p in self.pages.values() if p.meta.kind in kinds]

    def page_changes(self) -> list[tuple[Page, schema.PageChange]]:
        """Every change entry of every page, in reading order (each page's newest first)."""
        return [(page, change) for page in self.pages.values() for change in page.meta.changes]

    def blocks_for(self, audience: str) -> list[tuple[Page, Block]]:
        """Every block written for `audience`, across the policy, in reading order."""
        return [(p, b) for p in self.pages.values() for b in p.blocks if b.audience == audience]


# --- data files ---------------------------------------------------------------


def load_content(project: Path, extra: Mapping[str, Any]) -> ContentModel:
    """The content model of a project's data files and mkdocs.yml's `extra` settings (settings.py),
    as the build (hooks/content.py) and `python -m dpup check` both start: the settings first, each
    of their problems at once, then the data files'."""
    settings = load_settings(extra)
    return ContentModel(data=load_data(project / "data"), settings=settings)


def load_data(data_dir: Path) -> Data:
    """Read and validate data/*.yml and data/tools/*.yml; stop with every problem in them at once."""
    problems: list[Problem] = []

    def load(name: str, model: type[M]) -> M | None:
        return parse_yaml_file(data_dir / name, model, problems)

    audiences = load("audiences.yml", schema.AudiencesFile)
    principles = load("principles.yml", schema.PrinciplesFile)
    laws = load("laws.yml", schema.LawsFile)
    glossary = load("glossary.yml", schema.GlossaryFile)
    timeline = load("timeline.yml", schema.TimelineFile)
    versions = load("versions.yml", schema.VersionsFile)
    jargon = load("jargon.yml", schema.JargonFile)
    contacts = load("contacts.yml", schema.ContactsFile)
    generated = load("pages.yml", schema.PagesFile)
    search = load("search.yml", schema.SearchFile)
    # The tools cite laws: check their ids when laws.yml itself is sound.
    tool_files = tools.load_tools(data_dir / "tools", _law_ids(laws) if laws else None, problems)
    # Each provision's principles: checked with the rest, so every problem shows in one build.
    if laws and principles:
        known = [p.id for p in principles.principles]
        problems += [
            Problem(
                "data/laws.yml",
                None,
                f"laws.{a}.provisions.{p}.principles.{i}",
                f"unknown principle '{pid}'; allowed: {', '.join(known)}.",
            )
            for a, act in enumerate(laws.laws)
            for p, provision in enumerate(act.provisions)
            for i, pid in enumerate(provision.principles)
            if pid not in known
        ]
    if laws:
        problems += _provisions_without_an_address(laws)
        problems += _sharing_order_problems(laws, data_dir / "laws.yml")
    raise_problems(problems)
    # A file that did not load noted a problem, so raise_problems stopped the build: each loaded.
    assert (
        audiences
        and principles
        and laws
        and glossary
        and timeline
        and versions
        and jargon
        and contacts
        and generated
        and search
    )

    data = Data(
        audiences=_by_id(audiences.audiences, "data/audiences.yml", problems),
        principles=_by_id(principles.principles, "data/principles.yml", problems),
        laws=_by_id(laws.laws, "data/laws.yml", problems),
        provisions={},
        glossary=_by_id(glossary.terms, "data/glossary.yml", problems),
        timeline=timeline.events,
        versions=sorted(versions.versions, key=lambda v: v.date, reverse=True),
        jargon={j.word: j.plain for j in jargon.jargon},
        contacts=_by_id(contacts.contacts, "data/contacts.yml", problems),
        safety_limit=contacts.safety_limit,
        access_limit=contacts.access_limit,
        pages=generated,
        search=search,
    )
    for act in laws.laws:
        for provision in act.provisions:
            data.provisions[f"{act.id}/{provision.id}"] = (act, provision)
    data.tools = tool_files
    data.sharing_order = laws.sharing_order
    problems += [
        Problem(
            f"data/tools/{name}.yml",
            None,
            f"outcomes.{n}.help.{i}",
            f"unknown contact '{cid}'; allowed: {', '.join(data.contacts)}.",
        )
        for name, tool in tool_files.items()
        if isinstance(tool, tool_schema.DecisionGuide)
        for n, outcome in enumerate(tool.outcomes)
        for i, cid in enumerate(outcome.help)
        if cid not in data.contacts
    ]
    raise_problems(problems)
    return data


def _provisions_without_an_address(
    laws: schema.LawsFile, unconfirmed: Mapping[str, str] = schema.UNCONFIRMED
) -> list[Problem]:
    """Every provision links to its own section (`url`), except those listed, with the reason, in
    schema.UNCONFIRMED; a listed provision that has an address, or no longer exists, is named too."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for a, act in enumerate(laws.laws):
        for p, provision in enumerate(act.provisions):
            key = f"{act.id}/{provision.id}"
            seen.add(key)
            field = f"laws.{a}.provisions.{p}.url"
            if provision.url is None and key not in unconfirmed:
                problems.append(
                    Problem(
                        "data/laws.yml",
                        None,
                        field,
                        f"'{key}' has no address of its own; add the address of the "
                        "section itself on legislation.govt.nz.",
                    )
                )
            elif provision.url is not None and key in unconfirmed:
                problems.append(
                    Problem(
                        "data/laws.yml",
                        None,
                        field,
                        f"'{key}' now has an address; remove it from UNCONFIRMED in hooks/dpup/content/schema.py.",
                    )
                )
    problems += [
        Problem(
            "hooks/dpup/content/schema.py",
            None,
            "UNCONFIRMED",
            f"'{key}' is not a provision in data/laws.yml; remove it from the list.",
        )
        for key in unconfirmed
        if key not in seen
    ]
    return problems


def _law_ids(laws: schema.LawsFile) -> list[str]:
    """Every Act's id and every provision's, as a tool or a step cites it: 'privacy-act-2020/ipp-11'."""
    return [id for act in laws.laws for id in (act.id, *(f"{act.id}/{p.id}" for p in act.provisions))]


def _sharing_order_problems(laws: schema.LawsFile, path: Path) -> list[Problem]:
    """Every law a step of `sharing_order` names is an Act or provision in the same file."""
    law_ids = _law_ids(laws)
    return [
        Problem(
            "data/laws.yml",
            field_line(path, ("sharing_order", s, "laws", i, "id")),
            f"sharing_order.{s}.laws.{i}.id",
            f"'{law.id}' is not an Act or provision in data/laws.yml; use an id from `laws:` "
            "above, such as 'privacy-act-2020/ipp-11', or add the law there first.",
        )
        for s, step in enumerate(laws.sharing_order)
        for i, law in enumerate(step.laws)
        if law.id not in law_ids
    ]


def parse_yaml_file(path: Path, model: type[M], problems: list[Problem]) -> M | None:
    """Read data/<name>.yml and validate it against `model`; None after noting its problems."""
    rel = f"data/{path.name}"
    if not path.is_file():
        problems.append(Problem(rel, None, None, "file is missing; it is part of the content model."))
        return None
    if (text := read_text(path, rel, problems)) is None:
        return None
    if (parsed := parse_yaml(text, rel, problems)) is None:
        return None
    raw, node = parsed
    if costly := text_limit_problems(rel, node):
        problems.extend(costly)
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems.extend(schema_problems(rel, error, node))
        return None


def text_limit_problems(file: str, node: yaml.Node | None, line_offset: int = 0, path: Loc = ()) -> list[Problem]:
    """Text in front matter or a data file past the Markdown limits (limits.py): macros and
    templates turn much of it into Markdown."""
    if isinstance(node, yaml.MappingNode):
        return [p for k, v in node.value for p in text_limit_problems(file, v, line_offset, (*path, k.value))]
    if isinstance(node, yaml.SequenceNode):
        return [p for i, v in enumerate(node.value) for p in text_limit_problems(file, v, line_offset, (*path, i))]
    if isinstance(node, yaml.ScalarNode):
        return [
            Problem(file, node.start_mark.line + line_offset + 1, ".".join(map(str, path)), message)
            for _, message in written_problems(node.value)[:1]
        ]
    return []


def _by_id(items: Iterable[Entry], file: str, problems: list[Problem]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for item in items:
        if item.id in out:
            problems.append(Problem(file, None, "id", f"'{item.id}' is used twice; ids must be unique."))
        out[item.id] = item
    return out


# --- pages --------------------------------------------------------------------


def nav_order(nav: list[Any] | None) -> list[str]:
    """Docs paths of the pages in mkdocs.yml's `nav`, in reading order."""
    out: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_order(value)
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def load_pages(
    model: ContentModel,
    sources: Sequence[tuple[str, str | bytes]],
    order: list[str],
    macros: safety.Macros | None = None,
) -> list[Problem]:
    """Load every written page into the model, in nav order (then by path); every problem found.

    `macros`: the macros pages may call, each with what its parameters take (content/arguments.py)."""
    rank = {src: i for i, src in enumerate(order)}
    problems: list[Problem] = []
    # summary("page.md") may name any page: those already loaded, and these.
    known = set(model.pages) | {src_uri for src_uri, _ in sources}
    checks = arguments.checks(model.data, known)  # once for every page
    for src_uri, source in sorted(sources, key=lambda s: (rank.get(s[0], len(rank)), s[0])):
        if isinstance(source, bytes):  # as read from disk: it must be UTF-8
            try:
                text = source.decode("utf-8")
            except UnicodeDecodeError as error:
                problems.append(not_utf8(f"docs/{src_uri}", source, error))
                continue
        else:
            text = source
        if costly := _costly_body(src_uri, text):  # refused before anything parses it
            problems += costly
            continue
        page, found = load_page(src_uri, text, model.data, macros, checks)
        problems += found
        if page:
            model.pages[src_uri] = page
    problems += [
        Problem("data/principles.yml", None, f"{p.id}.page", f"'{p.page}' is not a page in docs/.")
        for p in model.data.principles.values()
        if p.page not in known
    ]
    protocols = {p.src_uri.removeprefix("protocols/").removesuffix(".md") for p in model.pages_of_kind("protocol")}
    problems += [
        Problem(
            "data/laws.yml",
            None,
            f"laws.{a}.provisions.{p}.protocols.{i}",
            f"'{pid}' is not a protocol page (docs/protocols/{pid}.md); allowed: {', '.join(sorted(protocols))}.",
        )
        for a, act in enumerate(model.data.laws.values())
        for p, provision in enumerate(act.provisions)
        for i, pid in enumerate(provision.protocols)
        if pid not in protocols
    ]
    if macros is not None:
        problems += _tools_no_page_shows(model, macros)
    return problems


# Each kind of tool, the parameter kind that names one, and the macro a page calls to show it.
TOOL_MACROS = [
    (tool_schema.DecisionGuide, arguments.Kind.DECISION_GUIDE, "decision_guide"),
    (tool_schema.PurposeStatement, arguments.Kind.PURPOSE_BUILDER, "purpose_statement_builder"),
    (tool_schema.Quiz, arguments.Kind.QUIZ, "quiz"),
]


def _tools_no_page_shows(model: ContentModel, macros: safety.Macros) -> list[Problem]:
    """A tool in data/tools/ that no page shows: it would be checked, drawn and searched, but no
    reader could use it. A new tool needs its page (docs/tools/<id>.md, in the nav) as well."""
    calls = [call for page in model.pages.values() for call in page.calls]
    problems: list[Problem] = []
    for tool_kind, kind, macro in TOOL_MACROS:
        shown = arguments.given(calls, macros, kind)
        problems += [
            Problem(
                f"data/tools/{tool_id}.yml",
                None,
                "kind",
                f"no page shows this tool; add a page, docs/tools/{tool_id}.md, that calls "
                f'{{{{ {macro}("{tool_id}") }}}}, and list it under Tools in mkdocs.yml\'s nav.',
            )
            for tool_id, tool in model.data.tools.items()
            if isinstance(tool, tool_kind) and tool_id not in shown
        ]
    shown = arguments.given(calls, macros, arguments.Kind.CHECKLIST)
    problems += [
        Problem(
            f"data/tools/{tool_id}.yml",
            None,
            f"checklists.{n}.id",
            f"no page shows checklist '{checklist.id}'; call {{{{ checklist(\"{checklist.id}\") }}}} "
            "on the checklists page (docs/tools/checklists.md), or remove it.",
        )
        for tool_id, tool in model.data.tools.items()
        if isinstance(tool, tool_schema.Checklists)
        for n, checklist in enumerate(tool.checklists)
        if checklist.id not in shown
    ]
    return problems


def _costly_body(src_uri: str, text: str) -> list[Problem]:
    """A written page's body past the Markdown limits (limits.py). Generated pages are made from
    checked data, so only written ones are measured."""
    _, body, _ = split_front_matter(text)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return [
        Problem(f"docs/{src_uri}", body_line + line - 1, "body", message) for line, message in written_problems(body)
    ]


def written_problems(text: str) -> list[tuple[int, str]]:
    """Written Markdown past its limits (limits.py) or setting attributes it may not
    (written_attributes.py): (line within the text, message)."""
    return sorted(limits.markdown_problems(text) + written_attributes.problems(text))


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML, body, line where the YAML starts), split as MkDocs splits it.

    The content hook hands MkDocs this body, so the text checked is the text built.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 0
    return match.group(1), text[match.end() :].lstrip("\n"), 2


def load_page(
    src_uri: str, text: str, data: Data, macros: safety.Macros | None = None, checks: safety.Checks | None = None
) -> tuple[Page | None, list[Problem]]:
    """Validate one page's front matter and body, and find its audience blocks.

    `macros`: the macros a page may call, each with what its parameters take; the build passes
    those macros.py defines. `checks`: how to check their values against the data (by default,
    arguments.checks(data), which cannot check the pages a macro names: load_pages knows them).
    """
    file = f"docs/{src_uri}"
    raw_yaml, body, first_line = split_front_matter(text)
    if raw_yaml is None:
        return None, [
            Problem(
                file,
                1,
                None,
                "no front matter; start the page with '---', "
                "the fields title, kind, summary and audiences, then '---'.",
            )
        ]
    problems: list[Problem] = []
    if (parsed := parse_yaml(raw_yaml, file, problems, line_offset=first_line - 1)) is None:
        return None, problems
    raw, node = parsed
    if not isinstance(raw, dict) or node is None:  # no node: the front matter is empty
        return None, [Problem(file, first_line, None, "front matter must be a YAML mapping of fields.")]
    if costly := text_limit_problems(file, node, first_line - 1):
        return None, costly

    context = {
        "audiences": list(data.audiences),
        "principles": list(data.principles),
        "laws": list(data.laws) + list(data.provisions),
        "versions": [v.version for v in data.versions],
    }
    try:
        meta = schema.FrontMatter.model_validate(raw, context=context)
    except ValidationError as error:
        return None, schema_problems(file, error, node, line_offset=first_line - 1)

    body_line = text[: len(text) - len(body)].count("\n") + 1
    problems = _body_problems(file, mask_code(body), body_line, meta, set(macros or ()))
    jinja: safety.Parsed | None = None  # the body as the allow-list read it (safety.py)
    if meta.render_macros:
        checks = arguments.checks(data) if checks is None else checks
        jinja, found = safety.parse(file, body, body_line, macros or {}, checks)
        problems += found
    blocks = tuple(_blocks(jinja)) if jinja else ()
    problems += _block_problems(file, body_line, jinja, meta, data)
    lines = {key: line_of(node, (key,)) + first_line - 1 for key in raw}
    pieces = jinja.pieces if jinja else ()
    calls = tuple(
        c for p in pieces for c in (p.pieces if isinstance(p, safety.Block) else [p]) if isinstance(c, safety.Call)
    )
    return Page(src_uri, meta, body, blocks, lines, body_line, calls), problems


# A citation pinpointed to a subsection: 'privacy-act-2020/s-115(2)' cites s-115, at (2).
PINPOINT = re.compile(r"^(?P<id>[^()]+)(?P<pinpoint>(\([0-9a-zA-Z]+\))+)$")


def split_pinpoint(law_id: str) -> tuple[str, str]:
    """('privacy-act-2020/s-115', '(2)') from 'privacy-act-2020/s-115(2)'; ('x', '') without one."""
    m = PINPOINT.match(law_id)
    return (m["id"], m["pinpoint"]) if m else (law_id, "")


def mask_code(markdown: str) -> str:
    """Blank out fenced code, keeping every offset and line number, so code is never read as prose."""
    return FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)


def macro_call(macros: Collection[str]) -> re.Pattern[str]:
    """A call of one of the policy's macros or the audience block: {{ law(…) or {% call for_audience(…)."""
    names = "|".join(map(re.escape, sorted({*macros, safety.AUDIENCE_MACRO})))
    return re.compile(rf"\{{\{{-?\s*(?:{names})\s*\(|\{{%-?\s*call\s+(?:{names})\s*\(")


def _body_problems(file: str, prose: str, body_line: int, meta: schema.FrontMatter, macros: set[str]) -> list[Problem]:
    def line(m: re.Match[str]) -> int:
        return body_line + prose[: m.start()].count("\n")

    problems = [
        Problem(file, line(m), "title", "the page title comes from front matter; use '##' for headings in the body.")
        for m in H1.finditer(prose)
    ]
    # Without render_macros, '{{' is printed as written; a call to one of our macros is a slip.
    if macros and not meta.render_macros and (m := macro_call(macros).search(prose)):
        problems.append(
            Problem(
                file, line(m), "render_macros", "the page calls macros; add 'render_macros: true' to its front matter."
            )
        )
    return problems


def _block_problems(
    file: str, body_line: int, parsed: safety.Parsed | None, meta: schema.FrontMatter, data: Data
) -> list[Problem]:
    """Blocks for unknown audiences; audiences the page lists but says nothing to."""
    if meta.render_macros and parsed is None:
        return []  # its Jinja is refused already: what blocks it has is unknown
    blocks = parsed.blocks if parsed else []
    problems = [
        Problem(
            file,
            body_line + b.line - 1,
            "for_audience",
            f"unknown audience '{b.audience}'; allowed: {', '.join(data.audiences)}.",
        )
        for b in blocks
        if b.audience not in data.audiences
    ]
    # Coverage: a page that says it is for an audience must say something to it.
    written_for = {b.audience for b in blocks}
    problems += [
        Problem(
            file,
            None,
            "audiences",
            f"lists '{a}' but has no block for it; add {{% call for_audience(\"{a}\") %}} … "
            "{% endcall %} or remove it from audiences.",
        )
        for a in meta.audiences
        if a not in written_for
    ]
    return problems


def _blocks(parsed: safety.Parsed) -> Iterator[Block]:
    seen: dict[str, int] = {}
    for block in parsed.blocks:
        seen[block.audience] = seen.get(block.audience, 0) + 1
        yield Block(
            audience=block.audience, anchor=block_anchor(block.audience, seen[block.audience]), pieces=block.pieces
        )


def block_anchor(audience: str, n: int) -> str:
    """The stable id of the n-th block for `audience` on a page."""
    return f"for-{audience}" if n == 1 else f"for-{audience}-{n}"
