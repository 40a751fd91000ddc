"""No silent sink: an article the classifier left `general` (here by its caption, "General
provisions") that creates an offence, grants a power, puts a duty on providers or sends data
abroad still gets the rules for that language, in every drafting register the grammar of legal
acts reads. Before, the article itself got them (``RuleRun._act_for``) but a document-scoped rule
("the draft creates offences or powers": ``scope.if_document_has``) counted only articles whose
kind a cue backed, so a draft whose duties all stood under a general caption kept every provider
rule out of scope. Sentences in our own words."""

from __future__ import annotations

import pytest

from treatylint.run.linter import Linter
from treatylint.settings import Settings

HEAD = ("Agreement on computer data and electronic evidence\n\nArticle 1\nScope\n\nThis Agreement applies to "
        "computer systems, computer data and electronic evidence, and to the offences in it.\n\n"
        "Article 2\nGeneral provisions\n\n")

INSULT = "publish online information insulting the honour of the head of State"
ORDER = "any service provider to disclose the stored content of any user's communications"
REMOVE = "remove within one hour any content that the Authority notifies as harmful"
ONWARD = ("personal data received under this Agreement to any third State on request, without the consent of the "
          "Party that supplied them")


def _gap(reason: str):
    return pytest.mark.xfail(strict=True, reason=f"acts grammar (acts5): {reason}")


CASES = [
    # creating an offence
    (f"Each Party shall establish as a criminal offence the intentional act to {INSULT}.", "content-crime"),
    (f"It is an offence to {INSULT}.", "content-crime"),
    (f"Any person who chooses to {INSULT} commits an offence and is liable to imprisonment.", "content-crime"),
    (f"You commit a crime if you {INSULT}.", "content-crime"),
    (f"The Parties are to criminalise the acts of those who {INSULT}.", "content-crime"),
    # granting a power
    (f"The police may order {ORDER}.", "missing-safeguards"),
    (f"The police are empowered to order {ORDER}.", "missing-safeguards"),
    (f"The police have the power to require {ORDER}.", "missing-safeguards"),
    (f"The police can compel {ORDER}.", "missing-safeguards"),
    # a duty on providers
    (f"Service providers shall {REMOVE}.", "provider-obligations"),
    (f"Service providers must {REMOVE}.", "provider-obligations"),
    (f"Service providers are required to {REMOVE}.", "provider-obligations"),
    # read since the act grammar's @OBLIGED class and its duty-of-provider form (acts5)
    (f"Service providers are to {REMOVE}.", "provider-obligations"),
    (f"It is the duty of every service provider to {REMOVE}.", "provider-obligations"),
    # sending data on
    (f"Each Party shall transmit {ONWARD}.", "data-protection"),
    (f"Each Party will transmit {ONWARD}.", "data-protection"),
    (f"Each Party may pass {ONWARD}.", "data-protection"),
]


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


@pytest.mark.parametrize("body, category", CASES)
def test_a_general_article_still_gets_the_rules_for_what_it_does(tmp_path, linter, body, category):
    draft = tmp_path / "draft.txt"
    draft.write_text(HEAD + body + "\n", encoding="utf-8")
    report = linter.check_file(draft)
    found = {f.category for f in report.findings if f.provision == "Article 2" and f.severity.value in ("warning", "error")}
    assert category in found
