"""mkdocs.yml's `extra:`, read once per build: the policy's own settings, typed, with their defaults here.

`extra:` holds three kinds of key. The policy's own (Settings below) are checked like every data
file: a wrong type, a missing limit or a misspelt name stops the build (and `python -m dpup check`)
with every problem at once, naming mkdocs.yml, the field and the fix. Material's own keys
(MATERIAL_KEYS) are Material's to read; those it prints as links or turns into requests are checked
(MaterialLinks: no `javascript:` link, no analytics), the rest pass through. The keys the build writes for
the templates in overrides/ (FOR_TEMPLATES) may not be set in mkdocs.yml, as the build would
overwrite them. Any other key is refused, so a typo such as `review_month` cannot be ignored in silence.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from . import links, schema
from .errors import Loc, Problem, _explain, raise_problems

# Every key of `extra` that Material 9's templates read (config.extra.<key>); its offline plugin
# writes `polyfills` too. Listed, not guessed, so that a key of ours is never mistaken for one:
# tests/test_settings.py checks the list against the installed Material's templates.
MATERIAL_KEYS = frozenset(
    {
        "alternate",
        "analytics",
        "annotate",
        "consent",
        "generator",
        "homepage",
        "polyfills",
        "scope",
        "social",
        "status",
        "tags",
        "version",
    }
)

# What the build writes into `extra` for the templates in overrides/ (config.extra.<name>), by
# hooks/adapter.py `for_templates` alone, and what each holds.
FOR_TEMPLATES = {
    "policy": "the newest version and its date, for the footer (hooks/content.py)",
    "dpup_feeds": 'the Atom feeds, for each page\'s <link rel="alternate"> (hooks/history.py)',
    "dpup_search": "our search worker, unless the stock search is on (hooks/search.py)",
}


def _whole_if_whole(number: float) -> float:
    """8 stays 8, not 8.0: messages say 'the limit of 8', and the limits are part of cache keys."""
    return int(number) if number.is_integer() else number


# A Flesch–Kincaid grade: a number, not text or true/false, within the school years it measures.
Grade = Annotated[float, Field(strict=True, gt=0, le=20), AfterValidator(_whole_if_whole)]
Count = Annotated[int, Field(strict=True, ge=1)]


class PlainLanguage(schema.Strict):
    """The reading limits (dpup/pages/readability.py). Every summary must meet the first three; the
    body text of protocols and guides, on average, the fourth; and each page max_body_grade covers, its grade."""

    max_grade: Grade  # a summary's Flesch–Kincaid grade
    max_words: Count  # words in a summary
    max_sentence_words: Count  # words in any sentence of a summary
    max_body_grade_average: Grade  # the average body-text grade of the protocols and guides
    # A stricter grade for the body text of some pages: a docs page ("index.md") or folder ("guides/").
    max_body_grade: dict[str, Grade] = {}

    @field_validator("max_body_grade")
    @classmethod
    def _pages_or_folders(cls, limits: dict[str, float]) -> dict[str, float]:
        for path in limits:
            if not (path.endswith(("/", ".md")) and path.strip("/") and not path.startswith("/")):
                raise ValueError(
                    f"'{path}' is neither a page ('….md') nor a folder ('…/') of docs/; write it as "
                    "'your-information/' for a folder or 'index.md' for a page"
                )
        return limits


class Settings(schema.Strict):
    """The policy's own keys of mkdocs.yml's `extra:`; each default is the one the build uses."""

    publisher: schema.Publisher  # who publishes this edition and what it is
    consultations: list[schema.Consultation] = []  # drafts out for consultation, by section
    # A page is due for review this many months after its `reviewed` date, unless it sets `review_by`.
    review_months: int = Field(default=12, strict=True, ge=1, le=120)
    plain_language: PlainLanguage

    @field_validator("consultations", mode="before")
    @classmethod
    def _none_when_emptied(cls, consultations: Any) -> Any:  # as YAML read it: checked next
        """`consultations:` with every entry taken out (YAML reads it as null) means none, as before."""
        return [] if consultations is None else consultations


def _site_or_https(link: str) -> str:
    """A link Material prints as an address: a page of this site, https: or mailto:, never
    javascript: or another scheme, nor '//host' (another host, by whatever scheme the page has).
    Read as a browser reads it (links.normalise), so no tab or control character hides a scheme."""
    address = links.normalise(link)
    scheme = links.SCHEME.match(address)
    if address != link or address.startswith("//") or (scheme and scheme.group(1).lower() not in ("https", "mailto")):
        raise ValueError(f"'{link}' is not a page of this site, an https:// address or a mailto: address")
    return link


SafeLink = Annotated[str, AfterValidator(_site_or_https)]


class Social(schema.Strict):
    icon: str
    link: SafeLink
    name: str | None = None


class Alternate(schema.Strict):
    name: str
    link: SafeLink
    lang: str


class Version(schema.Strict):
    provider: Literal["mike"]  # the archive (bin/archive) is built with mike
    default: str | list[str] | None = None
    alias: bool = False


class MaterialLinks(schema.Strict):
    """The keys of Material's own that it prints as links or turns into requests: checked, so that
    no `javascript:` link or request to another host reaches every page through mkdocs.yml. The
    other Material keys print text, which the templates escape."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    homepage: SafeLink | None = None
    social: list[Social] = []
    alternate: list[Alternate] = []
    version: Version | None = None
    analytics: None = Field(
        default=None,
        description="the site asks no other host: Material's analytics would load a script from one",
    )


