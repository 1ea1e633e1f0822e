"""Load the digital tools (data/tools/*.yml) and check that each one hangs together.

Part of loading the content model, so a broken tool stops the build. Pydantic
checks each file's shape; the functions here check what a schema cannot: that
every answer leads somewhere, that every question can be reached, that a guide
cannot loop, and that every outcome cites the policy and the law.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import tool_schema as ts
from .errors import Loc, Problem, line_of, parse_yaml, read_text, schema_problems

FILE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def load_tools(tools_dir: Path, known_laws: Collection[str] | None, problems: list[Problem]) -> dict[str, ts.Tool]:
    """Every tool in data/tools/, by file name without .yml; problems are appended, not raised."""
    tools: dict[str, ts.Tool] = {}
    for path in sorted(tools_dir.glob("*.yml")) if tools_dir.is_dir() else []:
        tool = load_tool_file(path, known_laws, problems, f"data/tools/{path.name}")
        if tool is not None:
            tools[path.stem] = tool
    return tools


def load_tool_file(
    path: Path, known_laws: Collection[str] | None, problems: list[Problem], name: str | None = None
) -> ts.Tool | None:
    """Parse, validate and check one tool file. `name` is how messages refer to it."""
    file = name or str(path)
    if not FILE_ID.match(path.stem):
        problems.append(
            Problem(
                file,
                None,
                None,
                "name the file in lower-case words joined by hyphens; "
                "the name is the tool's id and part of its page anchors.",
            )
        )
        return None
    if (text := read_text(path, file, problems)) is None:
        return None
    if (parsed := parse_yaml(text, file, problems)) is None:
        return None
    raw, node = parsed
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in ts.KINDS:
        problems.append(
            Problem(file, line_of(node, ("kind",)), "kind", f"got {kind!r}; allowed: {', '.join(ts.KINDS)}.")
        )
        return None
    try:
        tool = ts.KINDS[kind].model_validate(raw)
    except ValidationError as error:
        problems.extend(schema_problems(file, error, node))
        return None
    found = check_tool(file, tool, node, known_laws)
    problems.extend(found)
    return None if found else tool


# --- decision guides ----------------------------------------------------------


def check_guide(
    file: str, guide: ts.DecisionGuide, node: yaml.Node | None, known_laws: Collection[str] | None
) -> list[Problem]:
    """Branches that point nowhere, unreachable nodes, loops, and outcomes without citations."""

    def at(field: str, message: str) -> Problem:
        loc = tuple(int(p) if p.isdigit() else p for p in field.split("."))
        return Problem(file, line_of(node, loc), field, message)

    problems: list[Problem] = []
    kinds: dict[str, str] = {}
    groups: tuple[tuple[str, Sequence[ts.Question | ts.Outcome]], ...] = (
        ("questions", guide.questions),
        ("outcomes", guide.outcomes),
    )
    for group, items in groups:
        for i, item in enumerate(items):
            if item.id in kinds:
                problems.append(
                    at(
                        f"{group}.{i}.id",
                        f"'{item.id}' is used twice; every question and outcome in a guide needs its own id.",
                    )
                )
            kinds.setdefault(item.id, group[:-1])

    questions = {q.id: q for q in guide.questions}
    if guide.start not in questions:
        problems.append(at("start", f"the start question '{guide.start}' is not a question in this file."))

    for i, q in enumerate(guide.questions):
        for k, law in enumerate(q.covered.laws if q.covered else []):
            if (why := _unknown_law(law, known_laws)) is not None:
                problems.append(
                    at(
                        f"questions.{i}.covered.laws.{k}",
                        f"question '{q.id}' says who is covered citing '{law}', which {why}",
                    )
                )
        for j, a in enumerate(q.answers):
            if a.next not in kinds:
                problems.append(
                    at(
                        f"questions.{i}.answers.{j}.next",
                        f"question '{q.id}', answer '{a.label}', goes to '{a.next}', which is "
                        "not a question or outcome in this file.",
                    )
                )

    reached = _reachable(guide.start, questions)
    for group, items in groups:
        for i, item in enumerate(items):
            if item.id not in reached and guide.start in questions:
                problems.append(
                    at(
                        f"{group}.{i}.id",
                        f"{group[:-1]} '{item.id}' cannot be reached from the "
                        f"start question '{guide.start}'; point an answer at it or remove it.",
                    )
                )

    for q_id, j in _loops(guide.start, questions):
        i = next(n for n, q in enumerate(guide.questions) if q.id == q_id)
        a = questions[q_id].answers[j]
        problems.append(
            at(
                f"questions.{i}.answers.{j}.next",
                f"question '{q_id}', answer '{a.label}', leads back to '{a.next}', which comes "
                "before it; a guide must always move on towards an outcome.",
            )
        )
    loops = bool(_loops(guide.start, questions))
    if not loops and guide.start in questions and (count := count_paths(guide)) > MAX_PATHS:
        problems.append(
            at(
                "questions",
                f"the guide has {count} paths from its first question to an outcome "
                f"(at most {MAX_PATHS}): every path is checked and listed for reviewers, so the "
                "work grows with them; join answers that lead to the same place, or split the guide.",
            )
        )
    if not loops and (long := long_arrows(guide)) is not None:
        problems.append(at(*long))

    after_danger = _after_danger(guide.start, questions)
    for i, o in enumerate(guide.outcomes):
        if o.id in after_danger and not o.emergency:
            problems.append(
                at(
                    f"outcomes.{i}",
                    f"outcome '{o.id}' can be reached after a danger answer "
                    f"('{after_danger[o.id]}'); add 'emergency: true' so it opens with 111.",
                )
            )
        if EMERGENCY_NUMBER.search(o.body):
            problems.append(
                at(
                    f"outcomes.{i}.body",
                    f"outcome '{o.id}' gives the emergency number itself; "
                    "take it out and add 'emergency: true', which opens the outcome with it.",
                )
            )
        if (said := TELLS.search(o.body) or ASKS.search(o.body)) and not o.safety_limit:
            problems.append(
                at(
                    f"outcomes.{i}.body",
                    f"outcome '{o.id}' says '{said.group(0)}', so it sends the "
                    "reader to ask or tell someone; add 'safety_limit: true' to the outcome so it "
                    "closes with the warning in data/contacts.yml (when not to ask or tell: it could "
                    "alert someone who may cause harm).",
                )
            )
        if o.laws and not any("/" in law for law in o.laws):
            problems.append(
                at(
                    f"outcomes.{i}.laws",
                    f"outcome '{o.id}' cites only whole Acts; cite at least "
                    "one provision, e.g. 'privacy-act-2020/ipp-11'.",
                )
            )
        if not o.policy:
            problems.append(
                at(
                    f"outcomes.{i}",
                    f"outcome '{o.id}' has no citation of the policy; add "
                    "'policy:' with the page and anchor of the section that backs it.",
                )
            )
        if not o.laws:
            problems.append(
                at(
                    f"outcomes.{i}",
                    f"outcome '{o.id}' has no citation of the law; add 'laws:' with ids from data/laws.yml.",
                )
            )
        for k, law in enumerate(o.laws):
            if known_laws is not None and law not in known_laws:
                problems.append(
                    at(
                        f"outcomes.{i}.laws.{k}",
                        f"outcome '{o.id}' cites '{law}', which is not an id in data/laws.yml.",
                    )
                )
    return problems


def _unknown_law(law: str, known_laws: Collection[str] | None) -> str | None:
    """Why `law` is not a citation of data/laws.yml (None if it is). A provision may be pinpointed
    to a subsection, 'oranga-tamariki-act-1989/s-2(1)'; an Act may not."""
    from .model import split_pinpoint  # model loads this module

    law_id, pinpoint = split_pinpoint(law)
    if known_laws is None:
        return None
    if law_id not in known_laws:
        return "is not an id in data/laws.yml; check its spelling there."
    if pinpoint and "/" not in law_id:
        return "pinpoints a whole Act; pinpoint a provision, e.g. 'oranga-tamariki-act-1989/s-2(1)'."
    return None


# Words that tell the reader to pass information to someone: each needs the safety limit.
TELLS = re.compile(
    r"\b(tell|inform|notify|let(?:ting)? (?:them|the person|people|\w+) know|show (?:them|the person)|"
    r"give (?:them|it|the person|the information))\b",
    re.IGNORECASE,
)
# Words that send the reader to ask or contact the person, or their whānau: asking can tip off
# someone who may cause harm as surely as telling, so each needs the safety limit too.
_WHO = (
    r"(?:the (?:person|child|young person|victim|client|parents?|caregivers?|family)|them|him|her|"
    r"their (?:wh[aā]nau|family|parents?|caregivers?)|wh[aā]nau)"
)
ASKS = re.compile(
    rf"\b(?:(?:ask|contact|call|phone|check with|talk (?:with|to)|speak (?:with|to)) {_WHO}|"
    r"ask (?:for )?(?:their|his|her) (?:views?|agreement|consent|wishes))\b",
    re.IGNORECASE,
)


EMERGENCY_NUMBER = re.compile(r"\b111\b")


def _after_danger(start: str, questions: dict[str, ts.Question]) -> dict[str, str]:
    """Every id reachable after a danger answer, with the label of one such answer."""
    found: dict[str, str] = {}
    todo = [(a.next, a.label) for q in questions.values() for a in q.answers if a.danger]
    while todo:
        here, label = todo.pop()
        if here in found:
            continue
        found[here] = label
        if here in questions:
            todo += [(a.next, label) for a in questions[here].answers]
    return found


def paths(guide: ts.DecisionGuide) -> list[tuple[tuple[tuple[str, str], ...], str]]:
    """Every route from the start question to an outcome: ((question id, answer), …), outcome id."""
    questions = {q.id: q for q in guide.questions}
    out: list[tuple[tuple[tuple[str, str], ...], str]] = []

    def walk(here: str, route: tuple[tuple[str, str], ...]) -> None:
        if here not in questions:
            out.append((route, here))
            return
        for a in questions[here].answers:
            walk(a.next, (*route, (here, a.label)))

    walk(guide.start, ())
    return out


def _reachable(start: str, questions: dict[str, ts.Question]) -> set[str]:
    """Every id an answer can lead to, following answers from the start question."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        here = todo.pop()
        if here in seen:
            continue
        seen.add(here)
        if here in questions:
            todo += [a.next for a in questions[here].answers]
    return seen


