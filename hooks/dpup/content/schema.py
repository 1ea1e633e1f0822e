"""The content schema: what a page's front matter and each data file may hold.

Pydantic does the checking; this module only declares shapes. Every model
forbids unknown keys, so a typo is an error rather than a silently ignored field.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import page_kinds
from .hosts import look_alike, names_a_user

Id = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
Text = Field(min_length=1)
VersionNumber = Field(pattern=r"^\d+\.\d+(\.\d+)?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- data/audiences.yml -------------------------------------------------------


class Audience(Strict):
    id: str = Id
    name: str = Text  # "Frontline workers"
    label: str = Text  # completes "I am …": "working at the front line"
    icon: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")  # a Material icon, e.g. material/account
    summary: str = Text  # one-sentence summary of the audience view
    intro: str = Text  # Markdown introduction to the audience view


class AudiencesFile(Strict):
    audiences: list[Audience] = Field(min_length=1)


# --- data/principles.yml ------------------------------------------------------


class Principle(Strict):
    id: str = Id
    name: str = Text  # te reo name, e.g. "He Tāngata"
    kupu: str = Text  # the meaning of the kupu in English
    statement: str = Text  # the principle in one sentence
    page: str = Field(pattern=r"^[a-z0-9/-]+\.md$")  # docs-relative page that explains it
    icon: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")


class PrinciplesFile(Strict):
    principles: list[Principle] = Field(min_length=1)


# --- data/laws.yml ------------------------------------------------------------


def _https_without_credentials(url: HttpUrl) -> HttpUrl:
    """Readers follow these addresses: only https; no host that looks like another (hosts.py); and no
    "user@" part, which makes `https://www.privacy.org.nz@elsewhere.example/` lead to elsewhere.example."""
    if url.scheme != "https":
        raise ValueError(f"{url} is not an https:// address; use the https:// address of the page")
    if label := look_alike(str(url)):
        raise ValueError(
            f"{url} has a host name, '{label}', that mixes letters of two alphabets, so it looks like a site "
            "it is not; type the address again in plain letters"
        )
    if names_a_user(str(url)):
        raise ValueError(f"{url} has a name before '@', so it leads to {url.host}; write the address without it")
    return url


# An address of another site, as data files give it.
WebAddress = Annotated[HttpUrl, AfterValidator(_https_without_credentials)]


def _not_a_home_page(url: HttpUrl) -> HttpUrl:
    if (url.path or "/").strip("/") == "":
        raise ValueError(f"{url} is a site's home page; link to the Act, section or document itself")
    return url


# Provisions cited without an address of their own, each with the reason. Every other provision
# must link to its own section (`url`): the build names any that does not (model.load_data), and
# names an id here that has since been given one, so the list only ever shrinks. Add an id only
# when no address for the section could be confirmed, and say why; remove it when one is.
UNCONFIRMED: dict[str, str] = {
    # A Part has no section page of its own; no address for the Part could be confirmed.
    "privacy-act-2020/part-4": "Part heading: no address of its own confirmed",
    "privacy-act-2020/part-5": "Part heading: no address of its own confirmed",
    "privacy-act-2020/part-6": "Part heading: no address of its own confirmed",
    "privacy-act-2020/part-7": "Part heading: no address of its own confirmed",
    # Sections whose address on legislation.govt.nz was not found in any stored copy (issue 27).
    "privacy-act-2020/s-43": "section address not confirmed",
    "oranga-tamariki-act-1989/s-66a": "section address not confirmed",
    "oranga-tamariki-act-1989/s-66h": "section address not confirmed",
    # The code is published by the Privacy Commissioner; no address for rule 11 itself confirmed.
    "hipc-2020/rule-11": "rule address not confirmed",
}


class Provision(Strict):
    id: str = Id  # "ipp-3a"; cited as "<act id>/<provision id>", pinpointed as "<id>(2)(a)"
    cite: str = Text  # how the policy cites it: "IPP 3A", "s 115"
    section: str = Text  # where it sits in the Act: "section 22"
    title: str = Text  # its heading in the Act, exactly as enacted
    plain: str = Text  # one plain-language sentence
    in_force: datetime.date | None = None
    url: WebAddress | None = None  # the section itself; without it, links go to the Act
    checked: datetime.date | None = None  # when checked against the Act; without it, the Act's date
    # The map of the law (law page, protocols, PDFs): the principles and protocols that apply it.
    principles: list[str] = []  # ids from data/principles.yml
    protocols: list[str] = []  # protocol pages by id: "purpose-matters" is protocols/purpose-matters.md
    # For laws that change or add to the privacy principles in the social sector (law_changes()).
    changes: str | None = None  # Markdown: what it changes or adds
    applies_to: str | None = None  # Markdown: whom it applies to

    _url = field_validator("url")(classmethod(lambda cls, v: v and _not_a_home_page(v)))


class Act(Strict):
    id: str = Id
    name: str = Text  # full title with year, exactly as enacted, e.g. "Privacy Act 2020"
    kind: Literal["act", "code", "standard", "charter", "principles"]
    url: WebAddress  # the Act or document itself, never a site's home page
    checked: datetime.date  # when someone last checked this entry against the Act's own text
    plain: str = Text
    provisions: list[Provision] = []
    changes: str | None = None  # Markdown: what it changes or adds to the privacy principles
    applies_to: str | None = None  # Markdown: whom it applies to

    _url = field_validator("url")(classmethod(lambda cls, v: _not_a_home_page(v)))


# What a law does about sharing, as "How the sharing rules fit together" says it.
SHARING = {"lets": "lets you share", "consider": "you must consider sharing", "requires": "requires you to share"}


class SharingLaw(Strict):
    id: str = Text  # an Act or provision above: "privacy-act-2020/ipp-11" (model.load_data checks it)
    does: list[Literal["lets", "consider", "requires"]] = Field(min_length=1, max_length=3)


class SharingStep(Strict):
    """One question of docs/guides/sharing-rules.md, in the order the page asks them."""

    question: str = Text  # as the page's numbered list asks it
    section: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")  # the id of its `##` section on that page
    laws: list[SharingLaw] = Field(min_length=1, max_length=12)


class LawsFile(Strict):
    laws: list[Act] = Field(min_length=1)
    # The order of the sharing rules, drawn on docs/guides/sharing-rules.md (pages/diagram.py).
    sharing_order: list[SharingStep] = Field(default=[], max_length=12)


# --- data/glossary.yml --------------------------------------------------------


class Term(Strict):
    id: str = Id
    term: str = Text  # as written, with macrons: "whānau"
    lang: Literal["mi", "en", "sm"]  # te reo Māori, English, Samoan
    definition: str = Text
    gloss: str | None = None  # a short English gloss for tooltips (te reo terms)
    synonyms: list[str] = []  # English words a reader may search for instead


class GlossaryFile(Strict):
    terms: list[Term] = Field(min_length=1)


# --- data/timeline.yml and data/versions.yml ----------------------------------


class Event(Strict):
    when: str = Text  # "November 2019", "late May to early September 2018"
    what: str = Text  # Markdown, one or two sentences


class TimelineFile(Strict):
    events: list[Event] = Field(min_length=1)


class Version(Strict):
    version: str = VersionNumber
    date: datetime.date
    changes: list[str] = Field(min_length=1)  # Markdown, one change per item


class VersionsFile(Strict):
    versions: list[Version] = Field(min_length=1)  # newest first


# --- data/contacts.yml ---------------------------------------------------------


class Contact(Strict):
    """A phone line, or a web service such as the Privacy Commissioner's complaint form: one of the two."""

    id: str = Id
    name: str = Text  # who answers: "Oranga Tamariki"
    number: str | None = Field(default=None, pattern=r"^[0-9]+( [0-9]+)*$")  # as people dial it: "0508 326 459"
    url: WebAddress | None = None  # a web service: the page itself
    when: str = Text  # when to call or use it, and who it is for: one sentence
    source: WebAddress  # the page the number or address was copied from
    checked: datetime.date  # when it was last checked there

    @model_validator(mode="after")
    def _a_number_or_an_address(self) -> Contact:
        if (self.number is None) == (self.url is None):
            raise ValueError("give either `number` (a phone line) or `url` (a web service), not both or neither")
        return self


