"""Load rule packs: directories of YAML rule files, validated, with one clear error per problem.

Layout of a pack (the built-in one is ``rules/`` in the repository)::

    rules/
      provision-kinds.yml              how provisions are classified (not a rule)
      shared-patterns.yml              named word lists rules share with ``use: [name]``
      vague-offence/
        vague-political-term.yml       one rule
        vague-political-term.test.txt  its annotated fixtures (see ``treatylint test``)

A file may also hold several rules under a top-level ``rules:`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from treatylint.engine.rule_model import Pattern, Rule
from treatylint.errors import RuleError, UsageError

# libyaml's safe loader when PyYAML has it (same documents, ~10x faster than the pure-Python one)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS_FILE = "provision-kinds.yml"
SHARED_FILE = "shared-patterns.yml"  # named word lists several rules use (``use: [name]``)
MAX_RULE_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    source: Path

    @property
    def fixture(self) -> Path | None:
        candidate = self.source.with_name(self.source.stem + ".test.txt")
        return candidate if candidate.exists() else None


def builtin_rules_dir() -> Path:
    """The packaged rules (installed wheel) or the repository's ``rules/`` (source checkout)."""
    packaged = Path(str(resources.files("treatylint"))) / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def load_rules(directories: list[Path]) -> list[LoadedRule]:
    loaded: list[LoadedRule] = []
    seen: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(f"{directory}: rule directory not found")
    shared = _shared_patterns([builtin_rules_dir(), *directories])
    for directory in directories:
        files = sorted(p for p in directory.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
        for path in files:
            if path.name in (KINDS_FILE, SHARED_FILE):
                continue
            for rule in _load_file(path, shared):
                if rule.id in seen:
                    raise RuleError(f"{path}: rule {rule.id!r} is already defined in {seen[rule.id]}")
                seen[rule.id] = path
                loaded.append(LoadedRule(rule, path))
    return loaded


def _shared_patterns(directories: list[Path]) -> dict[str, dict]:
    """Named word lists from every ``shared-patterns.yml``, each validated like a pattern."""
    shared: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for directory in dict.fromkeys(directories):
        path = directory / SHARED_FILE
        if not path.is_file():
            continue
        data = _read_yaml(path)
        entries = data.get("patterns") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise RuleError(f"{path}: expected a 'patterns' mapping of names to word lists")
        for name, entry in entries.items():
            if name in shared:
                raise RuleError(f"{path}: pattern {name!r} is already defined in {origin[name]}")
            try:
                shared[name] = Pattern.model_validate(entry).model_dump(exclude_defaults=True)
            except ValidationError as exc:
                field, message = _first_error(exc)
                raise RuleError(f"{path}: pattern {name!r}, field '{field or 'pattern'}': {message}") from None
            origin[name] = path
    return shared


def _expand_uses(node: object, shared: dict[str, dict], where: str) -> object:
    """Replace every ``use: [name, ...]`` by the named word lists, placed before the block's own."""
    if isinstance(node, list):
        return [_expand_uses(item, shared, where) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _expand_uses(value, shared, where) for key, value in node.items()}
    names = node.pop("use", None)
    if names is None:
        return node
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        raise RuleError(f"{where}: 'use' must be a name or a list of names from {SHARED_FILE}")
    for name in reversed(names):
        if name not in shared:
            raise RuleError(f"{where}: 'use' names {name!r}, which {SHARED_FILE} does not define")
        for key, values in shared[name].items():
            node[key] = list(values) + list(node.get(key) or [])
    return node


def _read_yaml(path: Path) -> object:
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise RuleError(f"{path}: rule file is larger than 1 MB")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise RuleError(f"{path}: malformed YAML{where}: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file ({exc})") from None
    if data is None:
        raise RuleError(f"{path}: rule file is empty")
    return data


def _load_file(path: Path, shared: dict[str, dict]) -> list[Rule]:
    data = _read_yaml(path)
    if isinstance(data, dict) and "rules" in data and "id" not in data:
        entries = data["rules"]
        if not isinstance(entries, list):
            raise RuleError(f"{path}: 'rules' must be a list of rules")
    else:
        entries = [data]
    rules: list[Rule] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise RuleError(f"{path}: a rule must be a mapping of fields, not {type(entry).__name__}")
        rule_id = entry.get("id", "<no id>")
        entry = _expand_uses(entry, shared, f"{path}: rule {rule_id!r}")
        try:
            rules.append(Rule.model_validate(entry))
        except ValidationError as exc:
            field, message = _first_error(exc)
            raise RuleError(f"{path}: rule {rule_id!r}, field '{field or 'rule'}': {message}") from None
    return rules


def _first_error(exc: ValidationError) -> tuple[str, str]:
    """The dotted field and the message of pydantic's first error, for a one-line report."""
    error = exc.errors()[0]
    return ".".join(str(part) for part in error["loc"]), error["msg"].removeprefix("Value error, ")


def select_rules(rules: list[LoadedRule], select: list[str], ignore: list[str]) -> list[LoadedRule]:
    """Keep rules named by id, id prefix or category in ``select`` (all if empty), minus ``ignore``."""
    known = {r.rule.id for r in rules} | {r.rule.category for r in rules}

    def matches(loaded: LoadedRule, selector: str) -> bool:
        rule = loaded.rule
        return selector in (rule.id, rule.category) or rule.id.startswith(selector.rstrip("/") + "/")

    for selector in [*select, *ignore]:
        if selector not in known and not any(matches(r, selector) for r in rules):
            raise UsageError(f"unknown rule or category {selector!r} (see 'treatylint rules')")
    chosen = [r for r in rules if not select or any(matches(r, s) for s in select)]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]
