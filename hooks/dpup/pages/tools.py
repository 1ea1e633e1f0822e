"""HTML for the digital tools, written into pages by the macros in macros.py.

Every tool is complete without JavaScript: a decision guide is a set of sections
linked by answers, the builder is a printable form, checklists are checkboxes,
the quiz reveals its answers in <details>. The scripts in overrides/assets/javascripts/tools/ then
turns each into an interactive tool. Controls that only work with JavaScript
carry `dpup-js-only` and start `hidden`, so neither the no-JS page nor print shows them.

Markdown inside the HTML (md_in_html) keeps links as `.md` links, so MkDocs
rewrites and validates them like any link an author writes.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from typing import Protocol, Self, TypeVar

from ..content import tool_schema as ts
from ..content.model import ContentModel
from ..content.tools import longest_path
from . import diagram
from .fragments import attr, contact_line, help_contacts, law_link, link
from .fragments import text as md_text

JS_ONLY = "dpup-js-only"
# Ids of headings inside a tool: "<tool>--<node>". Python-Markdown's slugs never hold "--",
# so these can be told apart and kept out of the table of contents (without_steps).
STEP_ID = re.compile(r"^[a-z0-9-]+--[a-z0-9_-]+$")
TONES = {"go": "Go ahead", "caution": "Check first", "stop": "Stop"}


class TocItem(Protocol):
    """An entry of a page's table of contents, as MkDocs gives it (its AnchorLink)."""

    @property
    def id(self) -> str: ...
    @property
    def children(self) -> list[Self]: ...


Item = TypeVar("Item", bound=TocItem)
Kind = TypeVar("Kind", bound=ts.Tool)


def without_steps(items: list[Item]) -> None:
    """Take the tools' steps out of a page's table of contents (items with `id` and `children`).
    Each question of a guide or quiz is a heading (it reads well without JavaScript and in
    print), but a contents list of every question would bury the page's own sections."""
    items[:] = [item for item in items if not STEP_ID.match(item.id)]
    for item in items:
        without_steps(item.children)


def tool_of(model: ContentModel, tool_id: str, kind: type[Kind]) -> Kind:
    """The tool with this id, which must be of the given kind."""
    tool = model.data.tools.get(tool_id)
    if tool is None:
        raise KeyError(f"no tool '{tool_id}' in data/tools/; known: {', '.join(model.data.tools)}")
    if not isinstance(tool, kind):
        raise KeyError(f"data/tools/{tool_id}.yml is a {tool.kind}, not a {kind.__name__}")
    return tool


def markdown(text: str | None) -> str:
    """Author Markdown from YAML, as a block that md_in_html parses."""
    return textwrap.dedent(text or "").strip()


def cite(model: ContentModel, from_src: str, c: ts.Citation) -> str:
    """A Markdown link to a section of the policy, titled with the page's title by default."""
    page = model.pages.get(c.page)
    label = md_text(c.text or (page.meta.title if page else c.page))
    return f"[{label}]({link(from_src, c.page, c.anchor or '')})"


# --- decision guides ----------------------------------------------------------


