"""The metamorphic tests import their helpers as the ``metamorphic`` package (tests/ on the path)."""

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
