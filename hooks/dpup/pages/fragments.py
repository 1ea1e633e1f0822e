"""Markdown and HTML fragments that the macros put into pages.

Pure functions of the content model and the page being rendered, so they can be
tested on their own. Links are written as relative Markdown links to `.md` files,
so MkDocs resolves and validates them like any link an author writes.
"""

from __future__ import annotations

import html
import posixpath
import textwrap

from ..content import schema
from ..content.model import ContentModel, split_pinpoint
from ..text import fold, long_date, markdown_text

text = markdown_text  # text() here and where it is imported from here
LAW_PAGE = "law.md"
GLOSSARY_PAGE = "glossary.md"
AUDIENCE_VIEW = "for/{id}.md"


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative link from one docs page to another, as MkDocs expects in Markdown."""
    path = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    if to_src == from_src:
        path = ""
    return f"{path}#{anchor}" if anchor else path


def attr(text: str) -> str:
    """Escape text for a double-quoted attribute or a Markdown link title."""
    return html.escape(" ".join(text.split()), quote=True)


def icon(name: str) -> str:
    """A Material icon shortcode: 'material/account' -> ':material-account:'."""
    return ":" + name.replace("/", "-") + ":"


# --- summaries ----------------------------------------------------------------


def summary(model: ContentModel, src: str) -> str:
    return text(model.page(src).meta.summary)


# --- principles ---------------------------------------------------------------


def principle_cards(model: ContentModel, from_src: str, ids: list[str]) -> str:
    """Material grid cards, one per principle, each linking to its page."""
    unknown = [i for i in ids if i not in model.data.principles]
    if unknown:
        raise KeyError(f"principle_card: unknown principle {unknown}; allowed: {list(model.data.principles)}")
    items = []
    for pid in ids:
        p = model.data.principles[pid]
        items.append(
            f"-   {icon(p.icon)}{{ .lg .middle }} "
            f'**[<span lang="mi">{text(p.name)}</span>]({link(from_src, p.page)})**\n\n'
            f"    ---\n\n"
            f"    _{text(p.kupu)}_. {p.statement}\n"
        )
    return '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n</div>\n"


# --- laws ---------------------------------------------------------------------


def law_anchor(law_id: str) -> str:
    return law_id.replace("/", "-")


def law_link(model: ContentModel, from_src: str, law_id: str, label: str | None = None) -> str:
    """A link to the law's entry on the law page, with the Act, section and heading as its title.

    A provision can be pinpointed to a subsection: 'privacy-act-2020/s-115(2)' -> s 115(2).
    """
    law_id, pinpoint = split_pinpoint(law_id)
    if law_id in model.data.provisions:
        act, provision = model.data.provisions[law_id]
        label = label or text(provision.cite + pinpoint)
        title = f"{act.name}, {provision.section}{pinpoint}: {provision.title}"
    elif law_id in model.data.laws:
        act = model.data.laws[law_id]
        label = label or text(act.name)
        title = act.plain
    else:
        raise KeyError(f"law: unknown law id '{law_id}'; see the ids in data/laws.yml")
    if pinpoint and law_id not in model.data.provisions:
        raise KeyError(f"law: '{law_id}{pinpoint}' pinpoints an Act; pinpoint a provision, e.g. '<act>/s-115(2)'")
    return f'[{label}]({link(from_src, LAW_PAGE, law_anchor(law_id))} "{attr(title)}"){{ .law-ref }}'


def law_table(model: ContentModel, from_src: str, act_id: str) -> str:
    """A table of an Act's provisions: number, name and one plain sentence, each with an anchor."""
    act = model.data.laws[act_id]
    rows = ["| Reference | Provision | In plain language |", "|---|---|---|"]
    for p in act.provisions:
        anchor = law_anchor(f"{act.id}/{p.id}")
        when = f" In force from {long_date(p.in_force)}." if p.in_force else ""
        heading = f"[{text(p.title)}]({p.url})" if p.url else text(p.title)
        rows.append(
            f'| <span id="{anchor}">**{text(p.cite)}**</span> | {heading} ({text(p.section)}) | {p.plain}{when} |'
        )
    return "\n".join(rows) + "\n"


def law_list(model: ContentModel, from_src: str, kinds: list[str]) -> str:
    """Each Act or instrument of the given kinds as a short entry with its anchor and official link."""
    parts = []
    for act in model.data.laws.values():
        if act.kind in kinds:
            parts.append(
                f'<p id="{law_anchor(act.id)}" markdown>**{text(act.name)}.** {act.plain} '
                f"[Read the {text(act.name)} on its official site]({act.url}).</p>\n"
            )
    return "\n".join(parts)