def decision_guide(model: ContentModel, from_src: str, tool_id: str) -> str:
    """A decision guide: every question and outcome as a section of the page, linked by answers."""
    guide: ts.DecisionGuide = tool_of(model, tool_id, ts.DecisionGuide)
    questions = sorted(guide.questions, key=lambda q: q.id != guide.start)  # the start question first
    number = {q.id: f"question {n}" for n, q in enumerate(questions, 1)}
    number |= {o.id: f"outcome {n}: {md_text(o.title)}" for n, o in enumerate(guide.outcomes, 1)}
    depth = {q.id: longest_path(guide, q.id) for q in guide.questions}

    danger = any(a.danger for q in guide.questions for a in q.answers)
    out = [
        f'<div class="dpup-tool dpup-guide" id="{tool_id}" data-dpup-guide="{tool_id}" '
        f'data-start="{guide.start}" data-title="{attr(guide.title)}" '
        f'data-edition="{attr(edition_line(model))}" markdown>\n',
        # The 111 line, then the first question; how the guide works waits in a disclosure below.
        _danger_now(model) if danger else "",
        _guide_controls(tool_id),
    ]
    for n, q in enumerate(questions, 1):
        out.append(_question(tool_id, n, q, number, depth[q.id], _covered(model, from_src, q.covered)))
    for n, o in enumerate(guide.outcomes, 1):
        out.append(_outcome(model, from_src, tool_id, n, o))
    out.append(_guide_record(tool_id))
    out.append(diagram.guide_details(model, from_src, tool_id))  # the whole guide, drawn (diagram.py)
    out.append(
        '<details class="dpup-guide__about" markdown>\n<summary>How this guide works</summary>\n\n'
        f"{markdown(guide.intro)}\n\n"
        '<p class="dpup-guide__how">Start at question 1. Follow the link for your answer; each one '
        "takes you to the next question or to an outcome.</p>\n\n"
        "The guide runs in your browser and sends nothing. Your answers go into the page's address, "
        "so you can go back, reload or share the link. They also stay in your browser's history: on a "
        "shared computer, use a private window.\n\n"
        "</details>\n"
    )
    out.append("</div>\n")
    return "\n".join(out)


def _danger_now(model: ContentModel) -> str:
    """The short 111 line above a guide that asks about danger."""
    c = model.data.contacts["emergency"]
    assert c.number, "data/contacts.yml: contact 'emergency' needs a `number`: guides that ask about danger give it"
    return (
        f'<p class="dpup-guide__danger-now" markdown="span"><strong>Is someone in danger right now?</strong> '
        f"Call **[{c.number}](tel:{c.number.replace(' ', '')})** ({md_text(c.name)}).</p>\n"
    )


def edition_line(model: ContentModel) -> str:
    """What a printed or copied record says it came from: the publisher's first sentence about
    this edition (it is independent, not the official policy) and the version."""
    what = model.publisher.status.split(". ")[0].rstrip(".") if model.publisher else "Data Protection and Use Policy"
    return f"{what}, version {model.data.versions[0].version}"


def _guide_controls(tool_id: str) -> str:
    """Progress, and a note when a link's answers could not all be followed: they need
    JavaScript, so they start hidden."""
    return (
        f'<div class="dpup-guide__controls {JS_ONLY}" hidden>'
        f'<p class="dpup-guide__progress" id="{tool_id}-progress" aria-live="polite"></p>'
        f'<div class="dpup-guide__bar" aria-hidden="true"><span></span></div>'
        f"</div>\n"
        f'<p class="dpup-guide__notice {JS_ONLY}" role="status" hidden data-dpup-keep-hidden></p>\n'
    )


def _guide_record(tool_id: str) -> str:
    """Under the current step: Back and Start again; at an outcome, the answers given, to copy
    or print for a case note. All need JavaScript."""
    return (
        f'<div class="dpup-guide__buttons {JS_ONLY}" hidden>'
        f'<button type="button" class="md-button" data-action="back">Back</button> '
        f'<button type="button" class="md-button" data-action="restart">Start again</button>'
        f"</div>\n"
        f'<div class="dpup-guide__summary {JS_ONLY}" hidden data-dpup-keep-hidden tabindex="-1">'
        f'<h4 id="{tool_id}-answers">Your answers</h4>'
        f'<ol class="dpup-guide__answered"></ol>'
        f'<p class="dpup-guide__record-actions">'
        f'<button type="button" class="md-button" data-action="copy">Copy my answers</button> '
        f'<button type="button" class="md-button" data-action="print">Print my answers</button></p>'
        f'<p class="dpup-guide__copied" role="status"></p>'
        f"</div>\n"
    )