def _loops(start: str, questions: dict[str, ts.Question]) -> list[tuple[str, int]]:
    """(question id, answer index) of each answer that leads back along the path taken."""
    found: list[tuple[str, int]] = []
    done: set[str] = set()

    def visit(q_id: str, path: set[str]) -> None:
        path.add(q_id)
        for j, a in enumerate(questions[q_id].answers):
            if a.next in path:
                found.append((q_id, j))
            elif a.next in questions and a.next not in done:
                visit(a.next, path)
        path.discard(q_id)
        done.add(q_id)

    if start in questions:
        visit(start, set())
    return found


# Paths from the first question to an outcome: each is checked and listed on the reviewers' page,
# and their number can double with every question (a hostile file of 40 questions, 2^40 paths).
MAX_PATHS = 2000


def _per_node(guide: ts.DecisionGuide, leaf: int, combine: Callable[[Iterable[int]], int]) -> dict[str, int]:
    """A number for every step, from its answers' steps' numbers, each step worked out once."""
    questions = {q.id: q for q in guide.questions}
    memo: dict[str, int] = {}

    def of(node_id: str) -> int:
        if node_id not in memo:
            answers = questions[node_id].answers if node_id in questions else None
            memo[node_id] = leaf if answers is None else combine(of(a.next) for a in answers)
        return memo[node_id]

    for q in guide.questions:
        of(q.id)
    return memo


