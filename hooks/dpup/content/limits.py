"""Bounded work: Markdown whose cost grows faster than its size is refused by size, before parsing.

Python-Markdown reads each block (text between blank lines) with patterns that try every
opening bracket against the rest of the block: 20 KB of '[' takes a minute, and 500 nested
list items overflow its recursion. Real pages stay far inside these limits (25 November: the
longest block 3,425 characters, at most 21 '[' and 2 '<' in a block, indented 6 columns, no
quotes); at the limits, the worst block takes about a quarter of a second (README, "Security").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from .errors import Problem

LIMITS = {
    "block": 10_000,  # characters between two blank lines
    "[": 100,  # link and image openers in one block
    "<": 100,  # raw HTML openers in one block
    "indent": 40,  # leading spaces or tabs on a line: nested lists and code
    ">": 8,  # quote markers at the start of a line
    "abbreviation": 100,  # characters in an abbreviation's title, which Markdown repeats at every use
    "html": 2 * 2**20,  # bytes of a page's HTML (the largest today is 119 KB): what a macro or
    # abbreviation makes of a page grows with its uses, so the result is measured too
}
ABBREVIATION = re.compile(r"^\*\[[^\]]*\]:[ \t]*(?P<title>.*)$", re.MULTILINE)
# Control characters other than tab and line breaks: no text needs them, and XML (the feeds and
# the Word files) and CSS strings (the PDFs' running heads) cannot hold them. With them, the
# characters no text of this policy needs and that show text other than as written: Unicode's
# noncharacters (U+FFFE, U+FFFF, U+FDD0 to U+FDEF), the marks and overrides that reverse or isolate
# a run of text (a phone number shown backwards), and invisible spaces and joiners. The joiners
# that emoji and some scripts need (U+200C, U+200D) are allowed.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufdd0-\ufdef\ufeff\ufffe\uffff]"
)
# A character reference (`&#x202E;`, `&#8203;`, `&rlm;`): text free of those characters can still
# write them, for the page as built to hold.
REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
BLOCKS = re.compile(r"\n[ \t]*\n")
LEAD = " \t>"  # what a line's indent and quote marks are made of


def markdown_problems(text: str) -> list[tuple[int, str]]:
    """(line within the text, message) for each block or line past a limit."""
    out = []
    line = 0
    for block in BLOCKS.split(text):
        found = _block_problem(block)
        if found:
            out.append((line + 1, found))
        line += block.count("\n") + 2
    for m in ABBREVIATION.finditer(text):
        if len(m["title"]) > LIMITS["abbreviation"]:
            out.append(
                (
                    text[: m.start()].count("\n") + 1,
                    f"this abbreviation's title is {len(m['title'])} characters long; at most "
                    f"{LIMITS['abbreviation']} are allowed (Markdown repeats it wherever the abbreviation is "
                    "used).",
                )
            )
    if control := CONTROL.search(text):
        out.append(
            (
                text[: control.start()].count("\n") + 1,
                f"this text holds an invisible character (U+{ord(control.group()):04X}) that no page needs "
                "and that can show text other than as written; delete it.",
            )
        )
    for reference, character in invisible_references(text):
        out.append(
            (
                text[: reference.start()].count("\n") + 1,
                f"'{reference.group()}' writes an invisible character (U+{ord(character):04X}) that no "
                "page needs and that can show text other than as written; delete it.",
            )
        )
        break  # one is enough to show what to look for
    for number, row in enumerate(text.split("\n"), 1):
        lead = row[: len(row) - len(row.lstrip(LEAD))]
        indent = len(lead.replace(">", "").expandtabs(4))
        if indent > LIMITS["indent"] or lead.count(">") > LIMITS[">"]:
            out.append(
                (
                    number,
                    f"this line is indented or quoted too deeply (at most {LIMITS['indent']} columns "
                    f"and {LIMITS['>']} '>'); nest lists and quotes less deeply.",
                )
            )
    return out


def invisible_references(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each character reference in the text that writes a character no text may hold, with it."""
    for reference in REFERENCE.finditer(text):
        if control := CONTROL.search(referenced_character(reference.group())):
            yield reference, control.group()


def referenced_character(reference: str) -> str:
    """What a browser reads a character reference as. Not html.unescape alone: it drops references
    to control characters and noncharacters, which browsers (and nh3) keep."""
    if reference.startswith("&#"):
        digits = reference[2:].rstrip(";")
        number = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        return chr(number) if number <= 0x10FFFF else ""
    return html.unescape(reference)


def _block_problem(block: str) -> str | None:
    if len(block) > LIMITS["block"]:
        return (
            f"this paragraph is {len(block):,} characters long; at most {LIMITS['block']:,} are allowed "
            "between blank lines. Break it into shorter paragraphs."
        )
    for opener in ("[", "<"):
        if block.count(opener) > LIMITS[opener]:
            return (
                f"this paragraph has {block.count(opener)} '{opener}'; at most {LIMITS[opener]} are allowed "
                "in one paragraph (each costs the Markdown reader a pass over the rest). Split it."
            )
    return None


def html_problems(page_html: str, src_uri: str) -> list[Problem]:
    """A problem if a page's HTML is past its limit: checked before anything else reads it."""
    size = len(page_html.encode("utf-8"))
    if size <= LIMITS["html"]:
        return []
    return [
        Problem(
            f"docs/{src_uri}",
            None,
            "body",
            f"the page's HTML is {size / 2**20:.1f} MB; at most "
            f"{LIMITS['html'] / 2**20:.0f} MB is allowed. A macro or abbreviation used many times makes "
            "it grow: split the page, or use it less.",
        )
    ]
