"""Load rule packs: directories of YAML rule files, validated, with one clear error per problem.

Layout of a pack (the built-in one is ``rules/`` in the repository)::

    rules/
      provision-kinds.yml              how provisions are classified (not a rule)
      shared-patterns.yml              named word lists rules share with ``use: [name]``
      vague-offence/
        vague-political-term.yml       one rule
        vague-political-term.test.txt  its annotated fixtures (see ``treatylint test``)

A file may also hold several rules under a top-level ``rules:`` list.

A pack other than the built-in one may come from someone else's repository and is untrusted.
Its files are read as plain data (no YAML tags, anchors or aliases, bounded size and nesting),
validated field by field, and its regexes are probed for catastrophic backtracking and run
under a time budget (``patterns.BoundedRegex``). Every problem is one ``RuleError`` line that
names the file, and the rule, the YAML line and the field where there is one.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from treatylint.errors import RuleError, UsageError
from treatylint.rulepack.file_errors import _first_error, _line_of_value, _one_line, _short
from treatylint.rulepack.kinds_schema import KindConfig
from treatylint.rulepack.schema import BUILTIN, Pattern, Rule

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.settings import Settings

# libyaml's safe loader when PyYAML has it (same documents, ~10x faster than the pure-Python one)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS_FILE = "provision-kinds.yml"
SHARED_FILE = "shared-patterns.yml"  # named word lists several rules use (``use: [name]``)
MAX_RULE_FILE_BYTES = 1024 * 1024
MAX_YAML_DEPTH = 32  # lists and mappings inside each other (a rule needs 6)
MAX_PACK_DEPTH = 16  # folders inside a pack's folder (the built-in pack has one level)
MAX_USE_ITEMS = 100_000  # words and regexes 'use' may add to one file (a built-in rule file: 9 at most)
# the tags plain YAML data resolves to anyway: '!!str 12' is harmless, '!!python/...' is not
_DATA_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    source: Path

    @property
    def fixture(self) -> Path | None:
        # plain text, or Markdown/HTML for what only a format can show (hidden text)
        for suffix in FIXTURE_SUFFIXES:
            candidate = self.source.with_name(self.source.stem + ".test" + suffix)
            if candidate.exists():
                return candidate
        return None


FIXTURE_SUFFIXES = (".txt", ".md", ".html")


def builtin_rules_dir() -> Path:
    """The packaged rules (installed wheel) or the repository's ``rules/`` (source checkout)."""
    packaged = Path(str(resources.files("treatylint"))) / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def load_rule_set(settings: Settings) -> list[LoadedRule]:
    """The rules a run uses: the built-in pack (unless turned off), extra packs, then the
    settings' select and ignore. Here rather than in ``run`` so that ``rules`` and ``explain``
    import only the rule pack's modules, not the engine (start-up, docs/performance.md)."""
    directories = ([builtin_rules_dir()] if settings.builtin else []) + list(settings.rules)
    return select_rules(load_rules(directories), settings.select, settings.ignore)


def load_rules(directories: list[Path]) -> list[LoadedRule]:
    loaded: list[LoadedRule] = []
    seen: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            exists = directory.exists()
            problem = "is not a directory (a rule pack is a folder of rule files)" if exists else "rule directory not found"
            raise RuleError(f"{_shown(directory)}: {problem}")
    builtin = builtin_rules_dir()
    trusted = {directory: _is_builtin(directory, builtin) for directory in directories}
    shared = _shared_patterns([builtin, *directories])
    for directory in directories:
        for path in _pack_files(directory):
            if path.is_dir():
                raise RuleError(f"{_shown(path)}: is a directory, not a rule file (rename it or move it out of the pack)")
            if not path.is_file() or path.name in (KINDS_FILE, SHARED_FILE):
                continue
            for rule in _load_file(path, shared, trusted[directory]):
                if rule.id in seen:
                    raise RuleError(f"{_shown(path)}: rule {rule.id!r} is already defined in {_shown(seen[rule.id])}")
                seen[rule.id] = path
                loaded.append(LoadedRule(rule, path))
    untrusted = [d for d in directories if not trusted[d]]
    if untrusted:
        others = [r for r in loaded if _inside(r.source, untrusted)]
        _guard_packs(untrusted, [r for r in loaded if not _inside(r.source, untrusted)], others)
    return loaded