# The rows the diagram's arrows cross, added up. A step's row is the most questions a reader may
# still answer from it (`longest_path`), and an answer's arrow runs from its question's row down to
# its step's. Graphviz draws an arrow that crosses rows as a chain of hidden points, one a row, and
# its work grows much faster than their number: a red team's guide of 190 steps and 1,883 paths
# (under those limits), whose arrows crossed 74,810 rows, held dot for 13 CPU-minutes; 1,800 rows
# took 3 seconds, 500 a tenth of one. The real guides cross 90 (access-request), 80 (can-i-share)
# and 65 (should-we-collect). dot places the rows to keep the arrows as short as it can, so its
# own arrows never cross more rows in all than these.
MAX_ROWS = 500


def long_arrows(guide: ts.DecisionGuide) -> tuple[str, str] | None:
    """The field and message to name if the guide's arrows cross more than MAX_ROWS rows (no loops)."""
    row = _per_node(guide, 0, lambda below: 1 + max(below))
    crossed = [sum(row[q.id] - row.get(a.next, 0) for a in q.answers) for q in guide.questions]
    if sum(crossed) <= MAX_ROWS:
        return None
    most = max(range(len(crossed)), key=crossed.__getitem__)  # the question to start with
    return (
        f"questions.{most}.answers",
        f"the guide's diagram is too big to draw: its arrows cross {sum(crossed):,} rows in all (at most "
        f"{MAX_ROWS}), and Graphviz's work grows much faster than that. A step's row is the most questions "
        "a reader may still answer from it, and an answer's arrow runs from its question's row to its "
        f"step's; the answers of question '{guide.questions[most].id}' cross the most, {crossed[most]:,} rows. "
        "Point answers that jump far at a nearer step, join answers that lead to the same place, or split "
        "the guide.",
    )