# --- the map of the law --------------------------------------------------------------


def explaining(model: ContentModel, law_id: str) -> list[str]:
    """The pages that explain a provision: those whose front matter cites it, in reading order."""
    return [p.src_uri for p in model.pages.values() if law_id in p.meta.laws]


def law_map(model: ContentModel, from_src: str, act_id: str = "privacy-act-2020") -> str:
    """For each IPP: the principles and protocols that apply it and the pages that explain it
    (data/laws.yml `principles` and `protocols`, and every page's front matter `laws`)."""
    act = model.data.laws[act_id]
    rows = [
        "| Privacy principle | Principles that apply it | Protocols that apply it | Pages that explain it |",
        "|---|---|---|---|",
    ]
    for p in act.provisions:
        if not p.cite.startswith("IPP"):
            continue
        law_id = f"{act.id}/{p.id}"
        principles = ", ".join(
            f'[<span lang="mi">{text(model.data.principles[i].name)}</span>]'
            f"({link(from_src, model.data.principles[i].page)})"
            for i in p.principles
        )
        protocols = ", ".join(_page_link(model, from_src, f"protocols/{i}.md") for i in p.protocols)
        pages = ", ".join(
            _page_link(model, from_src, src)
            for src in explaining(model, law_id)
            if src != from_src and not src.startswith(("protocols/", "principles/"))
        )
        rows.append(
            f"| {law_link(model, from_src, law_id)}: {text(p.title)} | {principles or '–'} "
            f"| {protocols or '–'} | {pages or '–'} |"
        )
    # The class gives the long last column the room it needs on paper (print.css).
    return '<div class="dpup-law-map" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


def related_law(model: ContentModel, from_src: str) -> str:
    """On a protocol or principle page: the privacy principles it applies, from the map of the law."""
    stem = from_src.removesuffix(".md")
    kind, _, page_id = stem.partition("/")
    found = [
        (law_id, provision)
        for law_id, (_, provision) in model.data.provisions.items()
        if (kind == "protocols" and page_id in provision.protocols)
        or (kind == "principles" and page_id in provision.principles)
    ]
    if not found:
        raise KeyError(f"related_law: no privacy principle in data/laws.yml names '{from_src}'")
    items = "\n".join(f"- {law_link(model, from_src, law_id)}: {provision.plain}" for law_id, provision in found)
    return f'<div class="dpup-related-law" markdown>\n\n{items}\n\n</div>\n'


def law_changes(model: ContentModel, from_src: str) -> str:
    """The laws that change or add to the privacy principles in the social sector, from data/laws.yml."""
    rows = ["| Law | What it changes or adds | Who it applies to |", "|---|---|---|"]
    laws: list[tuple[str, schema.Act | schema.Provision]] = [
        *((a.id, a) for a in model.data.laws.values()),
        *((k, p) for k, (_, p) in model.data.provisions.items()),
    ]
    for law_id, entry in laws:
        if entry.changes:
            link = law_link(model, from_src, law_id)
            rows.append(f"| {link} | {_cell(entry.changes)} | {_cell(entry.applies_to or '')} |")
    return "\n".join(rows) + "\n"


def _cell(markdown: str) -> str:
    """Markdown for one table cell: on one line, with no pipe to end the cell early."""
    return " ".join(markdown.split()).replace("|", "\\|")


def _page_link(model: ContentModel, from_src: str, src: str) -> str:
    page = model.pages.get(src)
    return f"[{text(page.meta.title if page else src)}]({link(from_src, src)})"


# --- glossary -----------------------------------------------------------------


def find_term(model: ContentModel, word: str) -> schema.Term:
    if word in model.data.glossary:
        return model.data.glossary[word]
    for t in model.data.glossary.values():
        if fold(t.term) == fold(word):
            return t
    raise KeyError(f"term: '{word}' is not in data/glossary.yml; add it there first")


def term(model: ContentModel, from_src: str, word: str, label: str | None = None) -> str:
    """A glossary term linked to its definition, with the gloss as its title; te reo marked lang=mi."""
    t = find_term(model, word)
    label = label or text(t.term)
    title = t.gloss or t.definition
    target = link(from_src, GLOSSARY_PAGE, t.id)
    if t.lang == "en":
        return f'[{label}]({target} "{attr(title)}"){{ .term }}'
    return f'[{label}]({target} "{attr(title)}"){{ .term lang="{t.lang}" }}'