def _covered(model: ContentModel, from_src: str, covered: ts.Covered | None) -> str:
    """Who the law a question names covers: a closed panel, with the law cited as outcomes cite it."""
    if covered is None:
        return ""
    laws = "; ".join(law_link(model, from_src, law) for law in covered.laws)
    return (
        f'<details class="dpup-guide__covered" markdown>\n'
        f"<summary>{_html_text(covered.title)}</summary>\n\n"
        f"{markdown(covered.body)}\n\n"
        f"**What the law says:** {laws}\n\n"
        f"</details>\n"
    )


def _question(tool_id: str, n: int, q: ts.Question, number: dict[str, str], depth: int, covered: str = "") -> str:
    """A question: its help, then who the law it names covers (`covered`, from _covered), then the answers."""
    anchor = f"{tool_id}--{q.id}"
    answers = "\n".join(
        f'-   [{md_text(a.label)}](#{tool_id}--{a.next}){{ .dpup-guide__answer data-next="{a.next}" }}'
        f' <span class="dpup-guide__goto">(go to {number[a.next]})</span>'
        for a in q.answers
    )
    help_text = f'<div class="dpup-guide__help" markdown>\n\n{markdown(q.help)}\n\n</div>\n' if q.help else ""
    return (
        f'<section class="dpup-guide__step dpup-guide__question" data-step="{q.id}" data-depth="{depth}" '
        f'aria-labelledby="{anchor}" markdown>\n'
        f'<h3 id="{anchor}" class="dpup-guide__title" tabindex="-1">'
        f'<span class="dpup-guide__number">Question {n}: </span>{_html_text(q.text)}</h3>\n\n'
        f"{help_text}{covered}"
        f'<div class="dpup-guide__answers" role="group" aria-label="Answers" markdown>\n\n{answers}\n\n</div>\n'
        f"</section>\n"
    )


def emergency_line(model: ContentModel) -> str:
    """The line that opens every outcome reached because someone may be in danger."""
    return (
        f'<p class="dpup-guide__emergency" markdown="span"><strong>Is someone in danger right now?</strong> '
        f"{contact_line(model.data.contacts['emergency'])}</p>\n\n"
    )


def safety_limit(model: ContentModel, kind: bool | str = True) -> str:
    """When not to ask, tell, show or share: closes every outcome that says to (data/contacts.yml).
    An access outcome (`safety_limit: access`) closes with the access limit, which names the
    Part 4 grounds on which access may be withheld."""
    text = model.data.access_limit if kind == "access" else model.data.safety_limit
    return f'<div class="dpup-guide__safety" markdown>\n\n{markdown(text)}\n\n</div>\n\n'


def _outcome(model: ContentModel, from_src: str, tool_id: str, n: int, o: ts.Outcome) -> str:
    anchor = f"{tool_id}--{o.id}"
    policy = "; ".join(cite(model, from_src, c) for c in o.policy)
    laws = "; ".join(law_link(model, from_src, law) for law in o.laws)
    first = emergency_line(model) if o.emergency else ""
    last = safety_limit(model, o.safety_limit) if o.safety_limit else ""
    last += help_contacts(model, o.help) + "\n" if o.help else ""
    return (
        f'<section class="dpup-guide__step dpup-guide__outcome dpup-guide__outcome--{o.tone}" '
        f'data-step="{o.id}" aria-labelledby="{anchor}" markdown>\n'
        f'<h3 id="{anchor}" class="dpup-guide__title" tabindex="-1">'
        f'<span class="dpup-guide__number">Outcome {n}: </span>{_html_text(o.title)}</h3>\n\n'
        f'<p class="dpup-guide__tone"><strong>{TONES[o.tone]}</strong></p>\n\n'
        f"{first}{markdown(o.body)}\n\n{last}"
        f'<div class="dpup-guide__cites" markdown>\n\n'
        f"**What the policy says:** {policy}\n\n"
        f"**What the law says:** {laws}\n\n"
        f"</div>\n"
        f"</section>\n"
    )


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


# --- the purpose statement builder --------------------------------------------


