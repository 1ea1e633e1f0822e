"""The change-entry check (issue #17): a page whose text changed must say so in `changes:`.

Between a base and a head commit, every `docs/**/*.md` page whose body changed (after the front
matter, whitespace normalised, so re-wrapping a paragraph or editing only front matter is no text
change) must gain an entry in its `changes:` list: an entry at head that was not there at base.
A new page needs one too (the version it first appears in): a page with none says no change to
it is recorded since the first edition. Deleted pages are ignored; a renamed page is compared
with its old self.
A typo fix is marked with a line `changes: minor` in a commit message between base and head or in
the pull request's description: the pages are still listed, but the check passes.

A published entry is the record of what a version changed, so it never changes: an entry whose
version has a git tag `v<version>` (README, "Earlier versions") must still be on its page at head,
word for word, and no new entry may claim a published version. `changes: minor` does not excuse
either. The front matter is read with the strict YAML reader: no alias is ever expanded.

`bin/check-changes <base-ref> [<head-ref>]` runs it on the repository you are in; the Check
workflow runs it on every pull request, with the description in PR_BODY.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import run
from ..content.model import split_front_matter
from ..content.yaml_reader import FRONT_MATTER_BYTES, read

# A line of its own saying `changes: minor` (any case; backticks and a list bullet allowed).
MINOR = re.compile(r"^[ \t]*(?:[-*][ \t]+)?`?changes:[ \t]*minor`?[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)

PUBLISHED = (
    "Put it back exactly as it was: it records what that version published, so 'changes: minor' "
    "does not excuse changing it. Say what changes now in a new entry for the next version."
)
NEW_FOR_PUBLISHED = (
    "A published version cannot change the page now; give the entry the version this change will be published in."
)

FIX = (
    "Add one (version, date, one sentence on what changed), or mark a typo fix with a line "
    "'changes: minor' in the pull request description or a commit message."
)


class GitError(Exception):
    """A git command failed: usually a ref that is not there (fetch the whole history)."""


@dataclass(frozen=True)
class Result:
    pages: list[str]  # repository paths of the pages whose text changed with no new entry
    minor: bool  # a 'changes: minor' line was found: report the pages, but pass
    published: list[str] = field(default_factory=list)  # published entries changed: always a failure

    @property
    def passed(self) -> bool:
        return not self.published and (self.minor or not self.pages)

    def lines(self) -> list[str]:
        if self.minor:
            return [
                f"{page}: the text changed with no new entry in 'changes:'; passed as a typo fix ('changes: minor')."
                for page in self.pages
            ] + self.published
        return [
            f"{page}: the text changed but 'changes:' has no new entry. {FIX}" for page in self.pages
        ] + self.published


def check(repo: Path, base: str, head: str = "HEAD", description: str = "") -> Result:
    """Pages changed between `base` and `head` (as a pull request compares them: from their merge
    base) whose text changed with no new change entry, whether the change is marked minor, and
    every published entry the change rewrites."""
    merge_base = _git(repo, "merge-base", base, head).strip()
    published = published_versions(repo)
    pages, rewritten = [], []
    for old, new in changed_pages(repo, merge_base, head):
        before, after = _show(repo, merge_base, old) if old else "", _show(repo, head, new)
        if text_changed_without_entry(before, after):
            pages.append(new)
        rewritten += published_entry_changes(new, before, after, published)
    messages = _git(repo, "log", "--format=%B", f"{base}..{head}")
    return Result(pages, minor=bool(MINOR.search(messages) or MINOR.search(description or "")), published=rewritten)


def published_versions(repo: Path) -> set[str]:
    """The versions published so far: each has a git tag v<version>."""
    return {tag.removeprefix("v") for tag in _git(repo, "tag", "--list", "v*").split()}


def published_entry_changes(page: str, before: str, after: str, published: set[str]) -> list[str]:
    """What a change does to the page's published entries: each one reworded or removed, and each
    new entry that claims a published version; a message for each, naming the page and the entry."""
    old = _entries(split_front_matter(before)[0])
    new = _entries(split_front_matter(after)[0])
    unmatched = [_key(e) for e in new]
    found = []
    for entry in old:
        if _key(entry) in unmatched:
            unmatched.remove(_key(entry))  # kept word for word: each old entry matches one entry at head
        elif _version(entry) in published:
            # Its new wording, if any: an unmatched entry for the same version (named once, here).
            wording = next((_key(e) for e in new if _key(e) in unmatched and _version(e) == _version(entry)), None)
            if wording:
                unmatched.remove(wording)
            found.append(
                f"{page}: the published entry {_describe(entry)} was {'reworded' if wording else 'removed'}. "
                f"{PUBLISHED}"
            )
    for entry in new:
        if _key(entry) in unmatched and _version(entry) in published:
            unmatched.remove(_key(entry))
            found.append(
                f"{page}: the new entry {_describe(entry)} is for version {_version(entry)}, which is "
                f"already published (tag v{_version(entry)}). {NEW_FOR_PUBLISHED}"
            )
    return found


def changed_pages(repo: Path, base: str, head: str) -> list[tuple[str | None, str]]:
    """(path at base, path at head) of every Markdown page under docs/ added, modified or renamed
    between the two commits; an added page has no path at base (None). Deleted pages are left out."""
    out = _git(
        repo, "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", base, head, "--", ":(top)docs"
    ).split("\0")
    pairs, i = [], 0
    while i < len(out) - 1:
        status = out[i]
        if status.startswith(("R", "C")):
            old, new, i = out[i + 1], out[i + 2], i + 3
        else:
            old = new = out[i + 1]
            i += 2
        if status.startswith(("M", "R", "T", "A")) and new.endswith(".md"):
            pairs.append((None if status.startswith("A") else old, new))
    return pairs


def text_changed_without_entry(before: str, after: str) -> bool:
    """True when the body changed (whitespace aside) and `changes:` gained no entry."""
    yaml_before, body_before, _ = split_front_matter(before)
    yaml_after, body_after, _ = split_front_matter(after)
    if " ".join(body_before.split()) == " ".join(body_after.split()):
        return False
    old = [_key(e) for e in _entries(yaml_before)]
    for entry in map(_key, _entries(yaml_after)):
        if entry in old:
            old.remove(entry)  # each old entry matches one entry at head
        else:
            return False  # an entry that was not there before
    return True


def _entries(front_matter: str | None) -> list[Any]:  # as YAML read them
    """The `changes:` list of a page's front matter, read with the strict reader; [] when there is
    none or it cannot be read (the build names a malformed front matter itself, and an unreadable
    list at head has lost every published entry it had)."""
    parsed = read(front_matter or "", "front matter", [], limit=FRONT_MATTER_BYTES)
    meta = parsed[0] if parsed else None
    changes = meta.get("changes") if isinstance(meta, dict) else None
    return changes if isinstance(changes, list) else []


def _key(entry: Any) -> str:
    return json.dumps(entry, sort_keys=True, default=str)


def _version(entry: Any) -> str | None:
    return str(entry.get("version")) if isinstance(entry, dict) else None


def _describe(entry: Any) -> str:
    """An entry as a reader can find it: version, date and what it says."""
    if not isinstance(entry, dict):
        return repr(entry)
    return f'(version {entry.get("version")}, {entry.get("date")}: "{entry.get("what")}")'


def _show(repo: Path, commit: str, path: str) -> str:
    return _git(repo, "cat-file", "blob", f"{commit}:{path}")


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bin/check-changes",
        description="List the pages whose text changed with no new entry in their 'changes:' front matter. "
        "The pull request's description, if any, is read from the environment variable PR_BODY.",
    )
    parser.add_argument("base", help="the ref the changes are compared with, e.g. origin/main")
    parser.add_argument("head", nargs="?", default="HEAD", help="the ref with the changes (default HEAD)")
    args = parser.parse_args(argv)
    try:
        repo = Path(_git(Path.cwd(), "rev-parse", "--show-toplevel").strip())
        result = check(repo, args.base, args.head, os.environ.get("PR_BODY", ""))
    except GitError as error:
        print(
            f"bin/check-changes: {error}\nBoth refs must be in this repository, with the history "
            "between them (in CI: fetch-depth: 0).",
            file=sys.stderr,
        )
        return 2
    for line in result.lines():
        print(line)
    return 0 if result.passed else 1


if __name__ == "__main__":
    run.bound_memory()  # a hostile front matter stops with a MemoryError, not the machine
    sys.exit(main())
