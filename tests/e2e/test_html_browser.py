"""The HTML report in a real browser: headless Chromium from Debian (``apt-get install chromium``).

Skipped when ``/usr/bin/chromium`` is absent; CI does not need it. Chromium runs with every
background network feature off, on a throwaway profile, against a local file.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUDAPEST, REPO, corpus_file
from test_reporters import HOSTILE_DRAFT, _Marks, check_highlights, report_for

from treatylint.reporters.dispatch import render_report

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = REPO / "corpora" / "sample-draft.txt"
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


# A second script, added to a copy of the page (and to its CSP), drives the report as a reader
# would and writes what it saw into the page, which --dump-dom then shows.
DRIVER = """
(function () {
  function unique(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); }
  function findings(selector) {
    return unique(Array.prototype.map.call(document.querySelectorAll(selector), function (m) { return m.dataset.finding; }));
  }
  function key(k) {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    return findings('mark.focus').join(',');
  }
  function where() { return document.getElementById('nav-where').textContent; }
  function stronger(m) {  // a visible mark around m that is more severe
    var rank = { error: 2, warning: 1, info: 0 };
    for (var x = m.parentElement.closest('mark.hl'); x; x = x.parentElement.closest('mark.hl')) {
      if (!x.classList.contains('off') && rank[x.dataset.severity] > rank[m.dataset.severity]) { return true; }
    }
    return false;
  }
  var seen = {};
  seen.order = findings('mark.hl');
  seen.where = where();
  seen.keys = [key('n'), key('n'), key('p'), key('j'), key('k'), key('f')];
  seen.whereAfterKeys = where();
  document.getElementById('nav-next').click();
  seen.button = findings('mark.focus').join(',');
  var card = document.querySelector('.card.focus');
  seen.card = card ? card.dataset.finding : null;
  seen.under = findings('mark.under');
  seen.underJustified = Array.prototype.every.call(document.querySelectorAll('mark.under'), stronger);
  seen.notUnderButCovered = Array.prototype.some.call(document.querySelectorAll('mark.hl:not(.under)'), stronger);
  var box = document.querySelector('input[name=severity][value=error]');
  box.checked = false;
  box.dispatchEvent(new Event('change'));
  seen.underWithoutErrors = findings('mark.under');
  seen.orderWithoutErrors = findings('mark.hl:not(.off)');
  var result = document.createElement('pre');
  result.id = 'driver-result';
  result.textContent = JSON.stringify(seen);
  document.body.appendChild(result);
})();
"""


def _driven(page_html: str) -> str:
    """The page with DRIVER after its own script, both allowed by the CSP."""
    from treatylint.reporters.html import _csp_hash

    own = re.search(r"script-src '(sha256-[^']+)'", page_html).group(1)
    page_html = page_html.replace(f"script-src '{own}'", f"script-src '{own}' '{_csp_hash(DRIVER)}'")
    return page_html.replace("</body>", f"<script>{DRIVER}</script>\n</body>")


def test_navigation_keys_buttons_and_the_stronger_finding_in_chromium(linter, tmp_path):
    """The sample draft has an error and a warning on the same words: the error shows (the warning
    is drawn under it) until errors are filtered out. n/j, p/k and f, and the Next button, walk the
    findings in reading order and focus the finding's card."""
    result = linter.check_file(SAMPLE)
    page = tmp_path / "sample.html"
    page.write_text(_driven(render_report("html", report_for(linter, result))), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="driver-result">(.*?)</pre>', dom.stdout, re.S)
    assert found, "the driver script ran (and the CSP allowed it)"
    seen = json.loads(html.unescape(found.group(1)))

    shown = [f for f in result.findings if not f.suppressed and not f.waived]
    numbers = {str(n) for n, f in enumerate(shown) if f.end > f.start}
    order = seen["order"]
    assert set(order) == numbers and len(order) >= 3
    starts = [shown[int(n)].start for n in order]
    assert starts == sorted(starts), "reading order"
    assert seen["where"] == f"{len(order)} in the text"
    assert seen["keys"] == [order[0], order[1], order[0], order[1], order[0], order[0]]
    assert seen["whereAfterKeys"] == f"1 of {len(order)} in the text"
    assert seen["button"] == order[1] and seen["card"] == order[1]

    errors = {str(n) for n, f in enumerate(shown) if f.severity.value == "error"}
    assert seen["under"] and not set(seen["under"]) & errors, "warnings under errors, never the reverse"
    assert seen["underJustified"] and not seen["notUnderButCovered"]
    assert seen["underWithoutErrors"] == [], "with errors filtered out, the warnings show again"
    assert set(seen["orderWithoutErrors"]) == numbers - errors


def test_screenshot_shows_headings_navigation_and_codes(linter, tmp_path):
    """What the reader sees: the static page has styled headings, the navigation bar and each
    highlight's category code (the screenshot itself is looked at by a person)."""
    result = linter.check_file(SAMPLE)
    page = tmp_path / "sample.html"
    page.write_text(render_report("html", report_for(linter, result)), encoding="utf-8")
    shot = tmp_path / "sample.png"
    chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 20_000
    dom = chromium(tmp_path, page, "--dump-dom").stdout
    line = r'(?:<span class="ln" data-n="\d+"></span>)?'
    assert re.search(rf'<span class="hd hd-article">{line}Article 4\b', dom)
    assert re.search(rf'<span class="hd hd-division">{line}CHAPTER I\b', dom)
    assert 'id="nav-next"' in dom and 'id="first-passage"' in dom
    assert re.search(r'<mark[^>]*data-code="VO"', dom)
