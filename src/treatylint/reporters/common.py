"""Small helpers shared by the reporters, and the neutralisation every one of them applies.

Drafts, their file names and third-party rule packs are untrusted, and reports go to terminals,
CI logs and pull-request comments. So text from them is shown, never obeyed:

* ``visible``: control characters (C0 but tab and newline, DEL, C1), line/paragraph separators
  and the Unicode bidirectional controls are written as Python-style escapes: ESC as ``\\x1b``,
  RIGHT-TO-LEFT OVERRIDE as ``\\u202e``. A draft cannot clear the screen, retitle the terminal,
  plant a hyperlink, overwrite a line with ``\\r`` or reorder what a reviewer reads.
* ``defuse_commands``: the GitHub Actions runner executes a log line that starts with ``::``
  (after leading whitespace) and, in its legacy syntax, ``##[command]`` anywhere in a line. A
  backslash goes before such a ``::`` and inside every ``##[`` (``\\::error::``, ``##\\[error]``),
  the runner's own way of defusing its markers.
* ``json_text``: JSON keeps the data exactly but writes those characters (and ``#`` of ``##[``)
  as ``\\uXXXX`` escapes, so JSON on standard output is as inert as the text report.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path, PurePath

from treatylint.findings import Finding

_SPACE = re.compile(r"\s+")
# never shown raw: C0 controls but tab and newline, DEL, C1 controls, ARABIC LETTER MARK, LRM/RLM,
# LINE/PARAGRAPH SEPARATOR, the bidi embeddings/overrides (U+202A-E) and isolates (U+2066-9)
# and lone surrogates: the bytes of a file name that is not valid UTF-8 (surrogateescape)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LEGACY_COMMAND = "##["  # the runner's old syntax, honoured anywhere in a line


def _escape_char(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8: shown as that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, newlines: bool = True) -> str:
    """``text`` with every control and bidi character written as an escape (``\\x1b``,
    ``\\u202e``). ``newlines=False`` also writes line breaks as ``\\n``: for file names, where
    every character matters and a line break would start a new output line."""
    text = _HIDDEN.sub(_escape_char, text)
    return text if newlines else text.replace("\n", "\\n")


def one_line(text: str) -> str:
    """Untrusted text for a one-line field (a passage, a message, a caption): whitespace runs,
    line breaks included, become one space, then what is left is made ``visible``."""
    return visible(" ".join(text.split()))


def _command_start(line: str) -> int:
    """Where a ``::`` that the Actions runner would read as a command begins, or -1. The runner
    trims leading whitespace; invisible format characters are skipped too, to be safe."""
    i = 0
    while i < len(line) and (line[i].isspace() or unicodedata.category(line[i]) == "Cf"):
        i += 1
    return i if line.startswith("::", i) else -1


def defuse_points(line: str) -> list[int]:
    """Offsets in one output line where a backslash must go so the runner sees no workflow
    command: before a leading ``::`` and before the ``[`` of every ``##[``."""
    points = [m.start() + 2 for m in re.finditer(re.escape(_LEGACY_COMMAND), line)]
    start = _command_start(line)
    return sorted(points + [start]) if start >= 0 else points


def defuse_commands(text: str) -> str:
    """``text`` (one or more lines) with no line the Actions runner would execute."""
    return "\n".join(_defuse_line(line) for line in text.split("\n"))


def _defuse_line(line: str) -> str:
    out, last = [], 0
    for point in defuse_points(line):
        out += [line[last:point], "\\"]
        last = point
    return "".join(out) + line[last:]


def safe_text(text: str) -> str:
    """Multi-line untrusted text for standard output (``explain``, rule pages): visible, defused."""
    return defuse_commands(visible(text))


def json_text(payload: object, indent: int | None = 2, without_floats: bool = False) -> str:
    """``payload`` as JSON that decodes to exactly the same data, with control, bidi and
    separator characters (and the ``#`` of ``##[``) written as ``\\uXXXX`` escapes so printing
    it is harmless. Both only occur inside JSON strings, where the escapes are valid.

    ``without_floats``: the caller vouches that ``payload`` holds no float (pydantic models
    allowed). It is then encoded by pydantic's Rust encoder, the same text as ``json.dumps``
    but for how floats are written, several times faster: with ``indent`` the standard library
    encodes in pure Python, seconds for a report of tens of thousands of findings (issue 15's
    thousands-of-headings shape). A string it cannot encode (a lone surrogate: a file name that
    is not UTF-8) takes the standard path."""
    text = None
    if without_floats and indent is not None:
        import pydantic_core

        try:
            text = pydantic_core.to_json(payload, indent=indent).decode("utf-8")
        except (pydantic_core.PydanticSerializationError, ValueError):
            text = None
    if text is None:
        text = json.dumps(_plain(payload) if without_floats else payload, indent=indent, ensure_ascii=False)
    # a JSON encoder escapes every C0 control inside strings, so in ASCII text only DEL is left
    # to find (a report of tens of thousands of findings is tens of MB: no needless scan)
    if not text.isascii() or "\x7f" in text:
        text = _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(_LEGACY_COMMAND, "\\u0023#[")


def _plain(payload: object) -> object:
    """``payload`` with the pydantic models ``json_text``'s fast path accepts dumped as data."""
    if isinstance(payload, dict):
        return {key: _plain(value) for key, value in payload.items()}
    if isinstance(payload, list):
        return [_plain(value) for value in payload]
    dump = getattr(payload, "model_dump", None)
    return dump(mode="json") if dump is not None else payload


def relative_path(path: str, base: str | os.PathLike | None = None) -> str:
    """``path`` relative to ``base`` (default: the current directory) with forward slashes, when
    it lies below it; otherwise the absolute path with forward slashes."""
    base_path = Path(base) if base is not None else Path.cwd()
    p = Path(path)
    try:
        resolved = p.resolve()
        return resolved.relative_to(base_path.resolve()).as_posix()
    except (ValueError, OSError):
        return PurePath(os.path.abspath(p)).as_posix() if p.is_absolute() else p.as_posix()


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form of a passage (line re-wrapping does not matter)."""
    return _SPACE.sub(" ", text).strip().casefold()


def fingerprints(findings: list[Finding]) -> list[str]:
    """A content fingerprint per finding: ``<hash>:<n>``.

    The hash covers the rule id, the sentence and the flagged words, normalised (never the line,
    the offset or the article number), so it survives lines inserted above the passage, re-wrapping
    and article renumbering. ``n`` counts earlier findings in the same file with the same hash, so
    a sentence repeated verbatim in two articles still gets two distinct fingerprints. A
    document-level finding (no provision) hashes the rule id alone: there is one per file.
    """
    seen: Counter[tuple[str, str]] = Counter()
    out: list[str] = []
    for f in findings:
        if f.provision is None:
            material = f"{f.rule_id}\0<document>"
        else:
            # the linter's own passage fingerprint when it has set one (it also ignores article
            # renumbering); otherwise the normalised sentence
            passage = getattr(f, "fingerprint", "") or normalise(f.excerpt)
            material = f"{f.rule_id}\0{passage}\0{normalise(f.matched)}"
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
        seen[(f.path, digest)] += 1
        out.append(f"{digest}:{seen[(f.path, digest)]}")
    return out


def reported(findings: list[Finding]) -> list[Finding]:
    """The findings a report shows: suppressed candidates and waived findings (both only
    passed in with ``--verbose``) left out."""
    return [f for f in findings if not f.suppressed and not f.waived]
