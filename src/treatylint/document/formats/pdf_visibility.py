"""Which text on a PDF page a reader sees: the content stream is walked once, keeping the state
that decides visibility, and every text-showing operator is classed as shown or hidden.

Hidden is: text render mode 3 or 7 (neither filled nor stroked), a white fill on a page where
nothing dark was painted before it (white on white), a starting point outside the page's media
box, an effective size under one point, and anything inside optional content (a layer) that the
document's default configuration switches off, including Form XObjects drawn there. The page is
then read twice: with the hidden text operators emptied (what the reader sees) and with only them
(what was hidden, reported). What is not modelled: text covered by an image or a box drawn on top
of it, white text on a dark image, clipping; those need a renderer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_FILL_PAINT = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh"}
_NEAR_WHITE = 0.97
_MARGIN = 5.0  # points outside the media box that still count as on the page
_TINY = 1.0  # points: smaller text is not read by anyone


def _num(value, default: float = 0.0) -> float:
    """A number operand, or ``default`` for what is not a finite number (a hostile stream may
    put a name, a string or a 5,000-digit integer where a number goes)."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return number if math.isfinite(number) else default


def _mul(m, n):
    """Matrix product m x n of PDF matrices (a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class _State:
    fill_white: bool = False
    render: int = 0
    ctm: tuple = _IDENTITY


@dataclass
class PageVisibility:
    """The classed operators of one page: indexes of hidden text operators with why."""

    hidden: dict[int, str] = field(default_factory=dict)  # operation index -> why
    hidden_forms: dict[int, str] = field(default_factory=dict)  # index of a Do drawing hidden content


def _ref(obj) -> int | None:
    ref = getattr(obj, "indirect_reference", None)
    if ref is not None:
        return ref.idnum
    return getattr(obj, "idnum", None)


def off_layers(reader) -> set[int]:
    """Object numbers of the optional-content groups the default configuration turns off."""
    try:
        properties = reader.trailer["/Root"].get("/OCProperties")
        if properties is None:
            return set()
        properties = properties.get_object()
        default = properties.get("/D", {}).get_object()
        groups = [g for g in properties.get("/OCGs", [])]
        off = {_ref(g) for g in default.get("/OFF", [])}
        if default.get("/BaseState") == "/OFF":
            on = {_ref(g) for g in default.get("/ON", [])}
            off |= {_ref(g) for g in groups if _ref(g) not in on}
        return {ref for ref in off if ref is not None}
    except Exception:  # noqa: BLE001 - a malformed /OCProperties hides nothing
        return set()


def _layer_off(obj, off: set[int]) -> bool:
    """An OCG (or an OCMD listing OCGs) that the default configuration turns off."""
    if not off or obj is None:
        return False
    try:
        ref = _ref(obj)
        if ref in off:
            return True
        resolved = obj.get_object()
        if resolved.get("/Type") == "/OCMD":
            members = resolved.get("/OCGs")
            members = members.get_object() if members is not None else []
            members = members if isinstance(members, list) else [members]
            refs = [_ref(m) for m in members]
            policy = resolved.get("/P", "/AnyOn")
            states = [r in off for r in refs]
            if not states:
                return False
            if policy == "/AllOn":
                return any(states)
            if policy == "/AnyOff":
                return not any(states)
            if policy == "/AllOff":
                return not all(states)
            return all(states)  # /AnyOn, the default
    except Exception:  # noqa: BLE001
        return False
    return False


def classify(operations: list, page, off: set[int]) -> PageVisibility:
    """Walk a page's operations once and class each text-showing operator."""
    result = PageVisibility()
    try:
        box = [float(v) for v in page.mediabox]
    except Exception:  # noqa: BLE001
        box = [0.0, 0.0, 612.0, 792.0]
    left, bottom, right, top = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        properties = resources.get("/Properties")
        properties = properties.get_object() if properties is not None else {}
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
    except Exception:  # noqa: BLE001
        properties, xobjects = {}, {}
    state = _State()
    stack: list[_State] = []
    marked: list[bool] = []  # per open marked-content sequence: inside a layer that is off
    dark_painted = False
    tlm = _IDENTITY
    size = 12.0
    leading = 0.0
    for index, (operands, operator) in enumerate(operations):
        if operator == b"q":
            stack.append(_State(state.fill_white, state.render, state.ctm))
        elif operator == b"Q":
            state = stack.pop() if stack else _State()
        elif operator == b"cm" and len(operands) == 6:
            state.ctm = _mul(tuple(_num(v) for v in operands), state.ctm)
        elif operator == b"g" and operands:
            state.fill_white = _num(operands[0]) >= _NEAR_WHITE
        elif operator == b"rg" and len(operands) == 3:
            state.fill_white = all(_num(v) >= _NEAR_WHITE for v in operands)
        elif operator == b"k" and len(operands) == 4:
            state.fill_white = all(_num(v) <= 1 - _NEAR_WHITE for v in operands)
        elif operator in (b"sc", b"scn"):
            numbers = [_num(v, -1) for v in operands if not str(v).startswith("/")]
            state.fill_white = bool(numbers) and len(numbers) in (1, 3) and all(v >= _NEAR_WHITE for v in numbers)
        elif operator == b"cs":
            state.fill_white = False
        elif operator in _FILL_PAINT:
            dark_painted = dark_painted or not state.fill_white
        elif operator == b"Tr" and operands:
            state.render = int(_num(operands[0])) if abs(_num(operands[0])) < 100 else 0
        elif operator == b"BT":
            tlm = _IDENTITY
        elif operator == b"Tf" and len(operands) == 2:
            size = _num(operands[1], 12.0)
        elif operator == b"TL" and operands:
            leading = _num(operands[0])
        elif operator in (b"Td", b"TD") and len(operands) == 2:
            tx, ty = _num(operands[0]), _num(operands[1])
            tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
            if operator == b"TD":
                leading = -ty
        elif operator == b"Tm" and len(operands) == 6:
            tlm = tuple(_num(v) for v in operands)
        elif operator == b"T*":
            tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
        elif operator in (b"BDC", b"BMC"):
            hidden = bool(marked and marked[-1])
            if operator == b"BDC" and len(operands) == 2 and operands[0] == "/OC":
                tag = operands[1]
                layer = properties.get(tag) if isinstance(tag, str) else tag
                hidden = hidden or _layer_off(layer, off)
            marked.append(hidden)
        elif operator == b"EMC":
            if marked:
                marked.pop()
        elif operator == b"Do" and operands:
            xobject = xobjects.get(operands[0]) if hasattr(xobjects, "get") else None
            in_off_layer = bool(marked and marked[-1])
            try:
                layer = xobject.get_object().get("/OC") if xobject is not None else None
            except Exception:  # noqa: BLE001
                layer = None
            if in_off_layer or _layer_off(layer, off):
                result.hidden_forms[index] = "content in a PDF layer that is switched off"
            else:
                dark_painted = True  # an image or form may be a dark background for what follows
        if operator in _SHOW:
            if operator in (b"'", b'"'):
                tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            why = None
            if marked and marked[-1]:
                why = "PDF text in a layer (optional content) that is switched off"
            elif state.render in (3, 7):
                why = f"PDF text drawn invisibly (text render mode {state.render})"
            elif state.fill_white and not dark_painted and state.render in (0, 2, 4, 6):
                why = "PDF text filled white on a white page"
            else:
                m = _mul(tlm, state.ctm)
                x, y = m[4], m[5]
                scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                if not (left - _MARGIN <= x <= right + _MARGIN and bottom - _MARGIN <= y <= top + _MARGIN):
                    why = "PDF text placed outside the page"
                elif 0 <= abs(size) * scale < _TINY:
                    why = f"PDF text {abs(size) * scale:.2g} points high"
            if why is not None:
                result.hidden[index] = why
    return result


def emptied(operands: list, operator: bytes) -> list:
    """The operands of a text-showing operator with its text removed (positioning kept)."""
    from pypdf.generic import ArrayObject, ByteStringObject

    if operator == b"TJ":
        return [ArrayObject()]
    if operator == b'"':
        return list(operands[:2]) + [ByteStringObject(b"")]
    return [ByteStringObject(b"")]
