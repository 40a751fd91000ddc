"""``--format json``: one JSON object on stdout, the machine-readable contract.

The data is kept exactly (a draft's passage decodes byte for byte); ``common.json_text`` writes
control, bidi and ``##[`` characters as ``\\uXXXX`` escapes so printing the JSON is harmless."""

from __future__ import annotations

from treatylint import __version__
from treatylint.reporters.common import json_text
from treatylint.reporters.report import Report
from treatylint.reporters.summary import summarise


def render(report: Report) -> str:
    """``stale_waivers``: waivers, baseline entries and inline suppressions that matched nothing;
    ``errors``: the drafts that could not be read, each with the reason (the exit code is 2)."""
    payload = {
        "version": __version__,
        "files": report.files,
        "findings": list(report.findings),  # models: encoded directly (json_text's fast path)
        "summary": summarise(report.findings),
        "notices": report.notices,
        "stale_waivers": [s.model_dump(mode="json", exclude_none=True) for s in report.stale_waivers or []],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors or []],
    }
    # no model or value in the report is a float (tests/test_reporters.py holds the models to it)
    return json_text(payload, without_floats=True)