class ContactsFile(Strict):
    contacts: list[Contact] = Field(min_length=1)  # the first, `emergency`, opens danger outcomes
    # Markdown: when not to tell, show or share. Closes every tool outcome that says to.
    safety_limit: str = Text
    # Markdown: when not to give a person access to their own information (Privacy Act Part 4
    # grounds). Closes every access outcome (`safety_limit: access`) instead of the one above.
    access_limit: str = Text


# --- data/jargon.yml ------------------------------------------------------------


class Jargon(Strict):
    word: str = Text
    plain: str = Text


class JargonFile(Strict):
    jargon: list[Jargon] = Field(min_length=1)


# --- data/search.yml ---------------------------------------------------------------


class SynonymGroup(Strict):
    # Each word is paired with each policy phrase in the index every reader downloads: bounded.
    words: list[str] = Field(min_length=1, max_length=30)  # what a reader may type: "opt out"
    policy: list[str] = Field(min_length=1, max_length=10)  # the policy's own words for it: "transparency and choice"


class SearchFile(Strict):
    synonyms: list[SynonymGroup] = Field(default=[], max_length=200)


# --- data/pages.yml ---------------------------------------------------------------


class GeneratedPage(Strict):
    title: str = Text
    summary: str = Text  # checked by the plain-language gate like every page's


