"""The macros authors call in pages (mkdocs-macros). Thin: the registry in dpup/pages/macros.py
holds them; here each is told the page it is called on.

Macros are opt-in: a page that calls one sets `render_macros: true` in its front matter, so `{{`
in ordinary text or code is never evaluated. A page's Jinja is parsed and checked before it is
rendered, and renders in a sandbox that sees these macros alone (dpup/content/safety.py).
See CONTRIBUTING.md.
"""

import functools
import sys
from pathlib import Path

# The content model lives beside the hooks; MkDocs has already imported it from there.
sys.path.insert(0, str(Path(__file__).parent / "hooks"))

from dpup import build  # noqa: E402
from dpup.pages import fragments as render  # noqa: E402
from dpup.pages.macros import MACROS, At  # noqa: E402


def define_env(env):
    def at() -> At:
        return At(build.current().model, env.page.file.src_uri)

    for name, function in MACROS.items():
        env.macro(
            functools.wraps(function)(lambda *args, _function=function, **kwargs: _function(at(), *args, **kwargs)),
            name,
        )

    @env.macro
    def for_audience(audience_id: str, caller=None) -> str:
        """Wrap text for one audience: {% call for_audience("frontline") %} … {% endcall %}."""
        # The model read this page's blocks in source order, so the n-th call is the n-th block.
        model = build.current().model
        block = model.page(at().here).blocks[env.variables["_block_number"]]
        env.variables["_block_number"] += 1
        assert block.audience == audience_id, f"{at().here}: block order changed while rendering"
        return render.audience_block(model, audience_id, block.anchor, caller())


def on_pre_page_macros(env):
    """Start counting audience blocks afresh on each page."""
    env.variables["_block_number"] = 0
