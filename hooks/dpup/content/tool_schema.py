"""The shapes of the digital tools' data files (data/tools/*.yml).

Each file says what it is with `kind:`. Pydantic checks the shape; the links
between parts (branches, reachability, citations) are checked in tools.py,
where the messages can name the question or outcome at fault.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .schema import Id, Strict, Text

Page = Field(pattern=r"^[a-z0-9/-]+\.md$")  # a docs-relative page: protocols/purpose-matters.md
Anchor = Field(default=None, pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$")  # a heading's id on that page


class Citation(Strict):
    """A section of the policy that backs an outcome, explanation or checklist item."""

    page: str = Page
    anchor: str | None = Anchor
    text: str | None = None  # link text; defaults to the page's title


# --- decision guides ----------------------------------------------------------


class Answer(Strict):
    label: str = Text  # what the reader chooses: "Yes, they agreed"
    next: str = Id  # the id of the question or outcome this answer leads to
    # The answer means someone may be in danger: every outcome after it must open with 111.
    danger: bool = False


class Covered(Strict):
    """Who a law covers, shown where a question asks it: a closed panel after the help text."""

    title: str = Text  # the panel's summary line: "Who does section 66C cover?"
    body: str = Text  # Markdown, a short list: kinds of organisation and role, then who to ask
    # ids from data/laws.yml, checked like an outcome's; a provision may be pinpointed: "<id>(1)"
    laws: list[str] = Field(min_length=1)


class Question(Strict):
    id: str = Id
    text: str = Text  # the question, one short sentence
    help: str | None = None  # Markdown: what the question means, examples
    covered: Covered | None = None  # who the law the question names covers, with its citation
    answers: list[Answer] = Field(min_length=2)


class Outcome(Strict):
    id: str = Id
    title: str = Text  # the advice in a few words: "Ask the person first"
    tone: Literal["go", "caution", "stop"]  # how the outcome is flagged to the reader
    body: str = Text  # Markdown: what to do next
    # Both are required in practice; tools.py says which outcome lacks them.
    policy: list[Citation] = []
    laws: list[str] = []  # at least one provision ("<act>/<provision>"), not only an Act
    # Open with the emergency line (111, from data/contacts.yml): required after a danger answer.
    emergency: bool = False
    # Close with the safety limit (data/contacts.yml `safety_limit`): required when the body
    # tells the reader to tell, show or give someone information, or to ask, tell or contact the
    # person or their whānau (tools.TELLS, tools.ASKS): it warns that asking or telling can tip
    # off someone who may cause harm, and says when not to. `access` closes an outcome
    # that answers a person's request for their own information with `access_limit` instead,
    # which names the only grounds (Privacy Act Part 4) on which access may be withheld.
    safety_limit: bool | Literal["access"] = False
    # Where the person can get help, as ids from data/contacts.yml: shown as a list at the end.
    help: list[str] = []


class DecisionGuide(Strict):
    kind: Literal["decision-guide"]
    title: str = Text
    intro: str = Text  # Markdown shown above the first question
    start: str = Id  # the first question's id
    # Bounded: every step is drawn, and checks walk the guide (content/tools.py MAX_PATHS).
    questions: list[Question] = Field(min_length=1, max_length=100)
    outcomes: list[Outcome] = Field(min_length=1, max_length=100)


# --- the purpose statement builder --------------------------------------------


class BuilderField(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")  # used as {placeholder} in the notice
    label: str = Text  # the question on the form
    short: str = Text  # the label in the finished statement: "Who will not see it"
    hint: str | None = None  # a short example or explanation under the label
    input: Literal["text", "textarea", "checkbox"] = "textarea"
    # The checklist question this field answers; a field without one is optional.
    check: str | None = None
    missing: str | None = None  # how the checklist names the gap: "who will not see it"


class Element(Strict):
    id: str = Id
    name: str = Text  # What, Why, How, Choice, Law, Transparency
    question: str = Text  # the element as one question
    intro: str | None = None  # Markdown
    fields: list[BuilderField] = Field(min_length=1)


class NoticeSection(Strict):
    heading: str = Text
    paragraphs: list[str] = Field(min_length=1)  # plain text with {field} placeholders
    when: str | None = None  # a field id: the section appears only if that field has a value


class PurposeStatement(Strict):
    kind: Literal["purpose-statement"]
    title: str = Text
    elements: list[Element] = Field(min_length=1)
    statement_title: str = Text  # may use {field} placeholders
    notice_title: str = Text
    notice: list[NoticeSection] = Field(min_length=1)


# --- checklists ---------------------------------------------------------------


class ChecklistItem(Strict):
    id: str = Id  # stored in the browser; keep it stable once published
    text: str = Text  # Markdown, one action or question
    see: Citation | None = None


class Checklist(Strict):
    id: str = Id  # the protocol's or principle's id; the heading anchor on the checklists page
    title: str = Text
    page: str = Page  # the protocol or principle page the checklist applies
    items: list[ChecklistItem] = Field(min_length=1)


class Checklists(Strict):
    kind: Literal["checklists"]
    title: str = Text
    checklists: list[Checklist] = Field(min_length=1)


# --- the self-check quiz ------------------------------------------------------


class QuizOption(Strict):
    text: str = Text
    correct: bool = False


class QuizQuestion(Strict):
    id: str = Id
    text: str = Text
    options: list[QuizOption] = Field(min_length=2)
    explanation: str = Text  # Markdown: why the right answer is right
    see: Citation  # the page that answers the question


class Quiz(Strict):
    kind: Literal["quiz"]
    title: str = Text
    questions: list[QuizQuestion] = Field(min_length=1)


Tool = DecisionGuide | PurposeStatement | Checklists | Quiz
KINDS: dict[str, type[Tool]] = {
    "decision-guide": DecisionGuide,
    "purpose-statement": PurposeStatement,
    "checklists": Checklists,
    "quiz": Quiz,
}
