"""mkdocs.yml's `extra:` (dpup/content/settings.py): the policy's settings, typed and checked once per
build, with their defaults in one place; Material's own keys pass through; a key of ours that is
misspelt, of the wrong type or missing stops `python -m dpup check` and the build, naming mkdocs.yml,
the field and the fix, every problem at once."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, copy_project, replace_once
from dpup.content import config_check, settings
from dpup.content.errors import ContentError
from test_dpup_check import run_check

EXTRA = config_check.plain(ROOT / "mkdocs.yml")["extra"]


def problems_with(change) -> str:
    """What load_settings says of the project's `extra` after `change(extra)`; "" if it passes."""
    extra = copy.deepcopy(EXTRA)
    change(extra)
    try:
        settings.load_settings(extra)
    except ContentError as error:
        return str(error)
    return ""


def test_the_projects_own_settings_are_read_as_written():
    read = settings.load_settings(EXTRA)
    assert read.review_months == EXTRA["review_months"]
    assert read.plain_language.model_dump() == EXTRA["plain_language"]
    assert read.publisher.name == EXTRA["publisher"]["name"]
    assert read.consultations == []


def test_defaults_apply_when_a_key_is_left_out():
    extra = {key: value for key, value in EXTRA.items() if key not in ("review_months", "consultations")}
    extra["plain_language"] = {k: v for k, v in EXTRA["plain_language"].items() if k != "max_body_grade"}
    read = settings.load_settings(extra)
    assert read.review_months == settings.Settings.model_fields["review_months"].default == 12
    assert read.consultations == [] and read.plain_language.max_body_grade == {}
    assert settings.load_settings({**extra, "consultations": None}).consultations == []  # every entry taken out


def test_whole_numbers_stay_whole():
    """'the limit of 8', not 8.0, in messages; the limits are part of the reading-level cache's keys."""
    plain = settings.load_settings(EXTRA).plain_language
    assert repr(plain.max_grade) == "8" and repr(plain.max_body_grade["your-information/"]) == "6"
    half = settings.load_settings({**EXTRA, "plain_language": {**EXTRA["plain_language"], "max_grade": 8.5}})
    assert half.plain_language.max_grade == 8.5


def set_key(*path, value):
    def change(extra):
        *parents, last = path
        for part in parents:
            extra = extra[part]
        extra[last] = value

    return change


def drop_key(*path):
    def change(extra):
        *parents, last = path
        for part in parents:
            extra = extra[part]
        del extra[last]

    return change


