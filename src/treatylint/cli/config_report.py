"""``treatylint config``: the settings in effect and, for each, where it came from — so a
surprising result can be traced to a file or a flag instead of guessed at."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

from treatylint.settings import Settings


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def render_config(settings: Settings, json_output: bool = False) -> str:
    config = settings.config.label if settings.config else None
    rows = [(key, _plain(value), source) for key, value, source in settings.describe()]
    if json_output:
        payload = {"config": config, "settings": {key: {"value": value, "source": source} for key, value, source in rows}}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    lines = [f"# config file: {config or 'none found (defaults)'}"]
    shown = [(key, json.dumps(value, ensure_ascii=False), source) for key, value, source in rows]
    width = max(len(key) for key, _, _ in shown)
    value_width = min(max(len(value) for _, value, _ in shown), 50)
    lines += [f"{key:<{width}} = {value:<{value_width}}  # {source}" for key, value, source in shown]
    return "\n".join(lines) + "\n"
