"""The change-entry check (bin/check-changes, dpup/history/check.py): a page whose text changed
needs a new entry in its `changes:`, unless the change is marked `changes: minor`; an entry of a
published version (a tag v<version>) never changes, minor or not.

Each test makes a small git repository with a few pages, commits a change and checks it; no site
is built.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from dpup.history.check import FIX, NEW_FOR_PUBLISHED, PUBLISHED, check, main

GUIDE = """\
---
title: Sharing with whānau
kind: guide
summary: When you can share information with a person's whānau.
audiences: []
changes:
  - version: "1.0"
    date: 2026-11-24
    what: First published.
---

Ask the person first. Most people want their whānau to know
some things and not others.

## When you cannot ask

Think about what the person would want.
"""

PROTOCOL = """\
---
title: Purpose matters
kind: protocol
summary: Only collect what you need.
audiences: []
---

Only collect what you need, for a purpose you can explain.
"""

NEW_ENTRY = """\
changes:
  - version: "1.1"
    date: 2027-02-10
    what: The guide now says what to do when you cannot ask.
  - version: "1.0"
"""

# Git as the test wants it, whatever the machine's own configuration says.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=GIT_ENV, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with three pages committed on `main`; the tests change it on `pr`."""
    for path, text in {
        "docs/guides/whanau.md": GUIDE,
        "docs/protocols/purpose-matters.md": PROTOCOL,
        "docs/index.md": PROTOCOL.replace("Purpose matters", "Home"),
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "The policy")
    git(tmp_path, "switch", "-q", "-c", "pr")
    return tmp_path


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str = "Edit a page") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_a_text_change_without_an_entry_is_flagged_and_one_with_an_entry_passes(repo):
    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    commit(repo)
    result = check(repo, "main", "HEAD")
    assert not result.passed and result.pages == ["docs/guides/whanau.md"]
    assert result.lines() == ["docs/guides/whanau.md: the text changed but 'changes:' has no new entry. " + FIX]

    edit(repo, "docs/guides/whanau.md", 'changes:\n  - version: "1.0"\n', NEW_ENTRY)
    commit(repo, "Add a change entry")
    result = check(repo, "main", "HEAD")
    assert result.passed and result.pages == [] and result.lines() == []


def test_a_front_matter_change_or_a_rewrapped_paragraph_is_not_a_text_change(repo):
    edit(repo, "docs/guides/whanau.md", "title: Sharing with whānau", "title: Sharing with your whānau")
    edit(
        repo,
        "docs/guides/whanau.md",
        "want their whānau to know\nsome things",
        "want their\nwhānau to know some things",
    )
    edit(
        repo,
        "docs/protocols/purpose-matters.md",
        "summary: Only collect what you need.",
        "summary: Collect only what you need.\nreviewed: 2027-01-01",
    )
    commit(repo)
    result = check(repo, "main", "HEAD")
    assert result.passed and result.pages == []


def test_changes_minor_in_a_commit_message_or_the_description_passes_but_still_lists_the_pages(repo):
    edit(repo, "docs/protocols/purpose-matters.md", "explain.", "explain to them.")
    commit(repo, "Fix a typo")
    assert not check(repo, "main").passed
    # The description as GitHub sends it, with Windows line endings.
    result = check(repo, "main", description="Fixes a typo on the purpose page.\r\n\r\nchanges: minor\r\n")
    assert result.passed and result.pages == ["docs/protocols/purpose-matters.md"]
    assert "passed as a typo fix" in result.lines()[0]
    assert not check(repo, "main", description="No changes: minor things only.").passed

    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    commit(repo, "Fix another typo\n\nchanges: minor")
    result = check(repo, "main")
    assert result.passed and result.pages == ["docs/guides/whanau.md", "docs/protocols/purpose-matters.md"]


def test_a_new_page_needs_an_entry_a_deleted_one_none_and_a_renamed_page_is_compared(repo):
    new_page = "---\ntitle: New\nkind: guide\nsummary: A new guide.\naudiences: []\n---\n\nText never seen before.\n"
    (repo / "docs/guides/new.md").write_text(new_page, encoding="utf-8")
    (repo / "docs/index.md").unlink()
    commit(repo)
    assert check(repo, "main").pages == ["docs/guides/new.md"], (
        "a new page with no entry would say no change is recorded since the first edition"
    )
    entry = "changes:\n  - version: '1.1'\n    date: 2026-11-30\n    what: First published.\n"
    with_entry = new_page.replace("audiences: []\n", "audiences: []\n" + entry)
    (repo / "docs/guides/new.md").write_text(with_entry, encoding="utf-8")
    commit(repo)
    assert check(repo, "main").passed

    git(repo, "mv", "docs/protocols/purpose-matters.md", "docs/protocols/purpose.md")
    edit(repo, "docs/protocols/purpose.md", "explain.", "explain to them.")
    commit(repo, "Rename a page")
    assert check(repo, "main").pages == ["docs/protocols/purpose.md"]


