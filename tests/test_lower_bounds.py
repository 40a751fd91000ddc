"""constraints/lower-bounds.txt pins the oldest version of each dependency that pyproject.toml
allows; .ci/run installs with it and runs the whole suite. These tests keep the two files in
step: a bound raised in one and not the other would test versions nobody is promised."""

from __future__ import annotations

import sys

from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONSTRAINTS = REPO / "constraints" / "lower-bounds.txt"


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {(r := Requirement(text)).name.lower(): r for text in requirements}  # markers too: tomli


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line!r}"
            assert name.strip().lower() not in pins, f"{name.strip()} is pinned twice"
            pins[name.strip().lower()] = version.strip()
    return pins


def test_every_dependency_is_pinned_at_its_lower_bound():
    declared, pins = _declared(), _pins()
    assert set(pins) == set(declared), (set(pins) ^ set(declared))
    for name, requirement in declared.items():
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert lower, f"{name} has no lower bound in pyproject.toml"
        pin, bound = Version(pins[name]), Version(lower[0])
        assert requirement.specifier.contains(pin), (name, str(pin))
        # the bound's first release: 'regex>=2023' is 2023.3.22, 'pyyaml>=6' is 6.0
        assert pin.release[: len(bound.release)] == bound.release, (
            f"{name}: pinned {pin}, but pyproject.toml allows {requirement.specifier}")


def test_ci_installs_with_the_constraints_and_without_a_cache():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "constraints/lower-bounds.txt" in script
    assert "PIP_NO_CACHE_DIR=1" in script
    assert 'python -m pytest' in script and "5)" in script
