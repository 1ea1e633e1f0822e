"""The kinds of page, in one table (issue 33: one registry per idea).

Front matter's `kind:` (schema.py), the plain-language report (pages/plain_language.py), the headings of
"The policy at a glance" (pages/views.py) and CONTRIBUTING.md's list of kinds all come from
here; tests/test_content_model.py keeps CONTRIBUTING.md in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal


@dataclass(frozen=True)
class PageKind:
    name: str  # as front matter writes it: `kind: protocol`
    description: str  # one line for contributors, as CONTRIBUTING.md lists it
    reported: bool = True  # its body text is measured for the plain-language report
    heading: str | None = None  # its heading on "The policy at a glance"; None: not listed there
    written: bool = True  # False: only the build makes pages of this kind, so contributors never write it


KINDS = (
    PageKind("home", "the home page"),
    PageKind("overview", "a section's own page (its index.md), leading to the pages in it"),
    PageKind("principle", "one of the five principles", heading="Principles"),
    PageKind("protocol", "one of the protocols: what to do, and why", heading="Protocols"),
    PageKind("guide", "advice on one subject, for workers or for people who use services", heading="Guides"),
    PageKind(
        "tool", "a page that holds a tool from data/tools/ (a decision guide, checklist, quiz, …)", heading="Tools"
    ),
    PageKind("about", "about the policy itself: its history, versions, questions and contacts"),
    PageKind("reference", "reference material: the law, the glossary, the downloads"),
    PageKind("heard", '"What we heard": the feedback on a consultation; needs `heard:`'),
    PageKind(
        "view", "made by the build: the audience views, at a glance, the tool paths", reported=False, written=False
    ),
)

NAMES = tuple(kind.name for kind in KINDS)
if TYPE_CHECKING:  # mypy reads only a Literal written out, not one made from the table
    Name = str
else:
    Name = Literal[NAMES]  # what front matter may say; pydantic names the allowed values
REPORTED = frozenset(kind.name for kind in KINDS if kind.reported)
HEADINGS = {kind.name: kind.heading for kind in KINDS if kind.heading}  # in the table's order
WRITTEN = tuple(kind for kind in KINDS if kind.written)
