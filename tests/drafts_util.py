"""Small synthetic drafts for the configuration, waiver and bulk-input tests."""

from __future__ import annotations

import io
import zipfile
from html import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PURPOSE = ("Purpose", "The purpose of this Convention is to strengthen international cooperation against computer-related crime.")
ACCESS = ("Illegal access", "Each State Party shall establish as a criminal offence, when committed intentionally and without right, the access to the whole or any part of a computer system.")
DEVICES = ("Misuse of devices", "Each State Party shall establish as a criminal offence, when committed intentionally and without right, the production of a computer program designed for the purpose of committing the offence established in Article 3, with intent that it be used for that purpose, except for authorised testing or protection of a computer system.")
RIGHTS = ("Respect for human rights", "Each State Party shall ensure that the implementation of its obligations under this Convention is consistent with its obligations under international human rights law.")
EXTREMISM = ("Dissemination of extremist materials", "Each State Party shall establish as a criminal offence the distribution by means of a computer system of extremist materials, or of information justifying extremist activity, and the provision of access to such materials.")
FALSE_INFO = ("False information", "Each State Party shall establish as a criminal offence the dissemination of false information undermining public order.")
ENTRY = ("Entry into force", "This Convention shall enter into force on the ninetieth day after the deposit of the fortieth instrument of ratification.")


def draft(*articles: tuple[str, str], title: str = "Draft Convention on Computer-Related Crime") -> str:
    parts = [title, ""]
    for number, (caption, body) in enumerate(articles, start=1):
        parts += [f"Article {number}", "", caption, "", body, ""]
    return "\n".join(parts)


# Article 1 has nine lines of lone bracketed words (18 readings, more than triage/options.py's 16),
# no finding at warning or above; Article 2's one bracket decides a finding. A text-integrity
# warning in Article 1 (hidden text, a disguised word) must not spend the readings there.
BRACKETED_ITEMS = ("Consultations", "\n".join(
    f"{i}. The Parties shall [promptly] consult each other on the [practical] matters of item {i}." for i in range(1, 10)))
BRACKETED_OFFENCE = ("Offences", "Each State Party shall establish as a criminal offence the dissemination of [extremist] materials.")


# Version 1: the extremism offence is Article 7. Version 2 inserts a new Article 3, so every later
# article moves up by one and the cross-reference in "Misuse of devices" is renumbered too.
V1 = draft(PURPOSE, ("Use of terms", "For the purposes of this Convention, \"computer system\" means any device that performs automatic processing of data."), ACCESS, DEVICES, ("Data interference", "Each State Party shall establish as a criminal offence, when committed intentionally and without right, the deletion of computer data."), RIGHTS, EXTREMISM, ENTRY)
V2 = draft(
    ("Purpose", "The purpose of this Convention is to prevent and combat computer-related crime and to strengthen international cooperation."),
    ("Use of terms", "For the purposes of this Convention, \"computer system\" means any device that performs automatic processing of data."),
    FALSE_INFO, ACCESS, (DEVICES[0], DEVICES[1].replace("Article 3", "Article 4")),
    ("Data interference", "Each State Party shall establish as a criminal offence, when committed intentionally and without right, the deletion of computer data."),
    RIGHTS, EXTREMISM, ENTRY,
)


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args: str, cwd, stdin: bytes | None = None) -> Result:
    """Run ``treatylint`` in-process (no interpreter start-up or spaCy import per call), from ``cwd``."""
    import contextlib
    import io
    import os
    import sys

    from treatylint.cli import main
    from treatylint.settings import find_config, load_config

    find_config.cache_clear()
    load_config.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    old_argv, old_stdin, old_cwd = sys.argv, sys.stdin, os.getcwd()
    sys.argv = ["treatylint", *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""))
    os.chdir(cwd)
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.argv, sys.stdin = old_argv, old_stdin
        os.chdir(old_cwd)
    return Result(code, out.getvalue(), err.getvalue())


def word_package(body: str, parts: dict[str, str] | None = None) -> bytes:
    """The smallest .docx Word and the reader accept: ``body`` is the WordprocessingML inside
    ``<w:body>``; ``parts`` are further members (``word/footnotes.xml`` ...)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def word_document(paragraphs: list[str]) -> bytes:
    """A .docx of plain paragraphs, one run each."""
    return word_package("".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p, quote=False)}</w:t></w:r></w:p>' for p in paragraphs))