class DownloadTexts(Strict):
    whole_policy: str = Text  # what the whole-policy PDF holds
    large_print: str = Text
    offline_title: str = Text
    offline: str = Text  # what the offline zip is and how to use it
    # what each guide's poster holds (pdf/tools/<guide>-diagram.pdf); the sheet to print on follows
    poster: str = "Every question, answer and outcome of the guide on one page, to print and pin up."


class Edition(Strict):
    """A PDF edition of some pages, besides the whole policy, audience views and single pages."""

    path: str = Field(pattern=r"^pdf/[a-z0-9-]+\.pdf$")  # in the site: "pdf/workshop-pack.pdf"
    title: str = Text
    description: str = Text
    group: str = Text  # the downloads table it is listed in
    pages: list[str] = Field(min_length=1, max_length=100)  # docs paths, in the order they print, each once
    # One part of a single page: `section` prints only the part under that <h2> (its id), with no
    # cover, so it starts on page 1 (a form to photocopy); `leave_out` prints the page without
    # the parts under those <h2>s. Checked against the built page (pdf/editions.py).
    section: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")
    leave_out: list[str] = Field(default=[], max_length=20)


class OfficeFile(Strict):
    """One editable file on the downloads page (dpup/office/): its name there and what it holds."""

    title: str = Text  # on the downloads page
    heading: str = Text  # the file's own title
    description: str = Text


class RegisterColumn(Strict):
    """A column of the breach register: its heading, and what to write in it."""

    name: str = Field(min_length=1, max_length=60)
    record: str = Text


class OfficeTexts(Strict):
    """The Word and PowerPoint files (dpup/office/): what the downloads page calls them, and the
    columns of the breach register, which the breaches guide lists too (breach_register())."""

    group: str = Text  # the downloads table they are listed in
    consent_form: OfficeFile
    privacy_notice: OfficeFile
    communications_plan: OfficeFile
    breach_register: OfficeFile
    board_report: OfficeFile
    workshop_slides: OfficeFile
    breach_register_columns: list[RegisterColumn] = Field(min_length=1, max_length=16)


class PagesFile(Strict):
    at_a_glance: GeneratedPage
    tool_paths: GeneratedPage
    downloads: DownloadTexts
    editions: list[Edition] = Field(default=[], max_length=20)  # each renders a PDF: bounded work
    office: OfficeTexts


# --- mkdocs.yml extra.publisher ---------------------------------------------------


# A plain address and nothing else, as a mailto link would carry anything after it ('?bcc=' copies
# every message to a stranger): letters, digits and . _ % + - before the @, then a domain of labels.
# No ? & = , ; spaces or quotes. Every mailto link percent-encodes it too.
PlainEmail = Field(
    default=None,
    max_length=254,
    pattern=r"^[A-Za-z0-9._%+-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
)


class Publisher(Strict):
    """Who publishes this edition and what it is (mkdocs.yml `extra.publisher`)."""

    name: str = Text
    status: str = Text  # one or two sentences: what this edition is, and is not
    contact: WebAddress  # where readers can reach the publisher
    official_name: str = Text  # "the official Data Protection and Use Policy on digital.govt.nz"
    official_url: WebAddress
    # Where "Was this page helpful?" and "Report a problem" send an email, if set: each page then
    # offers them as plain mailto links (no account, no request from the page). Unset: no links.
    feedback_email: str | None = PlainEmail


# --- page front matter --------------------------------------------------------


class SearchOptions(Strict):
    exclude: bool = False
    # Material's own key: how much a page's matches weigh against others' (1 is usual). For a page
    # that is the reference answer on its subject, such as the law page for the privacy principles.
    boost: float = Field(default=1.0, gt=0, le=3)


# One plain-language sentence: starts with a capital, ends with a full stop, no second sentence,
# no HTML (Markdown links are fine: the page's sanitiser checks them with the rest of the page).
OneSentence = Field(pattern=r"^[A-ZĀĒĪŌŪ0-9][^\n<>]*?[.!?]$", max_length=200)


