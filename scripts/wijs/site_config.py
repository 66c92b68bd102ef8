"""Values from mkdocs.yml that commands outside the build need, read without importing MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV; their values do not matter here."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_url_from_config(config_file: Path) -> str:
    """The ``site_url`` of mkdocs.yml ending in '/', or '' when there is none."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return ""
    url = data.get("site_url") if isinstance(data, dict) else None
    return url.rstrip("/") + "/" if isinstance(url, str) and url.strip() else ""
