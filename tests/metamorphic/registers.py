"""Register rewrites: the same legal act in another drafting register.

A draft says what it does in many registers: "Each Party shall adopt ... measures ... to
establish as criminal offences ... the following conduct" (a convention), "Any person who ...
commits an offence" (a penal code), "You commit a crime if you ..." (a plain-language bill),
"The Members are to ..." (a code of practice), "Each Government will ..." (an exchange of notes).
A reader of legal acts (``engine/acts.py``) must give each register the same kind and the same
findings. Each register here rewrites the operative modality, voice or form of a real sentence and
leaves everything else (headings, numbering, captions, the conduct itself) as it was, so a test can
require the rewrite to read like the original.

The registers are written from the drafting conventions, never from a blind draft: a register
names a CLASS of wording (the modality of obligation, the penal-code offence, the plain-language
prohibition, the grant of a power, the duty put on providers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# -- the modality of obligation ------------------------------------------------------------------

# a subject that reads as plural: the word before the modal ("States Parties", "authorities", "they")
_PLURAL_WORD = re.compile(r"(?:[A-Za-z]{2,}(?<![su])s|[Tt]hey|[Ww]e|[Pp]arties|[Mm]embers)$")
_SINGULAR_EXCEPTIONS = {"this", "its", "is", "was", "has", "his", "thus", "as", "analysis", "basis", "process", "access"}


def _plural(before: str) -> bool:
    words = re.findall(r"[A-Za-z]+", before[-60:])
    if not words:
        return False
    last = words[-1]
    if last.lower() in _SINGULAR_EXCEPTIONS:
        return False
    return bool(_PLURAL_WORD.search(last))


def _modal(replace_singular: str, replace_plural: str, negative_singular: str, negative_plural: str) -> Callable[[str], str]:
    """Every "shall" (and "shall not") rewritten, agreeing with the subject before it."""

    def rewrite(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            plural = _plural(text[: m.start()])
            capital = m.group(1)[0].isupper()
            if m.group(2):
                out = negative_plural if plural else negative_singular
            else:
                out = replace_plural if plural else replace_singular
            return out[0].upper() + out[1:] if capital else out

        return re.sub(r"\b([Ss]hall)(\s+not)?\b", one, text)

    return rewrite


# The State's own undertaking ("Each Party undertakes to adopt ..."): only a State subject can
# undertake or agree; "the request shall be made" stays as it was.
_STATE_SUBJECT = r"(?:(?:Each|Every|A|The|each|every|a|the)\s+(?:State\s+)?(?:Party|Contracting\s+Party|Member\s+State|Government|Member)|(?:States\s+)?Parties|Member\s+States|Contracting\s+Parties|Governments|Members)"


def _state_modal(singular: str, plural: str, negative_singular: str, negative_plural: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            subject = m.group(1)
            is_plural = _plural(subject)
            if m.group(3):
                return f"{subject}{m.group(2)}{negative_plural if is_plural else negative_singular}"
            return f"{subject}{m.group(2)}{plural if is_plural else singular}"

        return re.sub(rf"\b({_STATE_SUBJECT})(\s+)shall(\s+not)?\b", one, text)

    return rewrite


# -- criminalisation: the convention form rewritten into other forms -------------------------------

# "Each Party shall adopt such legislative and other measures as may be necessary to establish as
# criminal offences under its domestic law, when committed intentionally[, and without right], the
# access ...": (who) (intent aside) (conduct)
_CONVENTION_OFFENCE = re.compile(
    r"(?P<who>(?:Each|Every)\s+(?:State\s+)?Party|States\s+Parties|The\s+Parties)\s+shall\s+"
    r"(?:adopt\s+such\s+legislative\s+and\s+other\s+measures\s+as\s+may\s+be\s+necessary\s+to\s+|"
    r"(?:also\s+)?(?:consider\s+)?)"
    r"(?:establish|establishing)\s+as\s+(?:a\s+)?criminal\s+offen[cs]es?"
    r"(?:\s+under\s+its\s+domestic\s+law)?"
    r"(?P<aside>,?\s*when\s+committed\s+intentionally(?:\s+and\s+without\s+right)?\s*,?)?\s*"
    r"(?P<conduct>[^\n]+)"
)


def _intent(m: re.Match[str]) -> str:
    aside = m.group("aside") or ""
    words = []
    if "intentionally" in aside:
        words.append("intentionally")
    if "without right" in aside:
        words.append("without right")
    return " and ".join(words)


def _conduct(m: re.Match[str]) -> tuple[str, str]:
    """(the conduct without its final stop, what ends it: "." or ":" for a list that follows)."""
    conduct = m.group("conduct").rstrip()
    end = conduct[-1] if conduct[-1:] in ".:;" else "."
    return conduct[:-1].rstrip() if conduct[-1:] in ".:;" else conduct, end


def _noun(conduct: str) -> str:
    """The conduct as a noun phrase ("the access to ..."; "following conduct" -> "the following conduct")."""
    if re.match(r"(?i)(?:the|any|a|an)\b", conduct):
        return conduct[0].lower() + conduct[1:]
    return conduct


def _offence_rewrite(build: Callable[[str, str, str, str], str]) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            conduct, end = _conduct(m)
            if not conduct:
                return m.group(0)
            return build(m.group("who"), _intent(m), _noun(conduct), end)

        return _CONVENTION_OFFENCE.sub(one, text)

    return rewrite


def _aside(intent: str) -> str:
    return f", {intent}," if intent else ""


def _it_is_an_offence(who: str, intent: str, conduct: str, end: str) -> str:
    return f"Under the domestic law of {_of(who)}, it is a criminal offence to engage{_aside(intent)} in {conduct}{end}"


def _person_commits(who: str, intent: str, conduct: str, end: str) -> str:
    if end == ":":
        return f"Any person who{_aside(intent)} engages in {conduct} commits an offence:"
    return f"Any person commits an offence who{_aside(intent)} engages in {conduct}{end}"


def _guilty_if(who: str, intent: str, conduct: str, end: str) -> str:
    return f"A person is guilty of an offence if the person{_aside(intent)} engages in {conduct}{end}"


def _shall_be_punishable(who: str, intent: str, conduct: str, end: str) -> str:
    head = conduct[0].upper() + conduct[1:]
    return f"{head}{_aside(intent)} shall be punishable under the domestic law of {_of(who)}{end}"


def _punishable_by(who: str, intent: str, conduct: str, end: str) -> str:
    head = conduct[0].upper() + conduct[1:]
    return f"{head}{_aside(intent)} is punishable by imprisonment or a fine under the domestic law of {_of(who)}{end}"


def _no_person_may(who: str, intent: str, conduct: str, end: str) -> str:
    # the prohibition, and its penalty in a sentence of its own
    if end == ":":  # a list follows: the sanction goes before it
        return f"No person may{_aside(intent)} engage in {conduct} (a contravention is punishable by imprisonment or a fine):"
    return f"No person may{_aside(intent)} engage in {conduct}{end} A contravention is punishable by imprisonment or a fine."


def _prohibited(who: str, intent: str, conduct: str, end: str) -> str:
    head = conduct[0].upper() + conduct[1:]
    if end == ":":
        return f"{head}{_aside(intent)} is prohibited (whoever contravenes this prohibition is liable on conviction to imprisonment):"
    return f"{head}{_aside(intent)} is prohibited{end} Whoever contravenes this prohibition is liable on conviction to imprisonment."


def _you_must_not(who: str, intent: str, conduct: str, end: str) -> str:
    if end == ":":
        return f"You must not{_aside(intent)} engage in {conduct} (if you do, you commit a crime):"
    return f"You must not{_aside(intent)} engage in {conduct}{end} If you do, you commit a crime."


def _you_commit_a_crime(who: str, intent: str, conduct: str, end: str) -> str:
    if end == ":":
        return f"You commit a crime if you{_aside(intent)} engage in {conduct}:"
    return f"You commit a crime if you{_aside(intent)} engage in {conduct}{end}"


def _of(who: str) -> str:
    return "each Party" if re.match(r"(?i)(?:each|every)", who) else "the Parties"


# -- powers --------------------------------------------------------------------------------------

_POWER_VERBS = r"order|require|compel|direct|demand|request|search|seize|intercept|collect|obtain|access|preserve|record"
_AUTHORITY = r"(?:competent\s+authorit(?:y|ies)|authorit(?:y|ies)|police(?:\s+officers?)?|officers?|prosecutors?|Minister|investigators?|agenc(?:y|ies))"


def _power(phrase_singular: str, phrase_plural: str) -> Callable[[str], str]:
    """"The competent authority may order" -> "... is empowered to order"; "empower its competent
    authorities to order" -> "ensure that its competent authorities are empowered to order"."""

    def rewrite(text: str) -> str:
        def may(m: re.Match[str]) -> str:
            plural = _plural(m.group(1))
            return f"{m.group(1)} {phrase_plural if plural else phrase_singular} {m.group(2)}"

        def empower(m: re.Match[str]) -> str:
            plural = _plural(m.group(2))
            return f"ensure that {m.group(1)}{m.group(2)} {phrase_plural if plural else phrase_singular} {m.group(3)}"

        text = re.sub(rf"\b((?:[Tt]he|[Aa]ny|[Ii]ts|[Aa])\s+(?:\w+\s+)?{_AUTHORITY})\s+may\s+({_POWER_VERBS})\b", may, text)
        return re.sub(rf"\bempower\s+((?:its|their|the)\s+)({_AUTHORITY})\s+to\s+({_POWER_VERBS})\b", empower, text)

    return rewrite


