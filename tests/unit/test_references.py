"""Cross-references are read in every style a draft names its provisions (engine/context.py):
a power "subject to section 13" or followed by "§ 9 applies" is covered by the safeguards there,
whatever the heading style; "Article 15 shall not apply" sets them aside and is no reference."""

from __future__ import annotations

import pytest

from treatylint.document.parser import parse_document
from treatylint.engine.context import DocumentContext


def _referenced(text: str, source: str) -> list[str]:
    document = parse_document(text, "refs.txt")
    context = DocumentContext.build(document)
    provision = next(p for p in document.provisions if p.number == source)
    return [p.number for p in context.references(provision)]


@pytest.mark.parametrize(
    "text",
    [
        "Article 1\nSafeguards\nEvery order shall be approved by a judge.\n\n"
        "Article 2\nOrders\nThe police may order the production of records, subject to Article 1.\n",
        "Section 1. Safeguards\nEvery order shall be approved by a judge.\n\n"
        "Section 2. Orders\nThe police may order the production of records, subject to section 1.\n",
        "§ 1 Safeguards\nEvery order shall be approved by a judge.\n\n"
        "§ 2 Orders\nThe police may order the production of records. § 1 applies.\n",
    ],
    ids=["article", "section", "paragraph-sign"],
)
def test_a_reference_is_followed_in_any_heading_style(text):
    assert _referenced(text, "2") == ["1"]


def test_a_provision_set_aside_is_not_a_reference():
    text = (
        "Article 1\nSafeguards\nEvery order shall be approved by a judge.\n\n"
        "Article 2\nOrders\nThe police may order the production of records. "
        "The provisions of Article 1 shall not apply to urgent orders.\n"
    )
    assert _referenced(text, "2") == []


def test_a_list_of_references_names_each_provision():
    text = "".join(f"Section {n}. Part {n}\nText of part {n}.\n\n" for n in range(1, 5))
    text += "Section 5. Powers\nThe police may search premises in accordance with Sec. 2 and Sec. 4.\n"
    assert _referenced(text, "5") == ["2", "4"]


def test_a_safeguards_article_covers_the_provisions_it_names_in_any_style():
    from treatylint.engine.context import _safeguard_articles
    from treatylint.document.model import ProvisionKind

    text = (
        "§ 9 Judicial control\nMeasures under §§ 10 to 11 require a judicial order.\n\n"
        "§ 10 Interception\nThe police may intercept communications under the conditions of § 9.\n\n"
        "§ 11 Seizure\nThe police may seize devices.\n\n"
        "§ 12 Retention\nProviders shall keep logs.\n"
    )
    document = parse_document(text, "refs.txt")
    document.provisions[0].kind = ProvisionKind.SAFEGUARD
    [(article, coverage)] = list(_safeguard_articles(document))
    covered = [p.number for p in document.provisions if p is not article and coverage.covers(p)]
    assert covered == ["10", "11"]
    assert _referenced(text, "10") == ["9"]


def test_a_statute_style_definition_without_quotes_is_read():
    """"harmful material means ..." (the term printed in bold, which plain text loses) defines a
    term like a quoted one; an ordinary sentence with "means" in a definitions article does not."""
    from treatylint.document.model import ProvisionKind
    from treatylint.engine.context import _definitions

    text = (
        "Section 2. Definitions\nIn this Act:\n\n"
        "hosting operator means a person who stores material for users.\n\n"
        "banned content means material that the Minister considers unsuitable.\n\n"
        "The expression used above means nothing else.\n\n"
        "Section 3. Offence\nA person who posts banned content commits an offence.\n"
    )
    document = parse_document(text, "defs.txt")
    document.provisions[0].kind = ProvisionKind.DEFINITION
    assert [d.term for d in _definitions(document)] == ["hosting operator", "banned content"]


def test_an_unquoted_ordinary_word_explained_takes_no_role_but_a_chosen_name_does():
    from treatylint.document.model import ProvisionKind
    from treatylint.engine.context import defined_roles

    text = (
        "Section 2. Definitions\nIn this Act:\n\n"
        "supplier means any person that provides goods or services to an entity.\n\n"
        "Responsible Body means any company that operates a messaging service.\n\n"
        "Section 3. Duties\nA Responsible Body shall keep logs.\n"
    )
    document = parse_document(text, "roles.txt")
    document.provisions[0].kind = ProvisionKind.DEFINITION
    assert defined_roles(document) == {"Responsible Body": "provider"}