def glossary(model: ContentModel, from_src: str, lang: str | None = None) -> str:
    """The glossary as a definition list, each term with a stable anchor."""
    terms = sorted(model.data.glossary.values(), key=lambda t: fold(t.term))
    out = []
    for t in terms:
        if lang and (t.lang == "en") != (lang == "en"):
            continue
        lang_attr = f' lang="{t.lang}"' if t.lang != "en" else ""
        gloss = f" <em>({text(t.gloss)})</em>" if t.gloss else ""
        out.append(
            f'<dt id="{t.id}"><span{lang_attr}>{text(t.term)}</span>{gloss}</dt>\n<dd markdown>{t.definition}</dd>'
        )
    return '<dl class="dpup-glossary" markdown>\n' + "\n".join(out) + "\n</dl>\n"


# --- audience blocks ----------------------------------------------------------


def audience_block(model: ContentModel, audience_id: str, anchor: str, body: str) -> str:
    """Text for one audience: an open <details> so it shows without JavaScript and can be collapsed."""
    a = model.data.audiences[audience_id]
    body = textwrap.dedent(body).strip("\n")
    return (
        f'<details class="dpup-audience" id="{anchor}" data-audience="{a.id}" open markdown>\n'
        f'<summary markdown="span">{icon(a.icon)} For {text(a.name[0].lower() + a.name[1:])}</summary>\n\n'
        f"{body}\n\n"
        f"</details>\n"
    )


# --- where to get help --------------------------------------------------------

# Shown when a page does not name its own: what anyone worried about someone's safety needs.
SAFETY_CONTACTS = ("emergency", "police", "oranga-tamariki", "family-violence-line")


def contact_line(c: schema.Contact) -> str:
    """One number as a phone link: '**[111](tel:111)** Police, Fire and Ambulance: when.', or a
    web service as a link by its name."""
    if c.number is None:
        return f"**[{text(c.name)}]({c.url})**: {text(c.when)}"
    return f"**[{c.number}](tel:{c.number.replace(' ', '')})** {text(c.name)}: {text(c.when)}"


def help_contacts(model: ContentModel, ids: list[str]) -> str:
    """A 'Where to get help' box with the given numbers from data/contacts.yml."""
    unknown = [i for i in ids if i not in model.data.contacts]
    if unknown:
        raise KeyError(f"help_contacts: unknown contact {unknown}; allowed: {list(model.data.contacts)}")
    items = "\n".join(f"- {contact_line(model.data.contacts[i])}" for i in ids or SAFETY_CONTACTS)
    return (
        '<aside class="dpup-help" aria-label="Where to get help" markdown>\n'
        '<p class="dpup-help__title"><strong>Where to get help</strong></p>\n\n'
        f"{items}\n\n</aside>\n"
    )


# --- what this edition is ---------------------------------------------------------


def provenance(model: ContentModel) -> str:
    """The publisher's status line, with a link to the official policy (mkdocs.yml extra.publisher)."""
    p = model.publisher
    assert p is not None, "the build loads mkdocs.yml's settings with the data (model.load_content)"
    return (
        f'<p class="dpup-provenance" markdown>{text(p.status)} [Read {text(p.official_name)}]({p.official_url}). '
        f"Published by {text(p.name)}; [contact us]({p.contact}).</p>\n"
    )


# --- about pages --------------------------------------------------------------


def timeline(model: ContentModel) -> str:
    """How the policy was developed, as an ordered list of dated events."""
    items = [f"<li markdown><strong>{text(e.when)}</strong>: {e.what}</li>" for e in model.data.timeline]
    return '<ol class="dpup-timeline" markdown>\n' + "\n".join(items) + "\n</ol>\n"


def version_history(model: ContentModel, from_src: str) -> str:
    """Every published version of the policy, newest first, with the pages each one changed."""
    out = []
    for v in model.data.versions:
        changes = "\n".join(f"- {c}" for c in v.changes)
        out.append(f"### Version {v.version}, {long_date(v.date)}\n\n{changes}\n")
        changed = [(page, change) for page, change in model.page_changes() if change.version == v.version]
        if changed:
            out.append(
                "Pages this version changed:\n\n"
                + "\n".join(
                    f"- [{text(page.meta.title)}]({link(from_src, page.src_uri, 'what-changed')}): {change.what}"
                    for page, change in changed
                )
                + "\n"
            )
    return "\n".join(out)