def test_bin_check_changes_reads_the_description_from_pr_body(repo):
    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    commit(repo)

    def run(**env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ROOT / "bin/check-changes"), "main", "HEAD"],
            cwd=repo,
            text=True,
            capture_output=True,
            env={**GIT_ENV, "PR_BODY": "", **env},
        )

    flagged = run()
    assert flagged.returncode == 1, flagged.stderr
    assert flagged.stdout.splitlines() == [
        f"docs/guides/whanau.md: the text changed but 'changes:' has no new entry. {FIX}"
    ]
    minor = run(PR_BODY="A typo.\n\nchanges: minor")
    assert minor.returncode == 0 and "docs/guides/whanau.md" in minor.stdout, minor.stderr


def test_a_missing_ref_is_named_with_the_fix(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    assert main(["origin/main"]) == 2
    error = capsys.readouterr().err
    assert "origin/main" in error and "fetch-depth: 0" in error


FIRST = 'the published entry (version 1.0, 2026-11-24: "First published.")'


def test_a_reworded_published_entry_fails_even_as_a_typo_fix(repo, monkeypatch, capsys):
    """Rewording an entry rewrites the record of what a version published: only the front matter
    changes, so the text check alone would pass it."""
    edit(repo, "docs/guides/whanau.md", "what: First published.", "what: First published, with no changes since.")
    commit(repo, "Tidy an entry\n\nchanges: minor")
    assert check(repo, "main").passed, "an entry of a version never published may still be edited"

    git(repo, "tag", "v1.0", "main")
    result = check(repo, "main", description="changes: minor")
    assert not result.passed and result.pages == []
    assert result.lines() == [f"docs/guides/whanau.md: {FIRST} was reworded. {PUBLISHED}"]
    monkeypatch.chdir(repo)
    assert main(["main"]) == 1
    assert capsys.readouterr().out.splitlines() == result.lines()


def test_a_removed_published_entry_fails_though_the_page_has_a_new_one(repo):
    git(repo, "tag", "v1.0", "main")
    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    first = 'changes:\n  - version: "1.0"\n    date: 2026-11-24\n    what: First published.\n'
    edit(repo, "docs/guides/whanau.md", first, NEW_ENTRY.removesuffix('  - version: "1.0"\n'))
    commit(repo, "Replace the entry")
    result = check(repo, "main")
    assert result.pages == [], "the page has a new entry for 1.1"
    assert not result.passed
    assert result.lines() == [f"docs/guides/whanau.md: {FIRST} was removed. {PUBLISHED}"]


def test_a_new_entry_may_not_claim_a_published_version(repo):
    git(repo, "tag", "v1.0", "main")
    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    edit(
        repo,
        "docs/guides/whanau.md",
        "changes:\n",
        'changes:\n  - version: "1.0"\n    date: 2026-11-30\n    what: The guide now says to think hard.\n',
    )
    commit(repo, "Add an entry for a published version\n\nchanges: minor")
    result = check(repo, "main")
    assert not result.passed and result.pages == []
    assert result.lines() == [
        'docs/guides/whanau.md: the new entry (version 1.0, 2026-11-30: "The guide now says to '
        'think hard.") is for version 1.0, which is already published (tag v1.0). ' + NEW_FOR_PUBLISHED
    ]

    git(repo, "tag", "-d", "v1.0")
    assert check(repo, "main").passed, "before 1.0 is published, a new 1.0 entry is an ordinary new entry"


# 9 ** 9 values from a few hundred bytes, if anything expanded the aliases.
ALIAS_BOMB = "".join(
    f"  - &{a} [{', '.join([f'*{b}'] * 9 if b else ['x'] * 9)}]\n" for a, b in zip("abcdefghi", ["", *"abcdefgh"])
)


def test_an_alias_bomb_in_changes_is_never_expanded_and_loses_the_published_entries(repo):
    git(repo, "tag", "v1.0", "main")
    edit(repo, "docs/guides/whanau.md", "Think about", "Think hard about")
    edit(repo, "docs/guides/whanau.md", "changes:\n", "changes:\n" + ALIAS_BOMB)
    commit(repo)
    # In its own process, with a time limit: a reader that expanded the aliases would run for hours.
    done = subprocess.run(
        [str(ROOT / "bin/check-changes"), "main"],
        cwd=repo,
        text=True,
        capture_output=True,
        env={**GIT_ENV, "PR_BODY": ""},
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert f"docs/guides/whanau.md: {FIRST} was removed. {PUBLISHED}" in done.stdout.splitlines()


def test_the_check_workflow_runs_it_on_pull_requests_without_interpolating_the_description():
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    [checkout] = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0, "the check needs the history between base and head"
    [step] = [s for s in steps if "bin/check-changes" in s.get("run", "")]
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["env"]["PR_BODY"] == "${{ github.event.pull_request.body }}"
    assert "${{" not in step["run"], "pass untrusted values through env:, never into the script"
