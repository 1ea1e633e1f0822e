"""What each macro's parameters take, declared in the macro's own signature, and the checks of
what a page gives them (issue 33: one registry per idea).

A macro (pages/macros.py) says what each parameter takes with `Annotated`:

    def principle_card(at: At, principle_id: Annotated[str, Kind.PRINCIPLE]) -> str: ...

`declared` reads that when the macro is registered, and refuses a parameter that says nothing,
so a new macro cannot skip the checks. The page's parsed Jinja (safety.py) binds each call to
the signature (`problems`) and checks every value against the data its kind names (`checks`).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, get_args, get_origin

from . import schema, tool_schema

if TYPE_CHECKING:
    from .model import Data
    from .safety import Call

AT = "at"  # the macro's own first parameter: the model and the page it is called on, never given by a page
PROJECT = Path(__file__).resolve().parents[3]


class Kind(Enum):
    """What a macro's parameter takes: each value, a description for the contributor."""

    TEXT = "free text, such as a link's own words"
    LAW = "an Act or provision in data/laws.yml, perhaps pinpointed: 'privacy-act-2020/s-115(2)'"
    ACT = "an Act in data/laws.yml"
    LAW_KIND = "a kind of law in data/laws.yml: act, code, …"
    TERM = "a term in data/glossary.yml, as written or by its id"
    GLOSSARY_LANGUAGE = "a language of data/glossary.yml: mi, en, …"
    PRINCIPLE = "a principle in data/principles.yml"
    CONTACT = "a contact in data/contacts.yml"
    DECISION_GUIDE = "a decision guide in data/tools/"
    PURPOSE_BUILDER = "a purpose statement builder in data/tools/"
    QUIZ = "a quiz in data/tools/"
    CHECKLIST = "a checklist in data/tools/checklists.yml"
    PAGE = "a page's path from docs/, such as 'protocols/purpose-matters.md'"


@dataclass(frozen=True)
class Parameters:
    """A macro's parameters as a page calls it (without `at`), and the kind each one takes."""

    signature: inspect.Signature  # without annotations: it is shown to contributors
    kinds: dict[str, Kind]  # parameter name -> what it takes


def declared(function: Callable[..., object]) -> Parameters:
    """The kinds a macro's signature declares; a TypeError, naming the fix, for a parameter that
    declares none. Read once, when the macro is registered."""
    hints = typing.get_type_hints(function, include_extras=True)
    kept: list[inspect.Parameter] = []
    kinds: dict[str, Kind] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == AT:
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            raise TypeError(
                f"{_where(function)}: macro '{function.__name__}': **{parameter.name} cannot "
                "declare what each value takes; name each parameter, with its kind."
            )
        kind = _kind(hints.get(parameter.name))
        if kind is None:
            raise TypeError(
                f"{_where(function)}: macro '{function.__name__}': parameter '{parameter.name}' "
                "declares no kind, so what a page gives it would go unchecked. Write it as "
                f"{parameter.name}: Annotated[str, Kind.…], with one of the kinds in "
                f"hooks/dpup/content/arguments.py: {', '.join(k.name for k in Kind)}."
            )
        kinds[parameter.name] = kind
        kept.append(parameter.replace(annotation=inspect.Parameter.empty))
    return Parameters(inspect.Signature(kept), kinds)


def _kind(hint: object) -> Kind | None:
    """The kind in `Annotated[str, Kind.X]`, or in `Annotated[str, Kind.X] | None`."""
    if get_origin(hint) is Annotated:  # its arguments: the type, then what annotates it
        return next((m for m in get_args(hint)[1:] if isinstance(m, Kind)), None)
    found = {kind for arg in get_args(hint) if (kind := _kind(arg)) is not None}
    return found.pop() if len(found) == 1 else None


def _where(function: Callable[..., object]) -> str:
    code = inspect.unwrap(function).__code__
    path = Path(code.co_filename)
    return f"{path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path}:{code.co_firstlineno}"