# Each: a change to `extra`, the field named, and words of the fix.
FAULTS = {
    "a wrong type": (
        set_key("review_months", value="twelve"),
        "extra.review_months",
        "got 'twelve'; write a whole number, without quotes, such as 12",
    ),
    "true for a number": (
        set_key("plain_language", "max_grade", value=True),
        "extra.plain_language.max_grade",
        "got True; write a number",
    ),
    "a review period of no months": (
        set_key("review_months", value=0),
        "extra.review_months",
        "got 0; should be greater than or equal to 1",
    ),
    "a missing nested key": (
        drop_key("plain_language", "max_words"),
        "extra.plain_language.max_words",
        "required setting is missing; add it",
    ),
    "a missing publisher": (drop_key("publisher"), "extra.publisher", "required setting is missing; add it"),
    "an unknown key of ours": (
        set_key("review_month", value=6),
        "extra.review_month",
        "unknown setting; correct its spelling (did you mean 'review_months'?) or remove it",
    ),
    "an unknown nested key": (
        set_key("plain_language", "max_grad", value=3),
        "extra.plain_language.max_grad",
        "(did you mean 'max_grade'?)",
    ),
    "a key the build writes": (
        set_key("policy", value={"version": "9.9"}),
        "extra.policy",
        "the build writes this, the newest version and its date, for the footer",
    ),
    "a page limit for no page or folder": (
        set_key("plain_language", "max_body_grade", "guides", value=5),
        "extra.plain_language.max_body_grade",
        "'guides' is neither a page ('….md') nor a folder ('…/')",
    ),
    "a consultation without pages": (
        set_key(
            "consultations",
            value=[{"title": "Draft", "opens": "2027-01-01", "closes": "2027-02-01", "asking": "Is it clear?"}],
        ),
        "extra.consultations.0.pages",
        "list the pages or folders it covers, such as 'guides/'",
    ),
    # Found by the red team of issue 33: Material's own keys that it prints as links or turns into
    # requests, on every page.
    "a javascript: home link": (
        set_key("homepage", value="javascript:alert(1)"),
        "extra.homepage",
        "'javascript:alert(1)' is not a page of this site, an https:// address or a mailto: address",
    ),
    "a javascript: social link": (
        set_key("social", value=[{"icon": "fontawesome/brands/github", "link": "JavaScript:alert(2)"}]),
        "extra.social.0.link",
        "is not a page of this site",
    ),
    "an alternate language on another host by any scheme": (
        set_key("alternate", value=[{"name": "x", "link": "//evil.example/", "lang": "en"}]),
        "extra.alternate.0.link",
        "is not a page of this site",
    ),
    "analytics": (
        set_key("analytics", value={"provider": "google", "property": "G-1"}),
        "extra.analytics",
        "remove it: the site asks no other host",
    ),
    "versions from another provider": (
        set_key("version", value={"provider": "other"}),
        "extra.version.provider",
        "allowed: 'mike'",
    ),
    "a publisher's address that is not one": (
        set_key("publisher", "contact", value="nope"),
        "extra.publisher.contact",
        "valid URL",
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_bad_setting_is_named_with_the_file_field_and_fix(fault):
    change, field, fix = FAULTS[fault]
    found = problems_with(change)
    assert f"mkdocs.yml: field '{field}': " in found, found
    assert fix in found, found


def test_every_problem_is_named_at_once():
    names = ("a wrong type", "a missing nested key", "an unknown key of ours", "a key the build writes")

    def four(extra):
        for name in names:
            FAULTS[name][0](extra)

    found = problems_with(four)
    assert "has 4 problems" in found, found
    for name in names:
        assert f"field '{FAULTS[name][1]}'" in found


def test_materials_own_keys_pass_through():
    extra = {
        **EXTRA,
        "status": {"new": "Recently added"},
        "version": {"provider": "mike"},
        "annotate": {"json": []},
        "homepage": "https://example.org/",
        "polyfills": ["x.js"],
    }
    assert settings.load_settings(extra).review_months == EXTRA["review_months"]


def test_the_material_keys_are_those_materials_templates_read():
    """A Material that reads another key of `extra` fails here, naming it, rather than the build
    refusing a key Material documents."""
    import material

    templates = Path(material.__file__).parent / "templates"
    read = {
        m
        for path in templates.rglob("*.html")
        for m in re.findall(r"config\.extra\.(\w+)", path.read_text(encoding="utf-8"))
    }
    assert read == settings.MATERIAL_KEYS


def test_every_key_the_templates_read_is_material_s_ours_or_written_by_the_build():
    overrides = ROOT / "overrides"
    read = {
        m
        for path in overrides.rglob("*.html")
        for m in re.findall(r"config\.extra\.(\w+)", path.read_text(encoding="utf-8"))
    }
    known = settings.MATERIAL_KEYS | set(settings.FOR_TEMPLATES) | set(settings.Settings.model_fields)
    assert read <= known, read - known
    assert set(settings.FOR_TEMPLATES) <= read, "a value the build writes that no template reads"


def test_the_hooks_write_to_extra_only_what_templates_are_listed_to_read():
    from adapter import for_templates

    config = SimpleNamespace(extra={})
    for_templates(config, dpup_feeds=[], polyfills=[])
    assert config.extra == {"dpup_feeds": [], "polyfills": []}
    with pytest.raises(ValueError, match="not a value for the templates; list it in FOR_TEMPLATES"):
        for_templates(config, dpup_serch={})
    hooks = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "hooks").glob("*.py") if p.name != "adapter.py")
    assert not re.search(r"config\.extra\[[^]]+\]\s*=|config\.extra\.(update|pop|setdefault)\(", hooks)


# --- the same problems from `python -m dpup check` and from the build ---------------------------


def break_settings(project: Path) -> None:
    config = project / "mkdocs.yml"
    replace_once(config, "  review_months: 12\n", "  review_months: twelve\n  review_month: 6\n")
    replace_once(config, "    max_words: 60\n", "")


EXPECTED = [
    "mkdocs.yml: field 'extra.review_months': got 'twelve'; write a whole number",
    "mkdocs.yml: field 'extra.review_month': unknown setting; correct its spelling (did you mean 'review_months'?)",
    "mkdocs.yml: field 'extra.plain_language.max_words': required setting is missing; add it",
]


def test_dpup_check_names_bad_settings(tmp_path):
    project = copy_project(tmp_path / "project")
    break_settings(project)
    done, _ = run_check(project)
    assert done.returncode == 1
    for words in EXPECTED:
        assert words in done.stderr, f"{words!r} not in\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_the_build_stops_on_bad_settings_with_the_same_messages(build_fixture):
    done, _, _ = build_fixture(break_settings)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    for words in EXPECTED:
        assert output.count(words) == 1, f"{words!r} not once in\n{output[-3000:]}"
    assert "Traceback" not in output


def test_markup_from_a_material_key_is_named_in_mkdocs_yml(build_fixture):
    """Found by the red team of issue 33: a social link's name with markup was refused, but named
    against a data file; the problem is in mkdocs.yml."""

    def social(project: Path) -> None:
        replace_once(
            project / "mkdocs.yml",
            "\nextra:\n",
            "\nextra:\n  social:\n    - icon: fontawesome/brands/github\n      link: https://example.org/\n"
            "      name: '<img src=x onerror=alert(2)>Follow us'\n",
        )

    done, _, _ = build_fixture(social)
    assert done.returncode != 0, "the markup was accepted"
    named = [line for line in done.stderr.splitlines() if "onerror" in line or "would become HTML" in line]
    assert named and all("mkdocs.yml" in line for line in named), done.stderr[-3000:]
