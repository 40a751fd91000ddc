"""One round of a draft, checked the normal way: the same session ``treatylint check`` uses
(config, rules, waivers), so a diff reports exactly what ``check`` would on each round.

Candidates that mitigating language suppressed are kept apart: they name the safeguards the
engine saw, which is how a diff tells that "necessary and proportionate" went missing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from treatylint.diff.units import Unit, units_of
from treatylint.document.model import Document
from treatylint.findings import Finding


@dataclass
class Round:
    name: str
    document: Document
    units: list[Unit]
    findings: list[Finding]  # as ``check`` reports them
    candidates: list[Finding] = field(default_factory=list)  # suppressed by mitigating language
    notices: list[str] = field(default_factory=list)  # what the reader and parser had to guess

    def unit_of(self, finding: Finding) -> Unit | None:
        """The provision a finding is on (None: the document). Found by the finding's offset, so
        two provisions with one label (an annex's "Article 1") are never confused."""
        if finding.provision is None:
            return None
        provisions = self.document.all_provisions()
        provision = self.document.provision_at(finding.start)
        if provision is not None and provision.label == finding.provision:
            index = next((i for i, p in enumerate(provisions) if p is provision), None)
            if index is not None and index < len(self.units):
                return self.units[index]
        return next((u for u in self.units if u.label == finding.provision), None)


def from_result(name: str, document: Document, findings: list[Finding]) -> Round:
    """A round from a check result made with suppressed candidates kept (verbose)."""
    reported = [f for f in findings if not f.suppressed and not f.waived]
    suppressed = [f for f in findings if f.suppressed]
    return Round(name, document, units_of(document), reported, suppressed)


def check_round(session, path: Path | None, name: str, data: bytes | None = None) -> Round:
    """Check one round from a file, or from ``data`` (a git revision) under ``name``.

    ``session`` is a ``Session`` built with ``verbose=True`` (so suppressed candidates come back)."""
    from treatylint.run.inputs import Input

    if data is not None:
        result = session.check_one(Input(None, name), stdin=io.BytesIO(data))
    else:
        assert path is not None
        result = session.check_one(Input(path, name))
    checked = from_result(name, result.document, result.findings)
    checked.notices = list(result.notices)
    return checked
