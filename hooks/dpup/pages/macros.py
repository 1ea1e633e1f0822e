"""The macros authors call in pages, in one registry: macros.py hands them to mkdocs-macros, and
the audience views (views.py) run the same functions on a block's parsed calls.

Each macro is a function of `At` (the content model, and the page the call is written on) and
the literal arguments the page gives; it returns Markdown. Each parameter declares what it takes
(`Annotated[str, Kind.LAW]`, content/arguments.py): the page's Jinja is checked against that
before anything renders, and `@macro` refuses a parameter that declares nothing. `for_audience` is not here: it wraps
text rather than making it, and the views are built from its parsed blocks (content/safety.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from ..content.arguments import Kind, Parameters, declared
from ..content.model import ContentModel
from ..content.safety import Call
from ..history import feeds
from . import diagram, tools
from . import fragments as render


@dataclass(frozen=True)
class At:
    model: ContentModel
    here: str  # the docs path of the page the call is written on


MACROS: dict[str, Callable[..., str]] = {}
PARAMETERS: dict[str, Parameters] = {}  # what each macro's parameters take, read from its signature


def macro(function: Callable[..., str]) -> Callable[..., str]:
    PARAMETERS[function.__name__] = declared(function)  # a TypeError for a parameter that declares no kind
    MACROS[function.__name__] = function
    return function


def run(call: Call, at: At) -> str:
    """What one parsed call of a macro returns, as it would on the page `at.here`."""
    return MACROS[call.name](at, *call.args, **dict(call.kwargs))


@macro
def summary(at: At, page: Annotated[str, Kind.PAGE] | None = None) -> str:
    """The plain-language summary of this page, or of another page given by its docs path."""
    return render.summary(at.model, page or at.here)


@macro
def principle_card(at: At, principle_id: Annotated[str, Kind.PRINCIPLE]) -> str:
    """One principle as a card linking to its page."""
    return render.principle_cards(at.model, at.here, [principle_id])


@macro
def principle_cards(at: At, *principle_ids: Annotated[str, Kind.PRINCIPLE]) -> str:
    """Cards for the given principles, or all five in order."""
    return render.principle_cards(at.model, at.here, list(principle_ids or at.model.data.principles))


@macro
def law(at: At, law_id: Annotated[str, Kind.LAW], text: Annotated[str, Kind.TEXT] | None = None) -> str:
    """A reference to an Act or provision: 'privacy-act-2020/ipp-3a' -> IPP 3A, linked and titled."""
    return render.law_link(at.model, at.here, law_id, text)


@macro
def law_table(at: At, act_id: Annotated[str, Kind.ACT]) -> str:
    """The table of an Act's provisions (e.g. the Information Privacy Principles)."""
    return render.law_table(at.model, at.here, act_id)


@macro
def law_list(at: At, *kinds: Annotated[str, Kind.LAW_KIND]) -> str:
    """Entries for every Act or instrument of the given kinds (act, code, charter, …)."""
    return render.law_list(at.model, at.here, list(kinds))


@macro
def law_map(at: At, act_id: Annotated[str, Kind.ACT] = "privacy-act-2020") -> str:
    """For each IPP, the principles and protocols that apply it and the pages that explain it."""
    return render.law_map(at.model, at.here, act_id)


@macro
def related_law(at: At) -> str:
    """On a protocol or principle page: the privacy principles it applies (data/laws.yml)."""
    return render.related_law(at.model, at.here)


@macro
def law_changes(at: At) -> str:
    """The laws that change or add to the privacy principles for social services (data/laws.yml)."""
    return render.law_changes(at.model, at.here)


@macro
def term(at: At, word: Annotated[str, Kind.TERM], text: Annotated[str, Kind.TEXT] | None = None) -> str:
    """A glossary term, linked to its definition, with its gloss as a tooltip."""
    return render.term(at.model, at.here, word, text)


@macro
def glossary(at: At, lang: Annotated[str, Kind.GLOSSARY_LANGUAGE] | None = None) -> str:
    """The glossary from data/glossary.yml; lang='mi' for kupu only, 'en' for policy terms."""
    return render.glossary(at.model, at.here, lang)


@macro
def help_contacts(at: At, *contact_ids: Annotated[str, Kind.CONTACT]) -> str:
    """Where to get help: numbers from data/contacts.yml; by default, those for someone's safety."""
    return render.help_contacts(at.model, list(contact_ids))


@macro
def provenance(at: At) -> str:
    """What this edition is and who publishes it, with a link to the official policy."""
    return render.provenance(at.model)


@macro
def timeline(at: At) -> str:
    """How the policy was developed, from data/timeline.yml."""
    return render.timeline(at.model)


@macro
def version_history(at: At) -> str:
    """Published versions of the policy, from data/versions.yml."""
    return render.version_history(at.model, at.here)


@macro
def change_feeds(at: At) -> str:
    """The Atom feeds of the policy's changes: the whole policy's, then each section's."""
    # Only each feed's name and path are listed: the site name is part of its title alone.
    items = [f"- [{render.text(f.name)}]({render.link(at.here, f.path)})" for f in feeds.feeds_of(at.model, "")]
    return "\n".join(items) + "\n"


@macro
def decision_guide(at: At, tool_id: Annotated[str, Kind.DECISION_GUIDE]) -> str:
    """A decision guide from data/tools/<id>.yml: linked sections, interactive with JavaScript."""
    return tools.decision_guide(at.model, at.here, tool_id)


@macro
def sharing_rules_diagram(at: At) -> str:
    """The order of the sharing rules (data/laws.yml `sharing_order`), drawn when the site is built."""
    return diagram.sharing_details(at.model)


@macro
def purpose_statement_builder(at: At, tool_id: Annotated[str, Kind.PURPOSE_BUILDER] = "purpose-statement") -> str:
    """The purpose statement builder form, from data/tools/purpose-statement.yml."""
    return tools.purpose_builder(at.model, at.here, tool_id)


@macro
def checklist(at: At, checklist_id: Annotated[str, Kind.CHECKLIST]) -> str:
    """One protocol's checklist from data/tools/checklists.yml, e.g. checklist("purpose-matters")."""
    return tools.checklist(at.model, at.here, checklist_id)


@macro
def quiz(at: At, tool_id: Annotated[str, Kind.QUIZ] = "quiz") -> str:
    """The self-check quiz from data/tools/quiz.yml."""
    return tools.quiz(at.model, at.here, tool_id)


@macro
def breach_register(at: At) -> str:
    """The columns of the breach register (data/pages.yml office.breach_register_columns), which
    the Word file of the register (dpup/office/) has too: one list, in one place."""
    columns = at.model.data.pages.office.breach_register_columns
    return "\n".join(f"- **{render.text(c.name)}**: {render.text(c.record)}" for c in columns) + "\n"
