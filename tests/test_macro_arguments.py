"""Each macro declares what its parameters take in its own signature (dpup/content/arguments.py),
and pages are checked against that: a macro that declares nothing is refused when it is defined,
a new macro is checked with no other file touched, and every kind refuses a wrong value.
"""

from __future__ import annotations

from typing import Annotated

import pytest

from conftest import ROOT, copy_project, policy_macros
from dpup.content import arguments, model
from dpup.content.arguments import Kind
from dpup.content.safety import jinja_problems
from dpup.pages import macros

PAGE = "docs/principles/he-tangata.md"
WRONG = "no-such-thing"
# What each kind says of a value it does not allow: the messages contributors have learnt.
REFUSED = {
    Kind.LAW: "is not in data/laws.yml; check its spelling there.",
    Kind.ACT: "is not in data/laws.yml; check its spelling there.",
    Kind.LAW_KIND: "is not a kind of law in data/laws.yml; use one of: act, code, standard, charter, principles.",
    Kind.TERM: "is not in data/glossary.yml; check its spelling there.",
    Kind.GLOSSARY_LANGUAGE: "is not a language of data/glossary.yml; use one of: mi, en, sm.",
    Kind.PRINCIPLE: "is not in data/principles.yml; check its spelling there.",
    Kind.CONTACT: "is not in data/contacts.yml; check its spelling there.",
    Kind.DECISION_GUIDE: "is not in data/tools/ (as a decision guide); check its spelling there.",
    Kind.PURPOSE_BUILDER: "is not in data/tools/ (as a builder); check its spelling there.",
    Kind.QUIZ: "is not in data/tools/ (as a quiz); check its spelling there.",
    Kind.CHECKLIST: "is not in data/tools/checklists.yml; check its spelling there.",
    Kind.PAGE: 'is not a page in docs/; give its path from docs/, such as "protocols/purpose-matters.md".',
}


@pytest.fixture(scope="module")
def data() -> model.Data:
    return model.load_data(ROOT / "data")


@pytest.fixture
def registry():
    """The macros' registry, as it was before the test added to it."""
    before = dict(macros.MACROS), dict(macros.PARAMETERS)
    yield macros
    for now, then in zip((macros.MACROS, macros.PARAMETERS), before):
        now.clear()
        now.update(then)


def pages() -> set[str]:
    return {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}


def test_every_kind_but_free_text_is_checked_and_used():
    checked = set(arguments.checks(model.load_data(ROOT / "data"), pages()))
    assert checked == set(Kind) - {Kind.TEXT} == set(REFUSED)
    used = {kind for parameters in macros.PARAMETERS.values() for kind in parameters.kinds.values()}
    assert used == set(Kind), f"declared by no macro: {set(Kind) - used}"


GOOD = {
    Kind.LAW: "privacy-act-2020/ipp-1",
    Kind.ACT: "privacy-act-2020",
    Kind.LAW_KIND: "act",
    Kind.TERM: "whānau",
    Kind.GLOSSARY_LANGUAGE: "mi",
    Kind.PRINCIPLE: "he-tangata",
    Kind.CONTACT: "emergency",
    Kind.DECISION_GUIDE: "can-i-share",
    Kind.PURPOSE_BUILDER: "purpose-statement",
    Kind.QUIZ: "quiz",
    Kind.CHECKLIST: "purpose-matters",
    Kind.PAGE: "protocols/purpose-matters.md",
    Kind.TEXT: "some words",
}


def call(name: str, values: list[str]) -> str:
    return "{{ " + name + "(" + ", ".join(f'"{v}"' for v in values) + ") }}\n"


@pytest.mark.parametrize("name", sorted(macros.PARAMETERS))
def test_each_macro_refuses_a_wrong_value_for_each_checked_parameter(data, name):
    """Each parameter but free text, given a wrong value (those before it, good ones), is named
    with its kind's message; good values pass."""
    parameters = macros.PARAMETERS[name]
    checks = arguments.checks(data, pages())
    kinds = list(parameters.kinds.values())
    for i, kind in enumerate(kinds):
        good = [GOOD[k] for k in kinds[: i + 1]]
        assert jinja_problems("docs/x.md", call(name, good), 1, macros.PARAMETERS, checks) == []
        if kind is not Kind.TEXT:
            problems = jinja_problems("docs/x.md", call(name, [*good[:-1], WRONG]), 1, macros.PARAMETERS, checks)
            assert [p.message for p in problems] == [f"{name}(\"{WRONG}\"): '{WRONG}' {REFUSED[kind]}"]