# -- duties on providers ---------------------------------------------------------------------------

_PROVIDERS = r"(?:(?:the|all|every|any)\s+)?(?:service\s+providers?|providers?|operators?|platforms?|Qualifying\s+Providers?)"


def _provider_duty(build: Callable[[str], str]) -> Callable[[str], str]:
    """"<State> shall ensure that service providers remove ..." -> "Providers must remove ..."."""

    def rewrite(text: str) -> str:
        return re.sub(
            rf"\b{_STATE_SUBJECT}\s+shall\s+(?:adopt\s+[^.;:]{{0,80}}?\s+to\s+)?ensure\s+that\s+({_PROVIDERS})\s+((?!shall\b|are\b|is\b|may\b)[a-z]+)\b",
            lambda m: build(m.group(1)) + " " + m.group(2),
            text,
        )

    return rewrite


def _bare(providers: str) -> tuple[str, str]:
    """(singular, plural) of the providers named, without article: "service provider(s)"."""
    p = re.sub(r"^(?:the|all|every|any)\s+", "", providers, flags=re.I)
    singular = p[:-1] if p.endswith("s") else p
    return singular, singular + "s"


def _upper(s: str) -> str:
    return s[0].upper() + s[1:]


def _providers_must(providers: str) -> str:
    return f"{_upper(_bare(providers)[1])} must"


