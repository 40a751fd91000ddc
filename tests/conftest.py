"""Shared fixtures: the real treaty corpus (beside the checkout) and a linter with built-in rules."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The results cache lives in the user's cache folder; the tests (and the commands they start,
# which inherit this) use a temporary one instead of the real home directory.
os.environ.setdefault("TREATYLINT_CACHE_DIR", tempfile.mkdtemp(prefix="treatylint-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "treaties"
BUDAPEST = "convention-on-cybercrime-BWBV0001839.txt"
ETS189 = "additional-protocol-to-the-convention-on-cybercrime-BWBV0004845.txt"


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"treaty corpus not available at {CORPUS}")
    return path


@pytest.fixture(scope="session")
def linter():
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    return Linter(Settings())


@pytest.fixture(scope="session")
def verbose_linter():
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    return Linter(Settings(verbose=True))