def purpose_builder(model: ContentModel, from_src: str, tool_id: str) -> str:
    """The six elements as a printable form; the script checks it and writes the outputs."""
    tool: ts.PurposeStatement = tool_of(model, tool_id, ts.PurposeStatement)
    config = {
        "statementTitle": tool.statement_title,
        "noticeTitle": tool.notice_title,
        "elements": [
            {
                "id": e.id,
                "name": e.name,
                "question": e.question,
                "fields": [f.model_dump(include={"id", "short", "input", "check", "missing"}) for f in e.fields],
            }
            for e in tool.elements
        ],
        "notice": [s.model_dump() for s in tool.notice],
    }
    out = [
        f'<div class="dpup-tool dpup-builder" id="{tool_id}" data-dpup-builder="{attr_json(config)}" markdown>\n',
        '<p class="dpup-builder__nojs">Your browser is not running scripts, so this page cannot check '
        "your answers or write the notice for you. You can still print the form and fill it in by hand.</p>\n",
        f'<form class="dpup-builder__form" method="dialog" novalidate aria-label="{attr(tool.title)}" markdown>\n',
    ]
    for n, e in enumerate(tool.elements, 1):
        out.append(_element(tool_id, n, e))
    out.append(
        f'<div class="dpup-builder__actions {JS_ONLY}" hidden>'
        '<button type="submit" class="md-button md-button--primary">Check and write my statement</button>'
        "</div>\n"
    )
    out.append("</form>\n")
    out.append(f'<div class="dpup-builder__results {JS_ONLY}" hidden></div>\n')
    out.append("</div>\n")
    return "\n".join(out)


def attr_json(value: object) -> str:
    """JSON for a double-quoted attribute (a <script> would be rewritten by instant navigation)."""
    return html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def _element(tool_id: str, n: int, e: ts.Element) -> str:
    fields = "\n".join(_field(tool_id, f) for f in e.fields)
    intro = f"{markdown(e.intro)}\n\n" if e.intro else ""
    return (
        f'<fieldset class="dpup-builder__element" id="{tool_id}--{e.id}" markdown>\n'
        f'<legend><span class="dpup-builder__step">{n}. {e.name}</span> {_html_text(e.question)}</legend>\n\n'
        f"{intro}{fields}\n"
        f"</fieldset>\n"
    )


def field_id(tool_id: str, f: ts.BuilderField) -> str:
    return f"{tool_id}-{f.id}"


def _field(tool_id: str, f: ts.BuilderField) -> str:
    fid = field_id(tool_id, f)
    hint_id = f"{fid}-hint"
    hint = f'<p class="dpup-builder__hint" id="{hint_id}">{_html_text(f.hint)}</p>' if f.hint else ""
    described = f' aria-describedby="{hint_id}"' if f.hint else ""
    label = f'<label for="{fid}">{_html_text(f.label)}</label>'
    optional = "" if f.check else ' <span class="dpup-builder__optional">(optional)</span>'
    if f.input == "checkbox":
        return (
            f'<div class="dpup-builder__field dpup-builder__field--checkbox" data-field="{f.id}">'
            f'<input type="checkbox" id="{fid}" name="{f.id}"{described}> {label}{hint}</div>'
        )
    control = (
        f'<textarea id="{fid}" name="{f.id}" rows="3"{described}></textarea>'
        if f.input == "textarea"
        else f'<input type="text" id="{fid}" name="{f.id}" autocomplete="off"{described}>'
    )
    label = f'<label for="{fid}">{_html_text(f.label)}{optional}</label>'
    return f'<div class="dpup-builder__field" data-field="{f.id}">{label}{hint}{control}</div>'


# --- checklists ---------------------------------------------------------------


