"""The JSON contract of ``treatylint diff --format json`` (documented in docs/diff.md)."""

from __future__ import annotations

from treatylint.diff.compare import DiffResult
from treatylint.reporters.common import json_text


def render(result: DiffResult) -> str:
    return json_text(result.payload())