class PageChange(Strict):
    """One entry in a page's `changes:` list: what a published version changed on the page."""

    version: str = VersionNumber  # a version in data/versions.yml
    date: datetime.date
    what: str = OneSentence

    @field_validator("what")
    @classmethod
    def _one_sentence(cls, what: str) -> str:
        if re.search(r"[.!?]\s+[A-ZĀĒĪŌŪ]", what):
            raise ValueError("write one sentence; a second one belongs in a second entry")
        return what


class Consultation(Strict):
    """A draft out for consultation: on a page (front matter) or on a section or the whole site
    (mkdocs.yml `extra.consultations`, with `pages`)."""

    title: str = Text  # what is out for feedback: "Draft guide on sharing with whānau"
    opens: datetime.date
    closes: datetime.date
    asking: str = Text  # one or two plain sentences: what we want to know
    email: str | None = PlainEmail  # feedback by email instead of the issue form
    # mkdocs.yml only: the docs paths or folders ("guides/") it covers; "" is the whole site.
    pages: list[str] = []

    @field_validator("closes")
    @classmethod
    def _closes_after_opening(cls, closes: datetime.date, info: ValidationInfo) -> datetime.date:
        opens = info.data.get("opens")
        if opens and closes <= opens:
            raise ValueError(f"closes ({closes}) must be after opens ({opens})")
        return closes


class Theme(Strict):
    theme: str = Text  # a heading: "Sharing with whānau"
    heard: str = Text  # Markdown: what people told us
    changed: str = Text  # Markdown: what we changed because of it, or why we did not


class Heard(Strict):
    """A "What we heard" page (kind: heard): the feedback on a consultation, by theme."""

    consultation: str = Text  # the consultation's title, as its banner showed it
    closed: datetime.date
    responses: int | None = Field(default=None, ge=0)  # how many people or groups responded
    themes: list[Theme] = Field(min_length=1)


class FrontMatter(Strict):
    title: str = Text
    kind: page_kinds.Name  # one of the kinds in page_kinds.py
    summary: str = Text
    audiences: list[str]
    principles: list[str] = []
    laws: list[str] = []
    reviewed: datetime.date | None = None
    review_by: datetime.date | None = None
    # Macros are opt-in (render_by_default: false); a page that calls one says so.
    render_macros: bool = False
    # Material's own keys: hide the navigation, table of contents or footer; leave out of search.
    hide: list[Literal["navigation", "toc", "footer", "feedback"]] = []
    search: SearchOptions | None = None
    # What each published version changed on this page, newest first (about/versions explains).
    changes: list[PageChange] = []
    # This page is a draft out for consultation (a section or the whole site: mkdocs.yml).
    consultation: Consultation | None = None
    heard: Heard | None = None  # only on a "What we heard" page, which must have it

    @field_validator("changes")
    @classmethod
    def _known_versions(cls, changes: list[PageChange], info: ValidationInfo) -> list[PageChange]:
        known: list[str] | None = (info.context or {}).get("versions")  # None: given none to check against
        if known is not None and (unknown := [c.version for c in changes if c.version not in known]):
            raise ValueError(
                f"unknown version {', '.join(map(repr, unknown))}; add it to data/versions.yml "
                f"first, or use one of: {', '.join(known)}"
            )
        if [c.date for c in changes] != sorted((c.date for c in changes), reverse=True):
            raise ValueError("list the changes newest first")
        return changes

    @model_validator(mode="after")
    def _heard_on_its_kind(self) -> FrontMatter:
        if self.heard is None and self.kind == "heard":
            raise ValueError(
                "a page of kind 'heard' needs `heard:` (consultation, closed, themes); see CONTRIBUTING.md"
            )
        if self.heard is not None and self.kind != "heard":
            raise ValueError("only a page of kind 'heard' has `heard:`")
        return self

    @field_validator("consultation")
    @classmethod
    def _no_pages_here(cls, consultation: Consultation | None) -> Consultation | None:
        if consultation and consultation.pages:
            raise ValueError(
                "'pages' belongs in mkdocs.yml's extra.consultations; a page's own consultation covers the page"
            )
        return consultation

    # Ids must exist in data/; the loader passes the known ids as validation context.
    @field_validator("audiences", "principles", "laws")
    @classmethod
    def _known_ids(cls, values: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get(info.field_name)
        if known is None:
            return values
        unknown = [v for v in values if v not in known]
        if unknown:
            raise ValueError(f"unknown id {', '.join(map(repr, unknown))}; allowed: {', '.join(known)}")
        if len(set(values)) != len(values):
            raise ValueError("an id is listed twice")
        return values
