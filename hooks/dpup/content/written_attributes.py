"""Attributes written Markdown may not set, checked on the text as written.

The allow-list (sanitise.py) reads the page as built, where a link whose address an attribute
list replaced, or a paragraph the page hides, looks like the ones macros write. Only the text as
written shows who set them:
- `[Privacy Commissioner](https://www.privacy.org.nz/){: href="https://elsewhere.example/" }`
  shows reviewers one address and publishes another;
- `<p hidden>…</p>` (or `{: hidden }`) is text no reader of the page or its PDF sees, but search
  and the Word files would carry it.
The tools need `hidden`, so their macros write it; a page or data file never needs to.
"""

from __future__ import annotations

import re

# An attribute list as Python-Markdown's attr_list reads it: braces on one line.
ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*(?P<inside>[^}\n]+)\}")
ADDRESS_KEY = re.compile(r"(?:^|\s)(?P<key>href|src)(?=[ \t]*=|\s|$)", re.IGNORECASE)  # with a value or without
HIDDEN_KEY = re.compile(r"(?:^|\s)hidden(?=\s|=|$)", re.IGNORECASE)
HIDDEN_IN_TAG = re.compile(r"<[a-zA-Z][\w-]*(?:\s[^<>]*?)?\shidden(?=[\s=/>])", re.IGNORECASE)


def problems(text: str) -> list[tuple[int, str]]:
    """(line within the text, message) for each attribute written text may not set."""
    out = []
    for found in ATTRIBUTE_LIST.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if key := ADDRESS_KEY.search(found["inside"]):
            out.append(
                (
                    line,
                    f"this attribute list sets '{key['key'].lower()}', which would replace the address "
                    "the text shows; write the address in the link or image itself.",
                )
            )
        if HIDDEN_KEY.search(found["inside"]):
            out.append((line, _HIDDEN))
    for found in HIDDEN_IN_TAG.finditer(text):
        out.append((text.count("\n", 0, found.end()) + 1, _HIDDEN))  # the line of the word itself
    return out


_HIDDEN = (
    "'hidden' would publish text that no reader of the page sees (search and the Word files would "
    "still carry it); remove the text, or show it."
)