def _providers_required(providers: str) -> str:
    return f"{_upper(_bare(providers)[1])} are required to"


def _duty_of_every(providers: str) -> str:
    return f"It is the duty of every {_bare(providers)[0]} to"


# -- the registers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    name: str
    family: str  # modality, offence, power, provider
    rewrite: Callable[[str], str]


REGISTERS: list[Register] = [
    Register("will", "modality", _modal("will", "will", "will not", "will not")),
    Register("must", "modality", _modal("must", "must", "must not", "must not")),
    Register("is-to", "modality", _modal("is to", "are to", "is not to", "are not to")),
    Register("undertakes-to", "modality", _state_modal("undertakes to", "undertake to", "undertakes not to", "undertake not to")),
    Register("agrees-to", "modality", _state_modal("agrees to", "agree to", "agrees not to", "agree not to")),
    Register("commits-to", "modality", _state_modal("commits to", "commit to", "commits not to", "commit not to")),
    Register("is-obliged-to", "modality", _state_modal("is obliged to", "are obliged to", "is obliged not to", "are obliged not to")),
    Register("it-is-an-offence", "offence", _offence_rewrite(_it_is_an_offence)),
    Register("person-commits", "offence", _offence_rewrite(_person_commits)),
    Register("guilty-if", "offence", _offence_rewrite(_guilty_if)),
    Register("shall-be-punishable", "offence", _offence_rewrite(_shall_be_punishable)),
    Register("punishable-by", "offence", _offence_rewrite(_punishable_by)),
    Register("no-person-may", "offence", _offence_rewrite(_no_person_may)),
    Register("prohibited", "offence", _offence_rewrite(_prohibited)),
    Register("you-must-not", "offence", _offence_rewrite(_you_must_not)),
    Register("you-commit-a-crime", "offence", _offence_rewrite(_you_commit_a_crime)),
    Register("is-empowered-to", "power", _power("is empowered to", "are empowered to")),
    Register("has-the-power-to", "power", _power("has the power to", "have the power to")),
    Register("is-entitled-to", "power", _power("is entitled to", "are entitled to")),
    Register("can", "power", _power("can", "can")),
    Register("providers-must", "provider", _provider_duty(_providers_must)),
    Register("providers-are-required", "provider", _provider_duty(_providers_required)),
    Register("duty-of-every-provider", "provider", _provider_duty(_duty_of_every)),
]
BY_NAME = {r.name: r for r in REGISTERS}


def reregister(text: str, register: Register) -> str:
    """``text`` with its operative wording in ``register`` (annotation lines ``#!`` untouched)."""
    out = []
    for line in text.splitlines(keepends=True):
        out.append(line if line.lstrip().startswith("#!") else register.rewrite(line))
    return "".join(out)