def load_settings(extra: Mapping[str, Any]) -> Settings:
    """mkdocs.yml's `extra`, checked; stop with every problem in it at once."""
    if not isinstance(extra, Mapping):
        raise_problems(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    "extra",
                    f"must hold settings (`name: value` lines), not {extra!r}; see the comments under `extra:`.",
                )
            ]
        )
    ours = {key: value for key, value in dict(extra).items() if key not in MATERIAL_KEYS}
    problems = [
        Problem(
            "mkdocs.yml",
            None,
            f"extra.{key}",
            f"the build writes this, {FOR_TEMPLATES[key]}; remove it from mkdocs.yml.",
        )
        for key in ours
        if key in FOR_TEMPLATES
    ]
    try:
        MaterialLinks.model_validate({k: v for k, v in dict(extra).items() if k in MATERIAL_KEYS})
    except ValidationError as error:
        problems += [
            Problem("mkdocs.yml", None, "extra." + ".".join(map(str, e["loc"])), _material_fix(e))
            for e in error.errors()
        ]
    try:
        settings = Settings.model_validate({k: v for k, v in ours.items() if k not in FOR_TEMPLATES})
    except ValidationError as error:
        raise_problems(
            problems
            + [Problem("mkdocs.yml", None, "extra." + ".".join(map(str, e["loc"])), _fix(e)) for e in error.errors()]
        )
    problems += [
        Problem(
            "mkdocs.yml",
            None,
            f"extra.consultations.{i}.pages",
            "list the pages or folders it covers, such as 'guides/', or '' for the whole site.",
        )
        for i, c in enumerate(settings.consultations)
        if not c.pages
    ]
    raise_problems(problems)
    return settings


def _material_fix(e: ErrorDetails) -> str:
    """What to do about a Material key that could run a script or ask another host."""
    if e["loc"][:1] == ("analytics",):
        return "remove it: the site asks no other host, and Material's analytics loads a script from one."
    if e["type"] == "value_error":
        return f"{str(e['msg']).removeprefix('Value error, ')}; use one of those."
    return f"{_explain(e).rstrip('.')} (Material's own setting; see its documentation)."


def _fix(e: ErrorDetails) -> str:
    """What to do about one problem in `extra`, in the words of the content model's other messages."""
    loc, kind, got = tuple(e["loc"]), e["type"], e.get("input")
    where = f"see the comment above `{loc[0]}:` in mkdocs.yml"
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        mean = f" (did you mean '{near[0]}'?)" if near else ""
        others = "; and Material's own keys, MATERIAL_KEYS in hooks/dpup/content/settings.py" if len(loc) == 1 else ""
        return f"unknown setting; correct its spelling{mean} or remove it. Allowed here: {', '.join(allowed)}{others}."
    if kind == "missing":
        return f"required setting is missing; add it ({where}, and hooks/dpup/content/settings.py)."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"got {got!r}; write a whole number, without quotes, such as 12 ({where})."
    if kind in ("float_type", "float_parsing"):
        return f"got {got!r}; write a number, without quotes, such as 8 or 8.5 ({where})."
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"got {got!r}; {e['msg'].lower().removeprefix('input ')} ({where})."
    return f"{_explain(e).rstrip('.')} ({where})."


def _fields_at(loc: Loc) -> list[str]:
    """The names the settings allow at `loc` (a list's items have their list's), for the message."""
    model: type[BaseModel] | None = Settings
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation if model and part in model.model_fields else None
        model = next(
            (a for a in (annotation, *get_args(annotation)) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
    return list(model.model_fields) if model else []
