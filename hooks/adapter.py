"""What the hook files share (not a hook itself: MkDocs puts this folder on sys.path while it
loads the hooks listed in mkdocs.yml, so they import it).

The core (dpup/) knows nothing of MkDocs. Its ContentError is a message for the contributor;
`reported` hands it to MkDocs as a PluginError, which MkDocs prints without a traceback.
"""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from dpup.content.errors import ContentError
from dpup.content.settings import FOR_TEMPLATES, MATERIAL_KEYS


def reported(event):
    """Decorate a hook event: a ContentError stops the build as a plain message."""

    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except ContentError as error:
            raise PluginError(str(error)) from None

    return run


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def for_templates(config: MkDocsConfig, **values) -> None:
    """Hand the templates in overrides/ what the build worked out, as config.extra.<name>: the one
    place the hooks write to `extra`. Only the names settings.FOR_TEMPLATES lists, or Material's own."""
    unknown = sorted(set(values) - set(FOR_TEMPLATES) - MATERIAL_KEYS)
    if unknown:
        raise ValueError(
            f"{', '.join(unknown)}: not a value for the templates; list it in FOR_TEMPLATES "
            "(hooks/dpup/content/settings.py), with what it holds."
        )
    config.extra.update(values)