def checklist(model: ContentModel, from_src: str, checklist_id: str, tool_id: str = "checklists") -> str:
    """One protocol's or principle's checklist as checkboxes; the script saves ticks in this browser only."""
    tool: ts.Checklists = tool_of(model, tool_id, ts.Checklists)
    found = next((c for c in tool.checklists if c.id == checklist_id), None)
    if found is None:
        raise KeyError(
            f"checklist: no checklist '{checklist_id}' in data/tools/{tool_id}.yml; "
            f"known: {', '.join(c.id for c in tool.checklists)}"
        )
    items = []
    for item in found.items:
        box = f"checklist-{found.id}-{item.id}"
        see = f' <span class="dpup-checklist__see">({cite(model, from_src, item.see)})</span>' if item.see else ""
        items.append(
            f'<li class="dpup-checklist__item" markdown="span">'
            f'<input type="checkbox" id="{box}" data-item="{item.id}"> '
            f'<label for="{box}">{_one_line(item.text)}</label>{see}</li>'
        )
    return (
        f'<div class="dpup-tool dpup-checklist" data-dpup-checklist="{found.id}" role="group" '
        f'aria-label="{attr(found.title)} checklist" markdown>\n'
        f'<p class="dpup-checklist__progress {JS_ONLY}" hidden aria-live="polite"></p>\n'
        f'<ul class="dpup-checklist__items" markdown>\n' + "\n".join(items) + "\n</ul>\n"
        f'<p class="{JS_ONLY}" hidden><button type="button" class="md-button" data-action="clear">'
        f"Clear the ticks in this checklist</button></p>\n"
        f"</div>\n"
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- the self-check quiz ------------------------------------------------------


def quiz(model: ContentModel, from_src: str, tool_id: str = "quiz") -> str:
    """The quiz: radio buttons per question, the answer and explanation in a <details> under each."""
    tool: ts.Quiz = tool_of(model, tool_id, ts.Quiz)
    out = [
        f'<div class="dpup-tool dpup-quiz" id="{tool_id}" data-dpup-quiz="{tool_id}" markdown>\n',
        f'<p class="dpup-quiz__score {JS_ONLY}" hidden aria-live="polite"></p>\n',
    ]
    for n, q in enumerate(tool.questions, 1):
        out.append(_quiz_question(model, from_src, tool_id, n, q))
    out.append(
        f'<p class="dpup-quiz__actions {JS_ONLY}" hidden>'
        f'<button type="button" class="md-button" data-action="restart">Clear my answers and start again</button></p>\n'
    )
    out.append("</div>\n")
    return "\n".join(out)


def _quiz_question(model: ContentModel, from_src: str, tool_id: str, n: int, q: ts.QuizQuestion) -> str:
    anchor = f"{tool_id}--{q.id}"
    correct = next(k for k, o in enumerate(q.options) if o.correct)
    options = "\n".join(
        f'<div class="dpup-quiz__option"><input type="radio" name="{anchor}" id="{anchor}-{k}" value="{k}"> '
        f'<label for="{anchor}-{k}">{_html_text(o.text)}</label></div>'
        for k, o in enumerate(q.options)
    )
    return (
        f'<section class="dpup-quiz__question" data-question="{q.id}" data-correct="{correct}" '
        f'aria-labelledby="{anchor}" markdown>\n'
        f'<h3 id="{anchor}" tabindex="-1">Question {n}. {_html_text(q.text)}</h3>\n'
        f'<fieldset class="dpup-quiz__options" aria-labelledby="{anchor}">\n{options}\n</fieldset>\n'
        f'<p class="{JS_ONLY}" hidden><button type="button" class="md-button" data-action="check">'
        f"Check my answer</button></p>\n"
        f'<p class="dpup-quiz__feedback" aria-live="polite"></p>\n'
        f'<details class="dpup-quiz__answer" markdown>\n'
        f"<summary>Show the answer</summary>\n\n"
        f"**The answer:** {md_text(q.options[correct].text)}\n\n"
        f"{markdown(q.explanation)}\n\n"
        f"Read more: {cite(model, from_src, q.see)}\n\n"
        f"</details>\n"
        f"</section>\n"
    )