def count_paths(guide: ts.DecisionGuide) -> int:
    """How many routes lead from the start question to an outcome (the guide has no loops)."""
    return _per_node(guide, 1, sum)[guide.start]


def longest_path(guide: ts.DecisionGuide, node_id: str) -> int:
    """How many questions, at most, a reader answers from `node_id` to an outcome."""
    return _per_node(guide, 0, lambda below: 1 + max(below)).get(node_id, 0)


# --- the purpose statement builder --------------------------------------------


def check_builder(file: str, tool: ts.PurposeStatement, node: yaml.Node | None) -> list[Problem]:
    """Field ids are unique, every checked field names its gap, and placeholders name real fields."""
    problems: list[Problem] = []
    fields: set[str] = set()
    for e, element in enumerate(tool.elements):
        for f, field in enumerate(element.fields):
            where = f"elements.{e}.fields.{f}"
            if field.id in fields:
                problems.append(
                    Problem(
                        file,
                        line_of(node, ("elements", e, "fields", f, "id")),
                        f"{where}.id",
                        f"field '{field.id}' is used twice.",
                    )
                )
            fields.add(field.id)
            if field.check and not field.missing:
                problems.append(
                    Problem(
                        file,
                        line_of(node, ("elements", e, "fields", f)),
                        f"{where}.missing",
                        f"field '{field.id}' has a check; say how the checklist names "
                        "the gap in 'missing:', e.g. 'who will not see it'.",
                    )
                )

    def placeholders(text: str, loc: Loc) -> None:
        for name in PLACEHOLDER.findall(text):
            if name not in fields:
                problems.append(
                    Problem(
                        file,
                        line_of(node, loc),
                        ".".join(map(str, loc)),
                        f"'{{{name}}}' is not a field id; known fields: {', '.join(sorted(fields))}.",
                    )
                )

    placeholders(tool.statement_title, ("statement_title",))
    placeholders(tool.notice_title, ("notice_title",))
    for s, section in enumerate(tool.notice):
        if section.when and section.when not in fields:
            problems.append(
                Problem(
                    file,
                    line_of(node, ("notice", s, "when")),
                    f"notice.{s}.when",
                    f"'{section.when}' is not a field id.",
                )
            )
        for p, text in enumerate(section.paragraphs):
            placeholders(text, ("notice", s, "paragraphs", p))
    return problems


# --- checklists and quiz ------------------------------------------------------


def check_checklists(file: str, tool: ts.Checklists, node: yaml.Node | None) -> list[Problem]:
    """Checklist ids and item ids are unique: item ids are the keys of saved progress."""
    problems = _duplicates(file, node, ("checklists",), [c.id for c in tool.checklists])
    for c, checklist in enumerate(tool.checklists):
        problems += _duplicates(file, node, ("checklists", c, "items"), [i.id for i in checklist.items])
    return problems


def check_quiz(file: str, tool: ts.Quiz, node: yaml.Node | None) -> list[Problem]:
    """Question ids are unique and each question has exactly one right answer."""
    problems = _duplicates(file, node, ("questions",), [q.id for q in tool.questions])
    for q, question in enumerate(tool.questions):
        right = sum(o.correct for o in question.options)
        if right != 1:
            problems.append(
                Problem(
                    file,
                    line_of(node, ("questions", q, "options")),
                    f"questions.{q}.options",
                    f"question '{question.id}' has {right} options marked 'correct: true'; mark exactly one.",
                )
            )
    return problems


def _duplicates(file: str, node: yaml.Node | None, loc: Loc, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for n, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(
                Problem(
                    file,
                    line_of(node, (*loc, n, "id")),
                    ".".join(map(str, (*loc, n, "id"))),
                    f"'{item_id}' is used twice; ids must be unique.",
                )
            )
        seen.add(item_id)
    return problems


def check_tool(file: str, tool: ts.Tool, node: yaml.Node | None, known_laws: Collection[str] | None) -> list[Problem]:
    """What a tool of each kind must hold together, beyond what its schema checks."""
    if isinstance(tool, ts.DecisionGuide):
        return check_guide(file, tool, node, known_laws)
    if isinstance(tool, ts.PurposeStatement):
        return check_builder(file, tool, node)
    if isinstance(tool, ts.Checklists):
        return check_checklists(file, tool, node)
    return check_quiz(file, tool, node)