@dataclass(frozen=True)
class Check:
    """The values a kind allows, and what to say of one it does not."""

    known: Callable[[str], bool]
    where: str  # completes "'x' is not …"
    fix: str = "check its spelling there."

    def problem(self, macro: str, value: str) -> str:
        return f"{macro}(\"{value}\"): '{value}' is not {self.where}; {self.fix}"


def checks(data: Data, pages: Collection[str] | None = None) -> dict[Kind, Check]:
    """How to check each kind against the data (TEXT is anything); pages by their docs path, when
    every page is known."""
    from ..text import fold
    from .model import split_pinpoint  # model loads this module

    terms = {fold(t.term) for t in data.glossary.values()}
    checklists = {c.id for t in data.tools.values() if isinstance(t, tool_schema.Checklists) for c in t.checklists}
    law_kinds = get_args(schema.Act.model_fields["kind"].annotation)
    languages = get_args(schema.Term.model_fields["lang"].annotation)

    def tool(kind: type, what: str) -> Check:
        return Check(lambda v: isinstance(data.tools.get(v), kind), f"in data/tools/ ({what})")

    found = {
        Kind.LAW: Check(lambda v: split_pinpoint(v)[0] in data.provisions or v in data.laws, "in data/laws.yml"),
        Kind.ACT: Check(lambda v: v in data.laws, "in data/laws.yml"),
        Kind.LAW_KIND: Check(
            lambda v: v in law_kinds, "a kind of law in data/laws.yml", f"use one of: {', '.join(law_kinds)}."
        ),
        Kind.TERM: Check(lambda v: v in data.glossary or fold(v) in terms, "in data/glossary.yml"),
        Kind.GLOSSARY_LANGUAGE: Check(
            lambda v: v in languages, "a language of data/glossary.yml", f"use one of: {', '.join(languages)}."
        ),
        Kind.PRINCIPLE: Check(lambda v: v in data.principles, "in data/principles.yml"),
        Kind.CONTACT: Check(lambda v: v in data.contacts, "in data/contacts.yml"),
        Kind.DECISION_GUIDE: tool(tool_schema.DecisionGuide, "as a decision guide"),
        Kind.PURPOSE_BUILDER: tool(tool_schema.PurposeStatement, "as a builder"),
        Kind.QUIZ: tool(tool_schema.Quiz, "as a quiz"),
        Kind.CHECKLIST: Check(lambda v: v in checklists, "in data/tools/checklists.yml"),
    }
    if pages is not None:  # a page loaded alone cannot know the others
        found[Kind.PAGE] = Check(
            lambda v: v in pages, "a page in docs/", 'give its path from docs/, such as "protocols/purpose-matters.md".'
        )
    return found


def problems(call: Call, parameters: Parameters, known: Mapping[Kind, Check]) -> list[str]:
    """What is wrong with one call's values: too many, too few or misnamed for the macro's
    signature, or a value its parameter's kind does not allow (kinds without a check pass)."""
    try:
        bound = parameters.signature.bind(*call.args, **dict(call.kwargs))
    except TypeError as error:
        return [f"{call.name}(…): {error}; write it as {call.name}{parameters.signature}."]
    found = []
    for name, given in bound.arguments.items():
        star = parameters.signature.parameters[name].kind is inspect.Parameter.VAR_POSITIONAL
        check = known.get(parameters.kinds[name])
        found += [
            check.problem(call.name, value)
            for value in (given if star else (given,))
            if check is not None and not check.known(value)
        ]
    return found


def given(calls: Iterable[Call], macros: Mapping[str, Parameters], kind: Kind) -> set[str]:
    """Every value the calls give a parameter of `kind`, the macros' defaults included: which
    tools the pages show, for instance."""
    values: set[str] = set()
    for call in calls:
        parameters = macros.get(call.name)
        if parameters is None or kind not in parameters.kinds.values():
            continue
        try:
            bound = parameters.signature.bind(*call.args, **dict(call.kwargs))
        except TypeError:
            continue  # refused already, by `problems`
        bound.apply_defaults()
        for name, value in bound.arguments.items():
            if parameters.kinds[name] is kind and value is not None:
                star = parameters.signature.parameters[name].kind is inspect.Parameter.VAR_POSITIONAL
                values.update(value if star else (value,))
    return values
