"""The macros authors call in pages (mkdocs-macros). Thin: each one reads the content model.

Macros are opt-in: a page that calls one sets `render_macros: true` in its front
matter, so `{{` in ordinary text or code is never evaluated. See CONTRIBUTING.md.
"""

import sys
from pathlib import Path

# The content model lives beside the hooks; MkDocs has already imported it from there.
sys.path.insert(0, str(Path(__file__).parent / "hooks"))

from dpup import build  # noqa: E402
from dpup.history import feeds  # noqa: E402
from dpup.pages import fragments as render  # noqa: E402
from dpup.pages import tools as tools_render  # noqa: E402


def current():
    """The content model of the build under way."""
    return build.current().model


def define_env(env):
    def here() -> str:
        return env.page.file.src_uri

    @env.macro
    def summary(page: str | None = None) -> str:
        """The plain-language summary of this page, or of another page given by its docs path."""
        return render.summary(current(), page or here())

    @env.macro
    def principle_card(principle_id: str) -> str:
        """One principle as a card linking to its page."""
        return render.principle_cards(current(), here(), [principle_id])

    @env.macro
    def principle_cards(*principle_ids: str) -> str:
        """Cards for the given principles, or all five in order."""
        return render.principle_cards(current(), here(), list(principle_ids or current().data.principles))

    @env.macro
    def law(law_id: str, text: str | None = None) -> str:
        """A reference to an Act or provision: 'privacy-act-2020/ipp-3a' -> IPP 3A, linked and titled."""
        return render.law_link(current(), here(), law_id, text)

    @env.macro
    def law_table(act_id: str) -> str:
        """The table of an Act's provisions (e.g. the Information Privacy Principles)."""
        return render.law_table(current(), here(), act_id)

    @env.macro
    def law_list(*kinds: str) -> str:
        """Entries for every Act or instrument of the given kinds (act, code, charter, …)."""
        return render.law_list(current(), here(), list(kinds))

    @env.macro
    def law_map(act_id: str = "privacy-act-2020") -> str:
        """For each IPP, the principles and protocols that apply it and the pages that explain it."""
        return render.law_map(current(), here(), act_id)

    @env.macro
    def related_law() -> str:
        """On a protocol or principle page: the privacy principles it applies (data/laws.yml)."""
        return render.related_law(current(), here())

    @env.macro
    def law_changes() -> str:
        """The laws that change or add to the privacy principles for social services (data/laws.yml)."""
        return render.law_changes(current(), here())

    @env.macro
    def term(word: str, text: str | None = None) -> str:
        """A glossary term, linked to its definition, with its gloss as a tooltip."""
        return render.term(current(), here(), word, text)

    @env.macro
    def glossary(lang: str | None = None) -> str:
        """The glossary from data/glossary.yml; lang='mi' for kupu only, 'en' for policy terms."""
        return render.glossary(current(), here(), lang)

    @env.macro
    def help_contacts(*contact_ids: str) -> str:
        """Where to get help: numbers from data/contacts.yml; by default, those for someone's safety."""
        return render.help_contacts(current(), list(contact_ids))

    @env.macro
    def provenance() -> str:
        """What this edition is and who publishes it, with a link to the official policy."""
        return render.provenance(current())

    @env.macro
    def timeline() -> str:
        """How the policy was developed, from data/timeline.yml."""
        return render.timeline(current())

    @env.macro
    def version_history() -> str:
        """Published versions of the policy, from data/versions.yml."""
        return render.version_history(current(), here())

    @env.macro
    def change_feeds() -> str:
        """The Atom feeds of the policy's changes: the whole policy's, then each section's."""
        items = [f"- [{render.text(f.name)}]({render.link(here(), f.path)})"
                 for f in feeds.feeds_of(current(), env.conf["site_name"])]
        return "\n".join(items) + "\n"

    @env.macro
    def decision_guide(tool_id: str) -> str:
        """A decision guide from data/tools/<id>.yml: linked sections, interactive with JavaScript."""
        return tools_render.decision_guide(current(), here(), tool_id)

    @env.macro
    def purpose_statement_builder(tool_id: str = "purpose-statement") -> str:
        """The purpose statement builder form, from data/tools/purpose-statement.yml."""
        return tools_render.purpose_builder(current(), here(), tool_id)

    @env.macro
    def checklist(checklist_id: str) -> str:
        """One protocol's checklist from data/tools/checklists.yml, e.g. checklist("purpose-matters")."""
        return tools_render.checklist(current(), here(), checklist_id)

    @env.macro
    def quiz(tool_id: str = "quiz") -> str:
        """The self-check quiz from data/tools/quiz.yml."""
        return tools_render.quiz(current(), here(), tool_id)

    @env.macro
    def for_audience(audience_id: str, caller=None) -> str:
        """Wrap text for one audience: {% call for_audience("frontline") %} … {% endcall %}."""
        # The model found this page's blocks in source order, so the n-th call is the n-th block.
        block = current().page(here()).blocks[env.variables["_block_number"]]
        env.variables["_block_number"] += 1
        assert block.audience == audience_id, f"{here()}: block order changed while rendering"
        return render.audience_block(current(), audience_id, block.anchor, caller())


def on_pre_page_macros(env):
    """Start counting audience blocks afresh on each page."""
    env.variables["_block_number"] = 0
