"""Compare a page between two versions: the words added and removed, not raw Markdown.

Every build writes each page's text, block by block (paragraphs, list items, headings, table
cells), to history/texts.json. mike keeps each published version's build on the `versions`
branch (bin/archive), texts.json included, so a build can read an earlier version's text from
git without building it again. The comparison is of what readers read, after macros.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import subprocess
from pathlib import Path

from ..content.errors import Problem
from ..content.model import ContentModel, load_page
from ..search.documents import plain
from .changes import ANCHOR

TEXTS = "history/texts.json"  # in every build
BRANCH, PREFIX = "versions", "v"  # where bin/archive keeps the published versions: v/<version>/
FOLDER = "compare"  # compare/<docs path>: the page's words, previous version to this one
HEADER_LINK = re.compile(r'<a [^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)  # the ¶ after headings
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|pre|summary|figcaption|blockquote)>")
# What a compare page compares: the docs path, the earlier version and that version's text.
Compared = tuple[str, str, list[str]]


def blocks(page_html: str) -> list[str]:
    """A page's text as a reader reads it: one string per block, in order, empty ones left out.
    The "What changed" list at its foot is left out too: it says what changed, it is not the change."""
    page_html = page_html.split(f'<h2 id="{ANCHOR}"', 1)[0]
    return [text for chunk in BLOCK_END.split(HEADER_LINK.sub("", page_html)) if (text := plain(chunk))]


def earlier_texts(project: Path, version: str) -> dict[str, list[str]] | None:
    """An earlier version's texts.json from the `versions` branch (or, in a fresh clone, its
    remote-tracking copy); None if it is not there."""
    for branch in (BRANCH, f"origin/{BRANCH}"):
        found = subprocess.run(
            ["git", "-C", str(project), "show", f"{branch}:{PREFIX}/{version}/{TEXTS}"], capture_output=True, text=True
        )
        if found.returncode == 0:
            texts: dict[str, list[str]] = json.loads(found.stdout)  # each page's text, block by block
            return texts
    return None


def compare_path(src_uri: str) -> str:
    return f"{FOLDER}/{src_uri}"


def load_compare_pages(model: ContentModel, project: Path) -> tuple[dict[str, str], dict[str, Compared], list[Problem]]:
    """A compare page for each page this version changed, against the newest earlier version that
    bin/archive has kept, each loaded into the model: their Markdown by path; what each compares,
    by path (the docs path, the earlier version and that version's text); what was wrong. Without
    the `versions` branch (a fresh clone) there are none."""
    newest, *earlier = model.data.versions
    for version in earlier:
        texts = earlier_texts(project, version.version)
        if texts is not None:
            break
    else:
        return {}, {}, []
    made: dict[str, str] = {}
    compared: dict[str, Compared] = {}
    problems: list[Problem] = []
    for page in model.pages.values():
        if page.src_uri in texts and any(c.version == newest.version for c in page.meta.changes):
            path = compare_path(page.src_uri)
            made[path] = page_markdown(page.meta.title, version.version, newest.version)
            loaded, found = load_page(path, made[path], model.data)
            problems += found
            if loaded:
                model.generated[path] = loaded
            compared[path] = (page.src_uri, version.version, texts[page.src_uri])
    return made, compared, problems


def word_diff(old: list[str], new: list[str]) -> str:
    """HTML of the blocks that changed: removed words in <del>, added words in <ins>."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        if op == "replace" and len(before) == len(after):
            out += [_words(a, b) for a, b in zip(before, after)]
        else:
            out += [f"<p>{_taken_out(b)}</p>" for b in before]
            out += [f"<p>{_added(a)}</p>" for a in after]
    return "\n".join(out)


def _words(before: str, after: str) -> str:
    old, new = before.split(), after.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_taken_out(" ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(_added(" ".join(new[j1:j2])))
    return "<p>" + " ".join(parts) + "</p>"


# Screen readers do not announce <del> and <ins>: each says what it is in words, visually hidden.
def _taken_out(words: str) -> str:
    return f'<del><span class="dpup-visually-hidden">Taken out: </span>{html.escape(words)}</del>'


def _added(words: str) -> str:
    return f'<ins><span class="dpup-visually-hidden">Added: </span>{html.escape(words)}</ins>'


def page_markdown(title: str, old_version: str, new_version: str) -> str:
    """The compare page's front matter and heading; the build adds the comparison itself."""
    summary = (
        f"See which words changed on this page from version {old_version} to version {new_version}. "
        "Words taken out are struck through. New words are underlined."
    )
    return (
        f"---\ntitle: {json.dumps(f'What changed: {title}, version {old_version} to {new_version}')}\n"
        f"kind: reference\nsummary: {json.dumps(summary)}\naudiences: []\nsearch:\n  exclude: true\n---\n\n"
    )


def comparison(old: list[str], new: list[str]) -> str:
    """The compare page's body: the changed blocks, or a note that the text is the same."""
    changed = word_diff(old, new)
    if not changed:
        return "The words on this page are the same in both versions.\n"
    return (
        "Only the parts that changed are shown. <del>Struck-through words</del> were taken out, and "
        "<ins>underlined words</ins> were added.\n\n"
        f'<div class="dpup-compare">\n{changed}\n</div>\n'
    )
