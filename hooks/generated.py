"""Hook: pages generated from the content model at build time, never committed.

One view per audience at /for/<id>/, "The policy at a glance" at /at-a-glance/, and, for
legal reviewers and not in the nav, every path through the decision guides at /about/tool-paths/.
"""

from __future__ import annotations

from dpup import model
from dpup.render import AUDIENCE_VIEW
from dpup.views import AT_A_GLANCE, TOOL_PATHS, at_a_glance, audience_view, tool_paths
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

GLANCE_TITLE = "The policy at a glance"
GLANCE_SUMMARY = (
    "Every principle, protocol, guide and tool on one page, each in a few plain sentences. "
    "Skim it to see the whole policy, then follow a link to read more."
)
PATHS_TITLE = "Every path through the decision guides"
PATHS_SUMMARY = (
    "For people who check the tools against the law. Each row is one way through a guide, from "
    "the first question to its advice, with the law the advice cites."
)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages as in-memory files (after hooks/content.py has loaded the model)."""
    content = model.current()
    for audience_id in content.data.audiences:
        files.append(File.generated(config, AUDIENCE_VIEW.format(id=audience_id),
                                    content=audience_view(content, audience_id)))
    files.append(File.generated(config, AT_A_GLANCE,
                                content=at_a_glance(content, GLANCE_TITLE, GLANCE_SUMMARY)))
    files.append(File.generated(config, TOOL_PATHS, content=tool_paths(content, PATHS_TITLE, PATHS_SUMMARY)))
    return files
