"""The one strict YAML reader (dpup/content/yaml_reader.py): front matter and data files are plain
data. Tags, anchors, aliases, merge keys, field names that are lists and input past the size and
nesting limits are refused, each with a message naming file, line, field and fix; nothing is built
from them, and no alias is ever expanded.

Unit tests on small texts (milliseconds); tests/test_content_model.py proves the same refusals
stop the content model, and tests/test_config_check.py does mkdocs.yml.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from conftest import ROOT
from dpup.content import errors, yaml_reader
from dpup.content.yaml_reader import DATA_FILE_BYTES, FRONT_MATTER_BYTES, MAX_DEPTH, read

PAGE = "docs/guides/consent.md"


def refused(text: str, file: str = "data/search.yml", line_offset: int = 0) -> list[str]:
    """The problems the reader notes, as the build prints them; it must return nothing."""
    problems: list[errors.Problem] = []
    assert read(text, file, problems, line_offset) is None, f"the reader accepted:\n{text[:500]}"
    assert problems
    return [str(p) for p in problems]


def only(text: str, file: str = "data/search.yml", line_offset: int = 0) -> str:
    [problem] = refused(text, file, line_offset)
    return problem


# --- tags -----------------------------------------------------------------------

# '{{ config }}' in base64: a tag once hid Jinja from the delimiter check, and pydantic turned it back.
HIDDEN_JINJA = "e3sgY29uZmlnIH19"


@pytest.mark.parametrize(
    "text, line, field, tag",
    [
        (f"title: !!binary {HIDDEN_JINJA}\nkind: guide\n", 2, "title", "!!binary"),
        ("title: T\nsummary: !!binary |\n  " + HIDDEN_JINJA + "\n", 3, "summary", "!!binary"),
        ("title: !!str Consent\n", 2, "title", "!!str"),  # harmless, but no tag is plain data
        ("title: T\naudiences: !custom [frontline]\n", 3, "audiences", "!custom"),
        (
            "title: T\nchanges:\n  - version: '1.0'\n    what: !!python/name:os.system\n",
            5,
            "changes.0.what",
            "!!python/name:os.system",
        ),
        ("title: ! Consent\n", 2, "title", "!"),  # the non-specific tag
        ("%TAG !e! tag:example.org,2026:\n---\ntitle: !e!thing x\n", 4, "title", "tag:example.org,2026:thing"),
    ],
)
def test_a_tag_in_front_matter_is_refused_with_its_line_and_field(text, line, field, tag):
    message = only(text, PAGE, line_offset=1)
    assert message.startswith(f"{PAGE}:{line}: field '{field}': the YAML tag '{tag}' is not allowed"), message
    assert "Remove" in message


@pytest.mark.parametrize(
    "text, line, field",
    [
        ("synonyms:\n  - words: !!python/object/apply:os.system ['touch CANARY']\n", 2, "synonyms.0.words"),
        ("synonyms: !!python/object/new:collections.OrderedDict [[[a, b]]]\n", 1, "synonyms"),
        ("synonyms:\n  - !!set {a, b}\n", 2, "synonyms.0"),
        ("synonyms:\n  - words: [a, !!binary aGk=]\n", 2, "synonyms.0.words.1"),
        ("!!map\nsynonyms: []\n", 1, "(top level)"),
        ("synonyms:\n  - words: [a]\n    policy: !!omap [{a: b}]\n", 3, "synonyms.0.policy"),
    ],
)
def test_a_tag_in_a_data_file_is_refused_and_nothing_is_constructed(text, line, field, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = only(text)
    assert message.startswith(f"data/search.yml:{line}: field '{field}': the YAML tag '"), message
    assert not (tmp_path / "CANARY").exists()


def test_a_tagged_field_name_is_refused():
    assert only("? !!binary aGk=\n: x\n").startswith("data/search.yml:1: field '")


# --- anchors and aliases ----------------------------------------------------------

# A few hundred bytes that expand into 9 ** 9 values if anything follows the aliases.
ALIAS_BOMB = "synonyms:\n" + "".join(
    f"  - &{a} [{', '.join([f'*{b}'] * 9 if b else ['x'] * 9)}]\n" for a, b in zip("abcdefghi", ["", *"abcdefgh"])
)


def test_an_alias_bomb_is_refused_before_anything_expands_it():
    """In a separate process with a time limit: a reader that composed or walked the aliases (the
    Jinja and duplicate-key checks walk every node) would run for hours, not fail."""
    code = (
        "import sys; sys.path[:0] = [sys.argv[1]]\n"
        "from dpup.content.yaml_reader import read\n"
        "problems = []\n"
        "assert read(sys.stdin.read(), 'data/search.yml', problems) is None\n"
        "print('\\n'.join(map(str, problems)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "hooks")], input=ALIAS_BOMB, text=True, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("data/search.yml:2: field 'synonyms.0': the YAML anchor '&a' is not allowed")
    assert "data/search.yml:3: field 'synonyms.1': the YAML anchor '&b' is not allowed" in lines[1]
    assert any(
        line.startswith("data/search.yml:3: field 'synonyms.1.0': the YAML alias '*a' is not allowed") for line in lines
    )
    assert len(lines) <= yaml_reader.MAX_PROBLEMS


@pytest.mark.parametrize(
    "text, expected",
    [
        ("title: &t Consent\nkind: guide\n", f"{PAGE}:2: field 'title': the YAML anchor '&t' is not allowed"),
        ("title: T\nchanges: &c\n  - version: '1.0'\n", f"{PAGE}:3: field 'changes': the YAML anchor '&c'"),
        ("title: T\nchanges:\n  - &e {version: '1.0'}\n  - *e\n", f"{PAGE}:4: field 'changes.0': the YAML anchor '&e'"),
    ],
)
def test_an_anchor_alone_or_with_its_alias_is_refused(text, expected):
    problems = refused(text, PAGE, line_offset=1)
    assert problems[0].startswith(expected), problems
    if "*e" in text:
        assert problems[1].startswith(f"{PAGE}:5: field 'changes.1': the YAML alias '*e' is not allowed")


# --- merge keys, value keys and field names that are not text ------------------------


@pytest.mark.parametrize(
    "text, line, field",
    [
        ("base: {a: 1}\nitem:\n  <<: {a: 2}\n  b: 3\n", 3, "item.<<"),
        ("items:\n  - <<: [{a: 1}, {b: 2}]\n", 2, "items.0.<<"),
        ("<<: {title: T}\n", 1, "<<"),
    ],
)
def test_a_merge_key_is_refused(text, line, field):
    assert only(text).startswith(f"data/search.yml:{line}: field '{field}': a bare '<<' is YAML's merge key")


def test_a_value_key_is_refused_and_a_quoted_one_is_text():
    assert only("words:\n  - =\n").startswith("data/search.yml:2: field 'words.0': a bare '=' is YAML's value key")
    assert only("=: x\n").startswith("data/search.yml:1: field '=': a bare '='")
    assert read("words: ['=', '<<']\n", "data/x.yml", [])[0] == {"words": ["=", "<<"]}


@pytest.mark.parametrize("text", ["? [a, b]\n: c\n", "{[a]: b}\n", "? {a: 1}\n: x\n", "x:\n  ? - a\n  : b\n"])
def test_a_field_name_that_is_a_list_or_mapping_is_refused(text):
    assert "a field's name must be plain text, not a list or a mapping" in only(text)


def test_a_duplicate_key_is_still_refused():
    assert only("a: 1\nb: 2\na: 3\n") == (
        "data/search.yml:3: field 'a': this field is written twice; keep one (YAML would silently keep the last)."
    )


# --- size and nesting ---------------------------------------------------------------------


def test_a_data_file_over_its_limit_is_refused_by_size_before_parsing(monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(yaml_reader.yaml, "parse", parse)
    text = "synonyms:\n" + "  - words: [a, b, c]\n" * (600 * 1024 // 21)
    assert len(text.encode()) > DATA_FILE_BYTES
    size = len(text.encode())
    assert only(text).startswith(f"data/search.yml: this file is {size:,} bytes, over the limit of 512 KB")


def test_front_matter_over_its_limit_is_refused_and_both_limits_leave_room():
    text = "title: T\nsummary: " + "word " * (FRONT_MATTER_BYTES // 5) + "\n"
    assert only(text, PAGE, line_offset=1).startswith(f"{PAGE}:2: this front matter is ")
    assert read(text, "data/glossary.yml", []) is not None, "a data file may be longer than front matter"
    largest = max((ROOT / "data").rglob("*.yml"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size * 10 < DATA_FILE_BYTES, f"{largest} is close to the limit: raise it, with a reason"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,  # LibYAML's own limit (1,000 levels) or ours: refused either way
        "x: " + "[" * 500 + "]" * 500 + "\n",
        "x:\n" + "".join("  " * (i + 1) + "- \n" for i in range(50)),
        "x: " + "{a: " * 100 + "1" + "}" * 100 + "\n",
    ],
)
def test_deep_nesting_is_refused(text):
    message = only(text)
    assert "nested" in message and "Flatten it" in message, message


def test_nesting_to_the_limit_is_read():
    text = "x: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"
    assert read(text, "data/x.yml", []) is not None
    assert "nested more than" in only("x: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n")


# --- what is read, and how -------------------------------------------------------------


def test_plain_values_lists_and_mappings_are_read_as_before():
    text = (
        "title: Consent\nreviewed: 2026-11-01\nversion: '1.0'\ncount: 3\nratio: 0.5\nshown: true\n"
        "empty: ~\nlist: [a, 'b c']\nnested:\n  - {x: 1}\nwhen: 2026-11-01 10:30:00\n"
    )
    data, node = read(text, "data/x.yml", [])
    assert data == {
        "title": "Consent",
        "reviewed": datetime.date(2026, 11, 1),
        "version": "1.0",
        "count": 3,
        "ratio": 0.5,
        "shown": True,
        "empty": None,
        "list": ["a", "b c"],
        "nested": [{"x": 1}],
        "when": datetime.datetime(2026, 11, 1, 10, 30),
    }
    assert errors.line_of(node, ("nested", 0, "x")) == 10


def test_a_date_that_is_no_date_is_named_not_a_crash():
    message = only("title: T\nreviewed: 2026-02-30\n", PAGE, line_offset=1)
    assert message.startswith(f"{PAGE}:3: field 'reviewed': YAML reads '2026-02-30' as a date, but it is not one")


def test_jinja_in_a_value_or_a_field_name_is_refused():
    assert only("a:\n  - '{{ x }}'\n").startswith("data/search.yml:2: field 'a.0': '{{', '{%' and '{#' are not allowed")
    assert only("'{% x %}': 1\n").startswith("data/search.yml:1: field '{% x %}': '{{'")


def test_the_old_names_in_errors_use_the_strict_reader(tmp_path):
    problems: list[errors.Problem] = []
    assert errors.parse_yaml("a: !!binary aGk=\n", "data/x.yml", problems) is None and problems
    bomb = tmp_path / "search.yml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    assert errors.field_line(bomb, ("synonyms", 8, 0)) is None, "field_line composed a file with aliases"
    plain = tmp_path / "plain.yml"
    plain.write_text("a:\n  b: 1\n", encoding="utf-8")
    assert errors.field_line(plain, ("a", "b")) == 2


def test_every_reader_of_contributed_yaml_goes_through_the_strict_reader():
    """No other module of the core, hook, macros.py or bin/ script loads YAML itself."""
    sources = [*(ROOT / "hooks").rglob("*.py"), ROOT / "macros.py", *(ROOT / "bin").iterdir()]
    readers = {"hooks/dpup/content/yaml_reader.py", "hooks/dpup/content/config_check.py"}
    allowed = {"hooks/dpup/content/errors.py": {"FAST_LOADER = "}}  # the loader class the reader uses
    calls = (
        "safe_load",
        "yaml.load",
        "yaml.compose",
        "yaml.parse(",
        "FAST_LOADER",
        "full_load",
        "unsafe_load",
        "CSafeLoader",
        "CLoader",
    )
    found = []
    for path in sources:
        if path.suffix not in (".py", "") or not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ROOT).as_posix()
        if rel in readers:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for call in calls:
                if call in line and not any(ok in line for ok in allowed.get(rel, ())):
                    found.append(f"{rel}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_projects_own_data_files_and_front_matter_pass():
    from dpup.content.model import split_front_matter

    for path in sorted((ROOT / "data").rglob("*.yml")):
        problems: list[errors.Problem] = []
        assert read(path.read_text(encoding="utf-8"), f"data/{path.name}", problems) is not None, problems
    for path in sorted((ROOT / "docs").rglob("*.md")):
        front, _, line = split_front_matter(path.read_text(encoding="utf-8"))
        if front is not None:
            problems = []
            assert read(front, f"docs/{path.name}", problems, line - 1) is not None, problems
