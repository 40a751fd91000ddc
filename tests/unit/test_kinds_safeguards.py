"""What `safeguard` means: an article that protects persons from what the instrument lets States
do. A covering safeguard ("Conditions and safeguards") limits the powers it names; a declaratory
one (a human-rights clause, a limit on the use of data received, a remedy) is reported as
`safeguard` while the rules keep reading it as the kind it stands among (``reads_as``)."""

from __future__ import annotations

import json

import pytest

from drafts_util import cli
from treatylint.document.model import ProvisionKind
from treatylint.document.parser import parse_document
from treatylint.run.linter import load_classifier
from treatylint.settings import Settings

TITLE = "Draft Agreement on Computer Crime, Electronic Evidence and Cooperation in Cyberspace\n\n"


def classified(text: str):
    document = parse_document(TITLE + text, "draft.txt")
    load_classifier(Settings()).classify(document)
    return document


@pytest.mark.parametrize("caption, body", [
    ("Respect for fundamental freedoms", "The Parties shall carry out this Agreement with due regard for the rights of the persons concerned."),
    ("Rights of persons", "Everyone affected by a measure under this Agreement may contest it before an independent court."),
    ("Handling of personal data", "Data a Party receives are kept only as long as the case needs them."),
    # no caption: the opening says it
    ("", "The Parties shall apply this Agreement in full conformity with their obligations under international human rights law."),
    ("", "No provision of this Agreement shall be construed as authorising a State to restrict the freedom of opinion."),
    ("", "Any person whose rights are affected by an order made under this Agreement may appeal to a court."),
])
def test_a_declaratory_safeguard_is_reported_as_one_and_read_as_general(caption, body):
    head = f"Article 4\n{caption}\n\n" if caption else "Article 4\n\n"
    [article] = classified(head + body + "\n").provisions
    assert article.kind == ProvisionKind.SAFEGUARD
    assert article.reads_as == ProvisionKind.GENERAL and article.rule_kind == ProvisionKind.GENERAL
    assert any(e.source == "declaratory safeguard" for e in article.kind_evidence)


def test_a_limit_on_the_use_of_data_received_is_a_safeguard_the_rules_read_as_cooperation():
    body = ("Information supplied under this Agreement shall be used only for the proceedings named in the request, "
            "unless the requested Party agrees in writing to another use.")
    [article] = classified(f"Article 9\n\n{body}\n").provisions
    assert article.kind == ProvisionKind.SAFEGUARD and article.rule_kind == ProvisionKind.COOPERATION


@pytest.mark.parametrize("caption, body, kind", [
    # a caption that chose another general kind keeps it, whatever the body says of rights
    ("Purpose", "The purpose of this Agreement is to fight computer crime; the Parties shall implement it in conformity with international human rights law.", ProvisionKind.GENERAL),
    ("Mutual assistance", "The Parties shall afford one another assistance in conformity with international human rights law.", ProvisionKind.COOPERATION),
    # a covering safeguard stays one, read by the rules as a safeguard
    ("Conditions and safeguards", "The powers in this Chapter are subject to conditions and safeguards that protect human rights.", ProvisionKind.SAFEGUARD),
])
def test_other_articles_that_mention_rights_keep_their_kind(caption, body, kind):
    [article] = classified(f"Article 2\n{caption}\n\n{body}\n").provisions
    assert article.kind == kind and article.reads_as is None


DRAFT = TITLE + """Article 1
Illegal access

Each Party shall establish as a criminal offence, when committed intentionally and without right, access to a computer system.

Article 2
Interception

Each Party shall empower its competent authorities to intercept the content of communications.

Article 3
Fundamental rights

The Parties shall implement this Agreement in conformity with their obligations under international human rights law, and nothing in it shall be interpreted as permitting the suppression of human rights and fundamental freedoms.
"""


def test_the_rules_find_the_rights_clause_in_it_and_it_covers_no_power(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    outline = json.loads(cli("outline", "-f", "json", "draft.txt", cwd=tmp_path).stdout)
    assert [p["kind"] for p in outline["provisions"]] == ["offence", "procedural", "safeguard"]
    report = json.loads(cli("check", "--no-cache", "-f", "json", "draft.txt", cwd=tmp_path).stdout)
    categories = {f["category"] for f in report["findings"] if f["severity"] != "info"}
    assert "missing-human-rights-clause" not in categories  # the clause is found where it stands
    assert "missing-safeguards" in categories  # a rights clause sets no condition on the interception