def _pack_files(directory: Path) -> list[Path]:
    """The ``.yml``/``.yaml`` entries under ``directory``, sorted: what ``rglob`` lists (symbolic
    links to folders listed, not followed), without its recursion (a pack of folders 1,000 deep
    would exhaust the stack) and refusing folders nested more than ``MAX_PACK_DEPTH`` deep."""
    found: list[Path] = []
    stack = [(directory, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        except OSError as exc:
            raise RuleError(f"{_shown(folder)}: cannot read rule folder ({exc.strerror or exc})") from None
        for name, is_folder in listed:
            path = folder / name
            if is_folder:
                if depth >= MAX_PACK_DEPTH:
                    raise RuleError(f"{_shown(path)}: the rule pack nests folders more than {MAX_PACK_DEPTH} deep")
                stack.append((path, depth + 1))
            if path.suffix in (".yml", ".yaml"):
                found.append(path)
    return sorted(found)


def _is_builtin(directory: Path, builtin: Path) -> bool:
    try:
        return directory.resolve() == builtin.resolve()
    except OSError:
        return False


def _inside(path: Path, directories: list[Path]) -> bool:
    return any(path.is_relative_to(d) for d in directories)


def _shown(path: Path | str) -> str:
    """A path for a one-line message: control, bidi and line-break characters escaped."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


def _shared_patterns(directories: list[Path]) -> dict[str, dict]:
    """Named word lists from every ``shared-patterns.yml``, each validated like a pattern (and,
    outside the built-in pack, its regexes probed and bounded like a rule's)."""
    shared: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    builtin = builtin_rules_dir()
    for directory in dict.fromkeys(directories):
        path = directory / SHARED_FILE
        if path.is_dir():
            raise RuleError(f"{_shown(path)}: is a directory, not a file of shared patterns")
        if not path.is_file():
            continue
        trusted = _is_builtin(directory, builtin)
        data = read_yaml(path, trusted)
        entries = data.get("patterns") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise RuleError(f"{_shown(path)}: expected a 'patterns' mapping of names to word lists")
        for name, entry in entries.items():
            if not isinstance(name, str):
                raise RuleError(f"{_shown(path)}: pattern name {_short(name)} must be text")
            if name in shared:
                raise RuleError(f"{_shown(path)}: pattern {name!r} is already defined in {_shown(origin[name])}")
            try:
                pattern = Pattern.model_validate(entry, context=BUILTIN if trusted else None)
            except ValidationError as exc:
                field, message, line = _first_error(exc, Pattern, path, ["patterns", name])
                raise RuleError(f"{_shown(path)}: pattern {name!r}, field '{field or 'pattern'}'{line}: {message}") from None
            if not trusted:
                for index, regex in enumerate(pattern.regex):
                    _probe_regex(regex, path, f"pattern {name!r}, field 'regex.{index}'")
            shared[name] = pattern.model_dump(exclude_defaults=True)
            origin[name] = path
    return shared


def _expand_uses(node: object, shared: dict[str, dict], where: str, budget: list[int] | None = None) -> object:
    """Replace every ``use: [name, ...]`` by the named word lists, placed before the block's own
    (at most ``MAX_USE_ITEMS`` words and regexes added per file: 'use' must not be a way to
    turn a small file into millions of entries)."""
    budget = [MAX_USE_ITEMS] if budget is None else budget
    if isinstance(node, list):
        return [_expand_uses(item, shared, where, budget) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _expand_uses(value, shared, where, budget) for key, value in node.items()}
    names = node.pop("use", None)
    if names is None:
        return node
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        raise RuleError(f"{where}: 'use' must be a name or a list of names from {SHARED_FILE}")
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise RuleError(f"{where}: 'use' must list names from {SHARED_FILE}, not {_short(name)}")
        if name not in shared:
            raise RuleError(f"{where}: 'use' names {_short(name)}, which {SHARED_FILE} does not define")
        if name in seen:
            raise RuleError(f"{where}: 'use' names {name!r} more than once")
        seen.add(name)
    for name in reversed(names):
        for key, values in shared[name].items():
            own = node.get(key)
            if own is not None and not isinstance(own, list):
                raise RuleError(f"{where}: '{key}' must be a list (it is added to the words of 'use')")
            budget[0] -= len(values)
            if budget[0] < 0:
                raise RuleError(
                    f"{where}: 'use' adds more than {MAX_USE_ITEMS:,} words and regexes to this file; "
                    "name fewer lists"
                )
            node[key] = list(values) + list(own or [])
    return node


def read_yaml(path: Path, trusted: bool = False) -> object:
    """One rule, shared-patterns or kinds file as plain data, or a one-line ``RuleError``.

    Refused: more than 1 MB, binary or non-UTF-8 text, malformed YAML, and (outside the
    built-in pack, whose files are reviewed) anchors and aliases (a few lines can expand into
    billions of nodes), tags other than plain data ones (``!!python/object/apply:...``) and
    lists or mappings nested more than ``MAX_YAML_DEPTH`` deep (libyaml recurses)."""
    where = _shown(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            kind = "a directory" if path.is_dir() else "not a regular file"
            raise RuleError(f"{where}: is {kind}, not a rule file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleError(f"{where}: cannot read rule file ({exc.strerror or exc})") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleError(f"{where}: file is larger than 1 MB, the limit for a rule pack's files (write one rule per file)")
    if b"\0" in data:
        raise RuleError(f"{where}: is a binary file, not YAML text (a rule file is UTF-8 text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RuleError(
            f"{where}: is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8"
        ) from None
    try:
        if not trusted:
            _check_events(text, where)
        loaded = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise RuleError(f"{where}: malformed YAML{line}: {_one_line(problem)}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an integer of 10,000 digits
        problem = "a number with too many digits" if "digits" in str(exc) else _one_line(str(exc))[:200]
        raise RuleError(f"{where}: malformed YAML: {problem}") from None
    if loaded is None:
        raise RuleError(f"{where}: rule file is empty")
    return loaded


def _check_events(text: str, where: str) -> None:
    """Scan the YAML events (libyaml, before anything is built from them) for what a pack
    from elsewhere may not use: anchors and aliases, tags that are not plain data, deep nesting."""
    loader = SafeLoader(text)
    depth = 0
    try:
        while True:
            try:
                event = loader.get_event()
            except yaml.YAMLError as exc:
                # PyYAML 6.0.4 and later stop deep nesting themselves; say it in our words either way.
                if "nesting depth" not in str(exc):
                    raise
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 1 if mark is not None else 0
                raise RuleError(
                    f"{where}: line {line} nests lists and mappings more than {MAX_YAML_DEPTH} levels deep; "
                    "a rule needs a handful"
                ) from None
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                name = _short(event.anchor, 40, quote=False)
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                raise RuleError(
                    f"{where}: line {line} uses YAML anchors and aliases ({sign}{name}), which a rule pack's "
                    f"files may not use: write the list out (a rule can name a list of {SHARED_FILE} "
                    "with 'use: [name]')"
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _DATA_TAGS:
                shown = _short(tag.replace("tag:yaml.org,2002:", "!!"), 80)
                raise RuleError(
                    f"{where}: malformed YAML (line {line}): the tag {shown} is not allowed; rule files are "
                    "plain data (text, numbers, lists and mappings): remove the tag"
                )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise RuleError(
                        f"{where}: line {line} nests lists and mappings more than {MAX_YAML_DEPTH} levels deep; "
                        "a rule needs a handful"
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _load_file(path: Path, shared: dict[str, dict], trusted: bool = False) -> list[Rule]:
    data = read_yaml(path, trusted)
    several = isinstance(data, dict) and "rules" in data and "id" not in data
    if several:
        entries = data["rules"]
        if not isinstance(entries, list):
            raise RuleError(f"{_shown(path)}: 'rules' must be a list of rules")
    else:
        entries = [data]
    rules: list[Rule] = []
    budget = [MAX_USE_ITEMS]  # for the whole file
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RuleError(f"{_shown(path)}: a rule must be a mapping of fields, not {type(entry).__name__}")
        rule_id = entry.get("id", "<no id>")
        shown_id = repr(rule_id) if isinstance(rule_id, str) and len(rule_id) <= 80 else _short(rule_id)
        entry = _expand_uses(entry, shared, f"{_shown(path)}: rule {shown_id}", budget)
        try:
            rules.append(Rule.model_validate(entry, context=BUILTIN if trusted else None))
        except ValidationError as exc:
            field, message, line = _first_error(exc, Rule, path, ["rules", index] if several else [])
            raise RuleError(f"{_shown(path)}: rule {shown_id}, field '{field or 'rule'}'{line}: {message}") from None
    return rules


# -- packs from elsewhere: regexes probed at load time, compiled bounded -------------------------


def _rule_patterns(rule: Rule) -> list[tuple[str, Pattern]]:
    """Every pattern block of a rule with its field path ('match', 'unless.0', ...)."""
    found: list[tuple[str, Pattern | None]] = [
        ("match", rule.match),
        ("scope.mentions", rule.scope.mentions),
        ("scope.if_document_mentions", rule.scope.if_document_mentions),
        ("scope.if_title_mentions", rule.scope.if_title_mentions),
    ]
    for name in ("require", "unless", "aggravate"):
        found += [(f"{name}.{i}", block) for i, block in enumerate(getattr(rule, name))]
    found += [(f"require.{i}.displaced_by", r.displaced_by) for i, r in enumerate(rule.require)]
    return [(field, pattern) for field, pattern in found if pattern is not None]


def _probe_regex(regex: str, path: Path, what: str) -> None:
    """Refuse a pack's regex that runs away on adversarial text built from its own words."""
    from treatylint.rulepack.patterns import PROBE_SECONDS, probe

    failed = probe(regex)
    if failed is None:
        return
    line = _line_of_value(path, regex)
    at = f" (line {line})" if line else ""
    raise RuleError(
        f"{_shown(path)}: {what}{at}: regex {regex!r} backtracks catastrophically (more than "
        f"{PROBE_SECONDS * 1000:.0f} ms on a test string of {failed}): a repeat inside a repeat, or "
        "repeats next to each other that can match the same characters, as in '(a|aa)+' or "
        "'\\w+\\w+'; bound the repeats, e.g. '\\w{1,30}' instead of '\\w+'"
    )


def _guard_packs(directories: list[Path], trusted_rules: list[LoadedRule], rules: list[LoadedRule]) -> None:
    """The rules of packs other than the built-in one: probe each regex (refusing the pack at
    load time when one runs away), have the engine compile their patterns bounded, and check
    the packs' own ``provision-kinds.yml``."""
    from treatylint.rulepack.patterns import mark_pattern_untrusted, pattern_sources

    # what the built-in rules and shared patterns compile stays on ``re`` (also when a pack
    # copies it, or runs without the built-in rules in a process that later loads them)
    builtin = [p for r in trusted_rules for _, p in _rule_patterns(r.rule)]
    builtin += [Pattern.model_validate(entry) for entry in _shared_patterns([builtin_rules_dir()]).values()]
    trusted = frozenset().union(*(pattern_sources(p) for p in builtin))
    for loaded in rules:
        rule = loaded.rule
        for field, pattern in _rule_patterns(rule):
            for index, regex in enumerate(pattern.regex):
                if f"(?:{regex})" not in trusted:
                    _probe_regex(regex, loaded.source, f"rule {rule.id!r}, field '{field}.regex.{index}'")
            mark_pattern_untrusted(pattern, f"{_shown(loaded.source)}: rule {rule.id!r}, field '{field}'", trusted)
    for directory in directories:
        kinds = directory / KINDS_FILE
        if kinds.is_dir():
            raise RuleError(f"{_shown(kinds)}: is a directory, not a provision kinds file")
        if kinds.is_file():
            load_kind_config(kinds)


def load_kind_config(path: Path):
    """A ``provision-kinds.yml`` validated (``kinds_schema.KindConfig``); outside the built-in
    pack read as untrusted, its cue regexes probed and compiled bounded."""
    trusted = _is_builtin(path.parent, builtin_rules_dir())
    data = read_yaml(path, trusted)
    try:
        config = KindConfig.model_validate(data, context=BUILTIN if trusted else None)
    except ValidationError as exc:
        field, message, line = _first_error(exc, KindConfig, path)
        raise RuleError(f"{_shown(path)}: field '{field or 'kinds'}'{line}: {message}") from None
    if not trusted:
        from treatylint.rulepack.patterns import mark_untrusted

        builtin = _builtin_cues()
        cues = [
            (f"kinds.{kind.value}.{name}", regex)
            for kind, entry in config.kinds.items()
            for name in ("caption", "body", "division", "opening", "field_opening")
            for regex in getattr(entry, name)
        ] + [(f"clauses.{kind.value}", regex) for kind, regexes in config.clauses.items() for regex in regexes]
        for field, regex in cues:
            if regex in builtin:
                continue
            _probe_regex(regex, path, f"field '{field}'")
            mark_untrusted(regex, f"{_shown(path)}: field '{field}'", (regex,))
    return config


@lru_cache(maxsize=1)
def _builtin_cues() -> frozenset[str]:
    """The cue regexes of the built-in ``provision-kinds.yml`` (a pack that copies it keeps
    them on ``re``, exactly as the built-in classifier runs them)."""
    path = builtin_rules_dir() / KINDS_FILE
    if not path.is_file():
        return frozenset()
    config = KindConfig.model_validate(read_yaml(path, trusted=True), context=BUILTIN)
    cues = {r for entry in config.kinds.values() for name in ("caption", "body", "division", "opening", "field_opening") for r in getattr(entry, name)}
    return frozenset(cues | {r for regexes in config.clauses.values() for r in regexes})


def select_rules(rules: list[LoadedRule], select: list[str], ignore: list[str]) -> list[LoadedRule]:
    """Keep rules named by id, id prefix or category in ``select`` (all if empty), minus ``ignore``."""
    from treatylint.rulepack import selectors

    for selector in selectors.unknown([*select, *ignore], rules):
        raise UsageError(f"unknown rule or category {selector!r} (see 'treatylint rules')")
    return selectors.select(rules, select, ignore)
