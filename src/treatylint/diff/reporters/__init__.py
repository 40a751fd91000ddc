"""Diff and history reports: text, JSON, Markdown (pull-request comments) and HTML (side by side).

Each module has one ``render(result) -> str``; ``FORMATS`` maps the ``--format`` names to them.
"""

from __future__ import annotations

from typing import Callable


def diff_renderer(name: str) -> Callable:
    from treatylint.diff.reporters import html, json, markdown, text

    return {"text": text.render, "json": json.render, "markdown": markdown.render, "html": html.render}[name]


def history_renderer(name: str) -> Callable:
    from treatylint.diff.reporters import history

    return {"text": history.render_text, "json": history.render_json, "markdown": history.render_markdown,
            "html": history.render_html}[name]


FORMATS = ("text", "json", "markdown", "html")
