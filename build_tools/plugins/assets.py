"""MkDocs plugin `kb-assets`: put npm-installed front-end files into the site, never fetch them."""

from __future__ import annotations

import pathlib
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

__all__ = ["KbAssetsConfig", "KbAssetsPlugin"]


class KbAssetsConfig(base.Config):
    node_modules = c.Type(str, default="node_modules")
    """Folder `npm ci` installed into, relative to mkdocs.yml."""

    assets = c.Type(dict, default={})
    """Map of site path -> path inside node_modules, e.g. the iframe-worker shim."""


class KbAssetsPlugin(BasePlugin[KbAssetsConfig]):
    def on_files(self, files: Files, *, config: Any) -> Files:
        root = pathlib.Path(config.config_file_path).parent / self.config.node_modules
        for site_path, module_path in self.config.assets.items():
            source = root / module_path
            if not source.is_file():
                raise PluginError(
                    f"{source}: front-end asset missing; run 'npm ci' (or "
                    "'make setup') to install it"
                )
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        return files
