"""The HTML report in a real browser: headless Chromium from Debian (``apt-get install chromium``).

Skipped when ``/usr/bin/chromium`` is absent; CI does not need it. Chromium runs with every
background network feature off, on a throwaway profile, against a local file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUDAPEST, corpus_file
from test_reporters import HOSTILE_DRAFT, _Marks, check_highlights, report_for

from treatylint.reporters.dispatch import render_report

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed (apt-get install chromium)")


def chromium(tmp_path: Path, page: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1400,3400", *mode, page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    shutil.rmtree(profile, ignore_errors=True)
    return result


def test_budapest_report_in_chromium(linter, tmp_path):
    result = linter.check_file(corpus_file(BUDAPEST))
    page = tmp_path / "report.html"
    page.write_text(render_report("html", report_for(linter, result)), encoding="utf-8")

    shot = tmp_path / "report.png"
    chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one

    dom = chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert 'data-ready="1"' in html, "the report's script ran (and its CSP hash is right)"
    # the DOM as the browser built it: each highlight carries its finding and holds its passage
    check_highlights(html, result.findings, result.document.text)


def test_script_in_a_draft_renders_as_text_in_chromium(linter, tmp_path):
    result = linter.check_text(HOSTILE_DRAFT, "hostile.txt")
    page = tmp_path / "hostile.html"
    page.write_text(render_report("html", report_for(linter, result)), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    parser = _Marks()
    parser.feed(dom.stdout)
    assert parser.scripts == 1, "no script element came from the draft"
    assert "<img src" not in dom.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
    assert 'data-ready="1"' in dom.stdout
