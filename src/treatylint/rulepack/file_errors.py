"""Where in a rule file a validation error is: the dotted field, pydantic's message (with the
closest field name for an unknown key) and the line, so that a bad pack gives one line naming
the file, the rule, the field and the line."""

from __future__ import annotations

import typing
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _first_error(exc: ValidationError, model: type[BaseModel] | None = None, path: Path | None = None,
                 prefix: list | None = None) -> tuple[str, str, str]:
    """The dotted field, the message of pydantic's first error (with the closest field name
    for an unknown one) and " (line N)" where ``path`` has it, for a one-line report."""
    errors = exc.errors()
    # an unknown field first: a misspelt one ('mesage') also makes the real one missing
    error = next((e for e in errors if e.get("type") == "extra_forbidden"), errors[0])
    loc = list(error["loc"])
    message = _one_line(str(error["msg"]).removeprefix("Value error, "))
    if error.get("type") == "extra_forbidden" and model is not None and loc:
        import difflib  # only for an error message

        known = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        message = f"unknown field {_short(str(loc[-1]))}"
        if close:
            message += f"; did you mean {close[0]!r}?"
        elif known:
            message += f"; the fields here are {', '.join(known)}"
    line = _line_of(path, [*(prefix or []), *loc]) if path is not None else None
    return ".".join(str(part) for part in loc), message, f" (line {line})" if line else ""


def _field_names(model: type[BaseModel], loc: list) -> list[str]:
    """The fields of the model found at ``loc`` inside ``model`` (through lists, dicts and
    optional values), or [] when ``loc`` does not lead to a model."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        target = _model_in(current)
        if target is None:
            return []
        field = target.model_fields.get(str(part))
        if field is None:
            if _is_mapping(current):
                continue  # a dict key such as a kind name
            return []
        current = field.annotation
    target = _model_in(current)
    return sorted(target.model_fields) if target is not None else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The pydantic model an annotation holds: itself, or inside list[...], X | None, dict[..., X]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _is_mapping(annotation: object) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(argument) for argument in typing.get_args(annotation))


def _line_of(path: Path, loc: list) -> int | None:
    """The YAML line of the node at ``loc`` (the deepest node that exists on the way)."""
    node = _composed(path)
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if getattr(key, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _line_of_value(path: Path, value: str) -> int | None:
    """The YAML line of the first scalar equal to ``value`` (a regex in a rule file)."""
    node = _composed(path)
    stack = [node] if node is not None else []
    while stack:  # depth first, in document order
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.value == value:
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([part for pair in node.value for part in pair]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _composed(path: Path):
    """The YAML node tree of a file already read and checked (only to report a line)."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except Exception:  # noqa: BLE001 - a line number is a nicety
        return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _short(value: object, limit: int = 60, quote: bool = True) -> str:
    """``repr(value)`` (or ``str`` when not ``quote``) cut to ``limit`` characters, one line."""
    text = repr(value) if quote else repr(str(value))[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