def test_a_macro_whose_parameter_declares_no_kind_is_refused_where_it_is_defined(registry):
    with pytest.raises(TypeError) as refused:

        @registry.macro
        def principle_quote(at, principle_id: str) -> str:
            return principle_id

    message = str(refused.value)
    assert message.startswith("tests/test_macro_arguments.py:")
    assert (
        "macro 'principle_quote': parameter 'principle_id' declares no kind, so what a page gives it would go "
        "unchecked. Write it as principle_id: Annotated[str, Kind.…]"
    ) in message
    assert "PRINCIPLE" in message
    assert "principle_quote" not in registry.MACROS and "principle_quote" not in registry.PARAMETERS

    with pytest.raises(TypeError, match=r"macro 'quotes': \*\*ids cannot declare what each value takes"):

        @registry.macro
        def quotes(at, **ids: Annotated[str, Kind.PRINCIPLE]) -> str:
            return ""


def test_a_new_macro_is_checked_with_no_other_file_touched(registry, tmp_path):
    """Declared once, where it is defined: python -m dpup check and the build's loader (its macros
    as mkdocs-macros gets them from macros.py) both check the ids a page gives it."""
    from dpup import check

    @registry.macro
    def principle_quote(at, principle_id: Annotated[str, Kind.PRINCIPLE], *more: Annotated[str, Kind.CONTACT]):
        return ""

    project = copy_project(tmp_path / "project")
    page = project / PAGE
    text = page.read_text(encoding="utf-8")

    def found(written: str) -> tuple[list[str], list[str]]:
        """What python -m dpup check and the build's loader say of the page calling `written`."""
        page.write_text(text.replace('{{ principle_card("he-tangata") }}', written, 1), encoding="utf-8")
        content = model.ContentModel(data=model.load_data(project / "data"))
        docs = project / "docs"
        sources = [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in docs.rglob("*.md")]
        return (
            [str(p) for p in check.problems(project)],
            [str(p) for p in model.load_pages(content, sources, [], policy_macros())],
        )

    line = text[: text.index('{{ principle_card("he-tangata") }}')].count("\n") + 1
    assert found('{{ principle_quote("he-tangata", "emergency") }}') == ([], [])
    wrong = [
        f"{PAGE}:{line}: field 'body': principle_quote(\"he-tanagata\"): 'he-tanagata' is not in "
        "data/principles.yml; check its spelling there."
    ]
    assert found('{{ principle_quote("he-tanagata", "emergency") }}') == (wrong, wrong)
    wrong = [
        f"{PAGE}:{line}: field 'body': principle_quote(\"nobody\"): 'nobody' is not in data/contacts.yml; "
        "check its spelling there."
    ]
    assert found('{{ principle_quote("he-tangata", "emergency", "nobody") }}') == (wrong, wrong)


@pytest.mark.parametrize(
    "jinja, found",
    [
        ("{{ law() }}", "law(…): missing a required argument: 'law_id'; write it as law(law_id, text=None)."),
        ('{{ principle_card("he-tangata", "kaitiakitanga") }}', "principle_card(…): too many positional arguments"),
        ('{{ summary(text="Purpose") }}', "summary(…): got an unexpected keyword argument 'text'"),
        ('{{ law("privacy-act-2020", "the Act", text="the Act") }}', "multiple values for argument 'text'"),
    ],
)
def test_a_call_that_does_not_fit_the_macro_is_named_before_it_runs(data, jinja, found):
    problems = jinja_problems("docs/x.md", f"Text.\n{jinja}\n", 5, macros.PARAMETERS, arguments.checks(data))
    assert [p.line for p in problems] == [6]
    assert found in problems[0].message, problems


def test_a_value_given_by_name_is_checked_by_its_kind(data):
    def cite(at, law_id: Annotated[str, Kind.LAW], text: Annotated[str, Kind.PRINCIPLE] | None = None) -> str:
        return ""

    known = {"cite": arguments.declared(cite)}
    assert (
        jinja_problems(
            "docs/x.md", '{{ cite("privacy-act-2020", text="he-tangata") }}', 1, known, arguments.checks(data)
        )
        == []
    )
    [problem] = jinja_problems(
        "docs/x.md", '{{ cite("privacy-act-2020", text="nobody") }}', 1, known, arguments.checks(data)
    )
    assert problem.message == "cite(\"nobody\"): 'nobody' is not in data/principles.yml; check its spelling there."
