"""Real treaties guard against false positives: rights-respecting drafting comes out clean."""

from __future__ import annotations

import pytest

from conftest import BUDAPEST, ETS189, corpus_file

CORE = {"vague-offence", "missing-mens-rea", "missing-safeguards", "content-crime"}


def flagged(linter, name, categories=None):
    result = linter.check_file(corpus_file(name))
    return {
        (f.provision, f.category)
        for f in result.findings
        if f.severity.value in ("warning", "error") and (categories is None or f.category in categories)
    }


def test_budapest_offences_and_powers_are_clean(linter):
    found = flagged(linter, BUDAPEST, CORE)
    articles = {f"Article {n}" for n in [*range(2, 9), *range(14, 22)]}
    assert {(a, c) for a, c in found if a in articles} == set()


def test_additional_protocol_content_offences(linter):
    found = flagged(linter, ETS189, {"content-crime"})
    assert {"Article 3", "Article 5", "Article 6"} <= {a for a, _ in found}
    assert ("Article 4", "content-crime") not in found  # a threat of a serious crime, not speech


@pytest.mark.parametrize(
    "name",
    [
        "international-covenant-on-civil-and-political-rights-BWBV0001017.txt",
        "convention-for-the-protection-of-human-rights-and-BWBV0001000.txt",
    ],
)
def test_rights_instruments_produce_no_warnings(linter, name):
    assert flagged(linter, name) == set()


def test_untoc_sovereignty_boilerplate_is_information_only(linter):
    result = linter.check_file(corpus_file("united-nations-convention-against-transnational-organized-BWBV0001668.txt"))
    sovereignty = [f for f in result.findings if f.category == "territorial-sovereignty"]
    assert sovereignty and all(f.severity.value == "info" for f in sovereignty)
    assert "Article 4" in {f.provision for f in sovereignty}
