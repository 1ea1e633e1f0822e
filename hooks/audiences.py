"""Hook: generate one view per audience at /for/<id>/, from the blocks written across the policy."""

from __future__ import annotations

from dpup import model
from dpup.render import AUDIENCE_VIEW
from dpup.views import audience_view
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the audience views as in-memory pages (after hooks/content.py has loaded the model)."""
    content = model.current()
    for audience_id in content.data.audiences:
        files.append(File.generated(config, AUDIENCE_VIEW.format(id=audience_id),
                                    content=audience_view(content, audience_id)))
    return files
