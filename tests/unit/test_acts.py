"""Legal acts read by their grammar (engine/acts.py, engine/grammar/legal-acts.yml).

Each drafting form has a sentence it must read as that act and a near miss it must not: the
grammar is judged on what a sentence does, so the negatives share the positives' words.
"""

from __future__ import annotations

import pytest

from treatylint.document.model import ProvisionKind
from treatylint.engine.acts import ActKind, Grammar, GrammarError, GrammarFile, load_grammar, stem, word_regex
from treatylint.engine.context import definition_role

C, P, PD, D, X = (
    ActKind.CRIMINALISATION,
    ActKind.POWER,
    ActKind.PROVIDER_DUTY,
    ActKind.PERSON_DUTY,
    ActKind.DATA_EXCHANGE,
)
H = ActKind.DATA_FOR_AUTHORITIES


def kinds(text: str, roles: dict[str, str] | None = None) -> set[ActKind]:
    return {a.kind for a in load_grammar().find_in(text, roles=roles)}


POSITIVE = [
    # criminalisation, in every form the State can be made to create an offence
    (C, "Each State Party shall consider establishing as a criminal offence the insult of public officials."),
    (C, "Each Party shall adopt such measures as may be necessary to establish as criminal offences under its domestic law the access to a system."),
    (C, "The following conduct shall be punishable under the domestic law of each State Party: the creation of bots."),
    (C, "States Parties shall penalise the distribution of inaccurate news."),
    (C, "Each Member undertakes to criminalize the spreading of rumours."),
    (C, "Each Party shall make the publication of such material punishable by imprisonment."),
    (C, "The Parties shall prohibit by law any activity that undermines national unity."),
    (C, "Each Party shall establish criminal liability for the creation of malicious software."),
    (C, "Each Party shall ensure that the creation of such tools is punishable."),
    (C, "Any person who, without lawful excuse, accesses a computer system commits an offence and is liable on conviction to a fine."),
    (C, "A person who publishes such material shall be guilty of an offence."),
    (C, "Any person who, without lawful excuse, distributes an access code commits an offence."),
    (C, "A person who, within the meaning of this Act, discloses a password is guilty of an offence."),
    (C, "The Parties recognise as criminally punishable the following acts committed by means of ICT."),
    (C, "Each Party shall ensure that the dissemination of such content is punishable."),
    (C, "It shall be an offence for any person to operate an unlicensed anonymising service."),
    (C, "Such acts shall constitute a criminal offence in each Party."),
    (C, "Whoever distributes prohibited content shall be punished by imprisonment of up to five years."),
    (C, "The Minister may, by regulation, prescribe further acts involving computer systems as offences."),
    (C, "Each State Party shall commit to incriminating any use of information technology that violates privacy."),
    (C, "An administrative offence is committed by whoever, intentionally or negligently, makes such content available."),
    (C, "A criminal offence shall be committed by any person who sells such a tool."),
    (C, "Shall incur imprisonment of six months to two years the one who sells a stolen password."),
    (C, "The one who alters the records of another shall be sanctioned with a fine of thirty days."),
    (C, "A person commits an offence if the person distributes an access code."),
    (C, "The Parties shall seek to enact laws under which the sale of spyware, when done without right, is punishable."),
    (C, "Each Party shall take legislative measures so that the defacement of websites is an offence punishable by a fine."),
    (C, "The Parties shall forbid, and render punishable, the sale of unlicensed software."),
    (C, "Each Party shall ensure that the sale, rental, lending or offering of password lists through a computer system, and the hosting of such lists for others, are punishable under its criminal law."),
    # powers
    (P, "The competent authorities may require the disclosure of computer information."),
    (P, "Each Party shall ensure that its competent authorities are able to order the production of data."),
    (P, "A police officer may, without warrant, enter any premises and seize any device."),
    (P, "The Minister may by order direct the suspension of any service."),
    (P, "Each Party shall empower its competent authorities to search a computer system."),
    (P, "Law enforcement agencies shall have the power to intercept communications."),
    (P, "The Issuing Party may issue an Order to a service provider established in the other Party."),
    (P, "Investigating officers should be able to covertly install software on any device."),
    (P, "The competent authorities will be empowered to order the preservation of data."),
    # duties on providers and on any person
    (PD, "Service providers shall retain traffic data for one year."),
    (PD, "Each Party shall ensure that intermediaries remove such content within 24 hours."),
    (PD, "The authority may require any operator in its territory to install interception equipment."),
    (PD, "Licensees are required to keep the decryption keys of their users."),
    (D, "The competent authorities may require any person who has knowledge of a system to disclose encryption keys."),
    (D, "Every person shall register with the Authority before offering a virtual private network."),
    (D, "No person shall operate an encryption service without a licence."),
    # data exchange
    (X, "The Parties shall exchange information on persons suspected of such offences."),
    (X, "The receiving Party may transfer the personal data to a third country."),
    (X, "A Party may, without prior request, forward to the other Party information obtained in its investigations."),
    (X, "Onward transfer of the data shall require the consent of the transferring Party."),
    (X, "A Participant may, without a request, provide the other Participant with any Information it believes may be of interest."),
    (X, "Each authority may, on its own initiative, transmit to the other authority information on such offences."),
    # the article before "offence" need not be "a"; a long conduct between "ensure that" and "is
    # punishable"; a reference to another offence inside the conduct of a new one
    (C, "Each Contracting State shall establish as an offence the reckless sharing of private images by means of a chat service."),
    (C, "The Parties shall regard as an offence the sale of stolen credentials."),
    (C, "Each Member shall ensure that the deliberate circulation, through any electronic network or service accessible to the public, of fabricated reports or images about an epidemic, a natural disaster or the results of a public ballot, with a view to causing alarm among the population or distrust in the institutions concerned, is punishable by imprisonment."),
    (C, "A person who sells a tool designed to be used to commit an offence under section 2 commits an offence and is liable on conviction to a fine."),
    (P, "The Director may, by notice in writing served on the operator, require the removal of any posting."),
    (P, "An investigating officer may directly seize any device found on the premises."),
    (P, "The prosecutor may demand, without the approval of a judge, the records of any subscriber."),
    (P, "The designated agency may transmit a production order for stored messages and connection logs held abroad directly to the hosting provider."),
    (P, "Without judicial approval, the inspector may compel the operator to hand over the logs."),
    # data handed to the authorities by the provider or person made to keep or hold it
    (H, "Hosting providers shall log the connections of every customer for three years and shall deliver the logs to the police whenever asked."),
    (H, "Anyone who administers an encrypted network or knows how its protection works is bound to surrender the passwords to an investigating officer on demand."),
    (X, "The requesting agency may pass it on to any ministry or to foreign partners."),
    (X, "All records collected under this Part may be forwarded to the police of any allied State."),
    (X, "Each participating authority shall have direct access to the common register of suspects."),
    (C, "Whoever spreads a forged certificate online shall be fined or imprisoned for up to a year."),
    (C, "A person who defaces an official website should be liable to criminal punishment."),
    (P, "In urgent cases the recording of calls may be ordered by the public prosecutor for one month."),
    (P, "A state security organ may, with the consent of the head of the security organ of the province or of a higher level, retrieve the stored records."),
    (P, "The investigating service may address a requisition for account records directly to a messaging provider established elsewhere."),
    (C, "Each Party shall ensure that selling stalking software to members of the public, in any form and by any means, constitutes a criminal offence."),
    (C, "The States shall ensure that the sending of such messages amounts to an offence under their penal law."),
    (C, "Each Contracting State shall typify as a crime the conduct of whoever alters the data of another."),
    (H, "A mobile operator shall, when asked by an investigating officer, unlock any handset it has sold."),
    (H, "Every hosting service shall, upon request of the police, give them full access to its servers."),
    (C, "Whoever sells tools made to break into computer systems shall bear criminal responsibility."),
    # the modality of obligation in other registers (@OBLIGED): diplomatic "will", codes of
    # practice and ordinances "are to", "is bound to"; plain language speaks to "you"
    (C, "Participating authorities are to penalise the sale of stolen card numbers."),
    (C, "Each Contracting State is bound to criminalise the interception of private messages."),
    (C, "The two Governments will prohibit by law the trade in stalking applications."),
    (C, "Leaking a password list is to be punishable under the law of each Member."),
    (C, "You commit a crime if you sell access to another person's account."),
    # every form reads every register of the modality (@OBLIGED) and of a power (@EMPOWERED)
    (C, "Any person who sells stolen passwords will be liable to imprisonment for two years."),
    (C, "An official who leaks intercepted calls is to be punished by imprisonment."),
    (C, "It will be an offence for any person to sell stolen card numbers."),
    (C, "Under the law of each Member it is a criminal offence to sell stalking software."),
    (C, "A person commits an offence who sells access to another person's account."),
    (P, "The competent authority is empowered to order any provider to preserve stored data."),
    (P, "Investigating officers have the power to require the production of subscriber information."),
    (P, "The prosecutor is entitled to demand the decryption of any seized device."),
    (P, "The police can, without warrant, search any device found on an arrested person."),
    (PD, "It is the duty of every service provider to remove the listed material within a day."),
    (PD, "Operators will install interception equipment at their own cost."),
    (PD, "Hosting services have an obligation to keep the logs of every user for a year."),
    (D, "Every subscriber is to register the identity card of each user of the line."),
    # the conduct and its criminal sanction in separate sentences of one provision
    (C, "No person may sell a program designed to break into computer systems. A contravention is punishable by imprisonment."),
    (C, "You must not share intimate images of another person without consent. If you do, you commit a crime."),
    (C, "The sale of stolen card numbers is prohibited. Any person who contravenes this article is guilty of an offence."),
    (C, "Commits an offence any person who, without right, enters a computer system of another."),
    (C, "Is guilty of a crime whoever publishes the access codes of a bank's systems."),
    # note form (heads of terms, negotiators' notes): a label and its content
    (C, "- Criminalise: sale of stalking applications to the public."),
    (C, "- Conduct: publishing the home address of a judge online.\n\n- Intent: none.\n\n- Penalty: up to 3 yrs."),
    (P, "- Border police: search devices of travellers without suspicion."),
    (PD, "- Operators: retain subscriber location data, 12 months."),
]

NEGATIVE = [
    # the same words doing something else
    (C, "Any propaganda for war shall be prohibited by law."),  # a duty on the State, written passively (ICCPR art. 20)
    (C, "No one shall be held guilty of any criminal offence on account of an act which did not constitute a criminal offence."),
    (C, "The criminal offences established in accordance with Articles 2 to 11 shall be punishable by effective, proportionate and dissuasive sanctions."),
    (C, "Extradition shall not be granted if the offence is regarded as a political offence."),
    (C, "This Convention shall apply to the prevention and investigation of the offences established in accordance with it."),
    (C, "Such conduct shall not be punishable where it is committed for research."),
    (P, "The requesting Party may request the requested Party to search a computer system."),
    (P, "The receiving authority shall on request inform the supplying authority of the use made of the data."),
    (P, "The competent authorities shall cooperate closely with one another."),
    (PD, "The Parties shall consult service providers on best practices."),
    (PD, "Service providers shall not be required to monitor the information they transmit."),
    (D, "Everyone shall have the right to hold opinions without interference."),
    (D, "Any person who publishes such material shall be liable to imprisonment."),  # an offence, not a duty
    (X, "The Parties shall hold consultations on the interpretation of this Agreement."),
    (X, "A Party may not, without a request, be required to take any action under this Agreement."),
    (C, "Each Party shall establish jurisdiction where a person who commits an offence set forth in article 2 is present."),
    (C, "Persons who have been guilty of serious offences shall not be admitted."),  # describes, creates nothing
    (C, "A procuring entity shall not penalize any supplier whose tender is late."),
    (C, "Any violation of this Convention by a ship of a Party shall be prohibited and sanctions established under its law."),
    (C, "Each State undertakes to make the offence punishable by severe penalties."),  # a sanction, not a new offence
    (C, "Such liability is incurred without prejudice to the criminal liability of individuals."),
    (C, "A legal person can be held liable where lack of supervision made possible the commission of a criminal offence."),
    (P, "The Court shall have the right to dispatch correspondence by courier."),
    (C, "This Agreement shall enter into force on the first day of the month following ratification."),
    (C, "The Minister may, by regulation, prescribe the form of the register and the fees payable."),
    (C, "The Parties commit to cooperating on the prevention of offences committed by means of computers."),
    (C, "Jurisdiction over an offence committed by a national of a Party lies with that Party."),
    (C, "Each Party shall establish jurisdiction where the offence is committed by a person on board a ship."),
    (P, "The competent authorities should be informed of the outcome of the request."),
    (C, "No one shall incur a heavier penalty than the one applicable when the offence was committed."),
    (C, "The supplier shall incur a penalty of two per cent of the price for each week of delay."),
    (C, "The offences established under this Protocol shall be punished with imprisonment."),
    (C, "Each Party shall adopt legislation under which victims of such offences are compensated."),
    (C, "A person commits an offence under section 5 if the person is present in the territory."),
    (C, "Each Party shall ensure that the offences established in accordance with Articles 2 to 11 of this Protocol, when committed by a legal person, are punishable by effective sanctions."),
    (P, "The authority shall be able, in its annual report, to describe the measures taken."),
    (C, "Each Party shall establish as soon as possible an office to receive reports of offences."),
    (C, "Each Member shall ensure that the assistance given under this Agreement is provided without delay."),
    (C, "A Party may refuse extradition of a person who committed an offence under its own law and is liable to prosecution there."),
    (C, "Assistance may be refused where the request has been made to prosecute or punish a person on account of that person's opinions."),
    (C, "Assistance may be made conditional on the conduct in question being an offence under the law of the requested Party."),
    (P, "The Commissioner may decline a request that would burden the office unduly."),
    (P, "The central authority may pass on any information obtained under this Part to a foreign agency."),
    (P, "A judge of the district court may order the production of the records."),
    (P, "On application, a magistrate may grant a warrant enabling an inspector to copy the data."),
    (P, "This Chapter sets out the circumstances in which an investigator may seize a device."),
    (P, "A Party shall not, without the consent of the other Party, access data stored in its territory."),
    (C, "Each Party shall ensure that offences defined under treaties it has joined are also treated as criminal offences when committed online."),
    (C, "Assistance shall be given for conduct which, when the request arrives, is punishable under the laws of both Parties."),
    (C, "An order under this section binds the operator, and failure to comply with it shall be punishable by a fine."),
    (P, "Each Party shall inform its supervisory authorities, and ensure that any person affected may seek access to the records."),
    (C, "A person who fails without good cause to obey a notice under this Part commits an offence and is liable on conviction to a fine."),
    (H, "Hosting providers shall delete the logs of every customer after thirty days."),
    (H, "Nothing in this Article shall oblige an operator to hand its encryption keys to any authority."),
    (X, "The Secretariat shall share its premises with the regional office."),
    (D, "Every person whose records were obtained shall be notified once the inquiry ends."),
    (P, "A Party may, without the permission of the other Party, consult data that anyone may read online."),
    (C, "Each Party shall ensure that offences defined in other treaties binding on it, together with conduct its own law already treats as crimes, are also punishable when committed online."),
    (P, "The recording of calls may be ordered by the investigating judge for one month."),
    # sanctions for disobeying an order, in other words than "fails to comply"
    (C, "A carrier that does not comply with a notice served under section 9 shall be punished with a fine."),
    (C, "A subscriber who refuses to provide the assistance required under paragraph 2 shall be liable to a fine."),
    # liability extended to a company for an offence defined elsewhere
    (C, "Where an agent of a company commits the offence described in Article 4 for its benefit, the company shall also be punished by the fine set in that Article."),
    (C, "Each Party shall ensure that the exercise of these powers in good faith does not constitute an offence."),
    (H, "A mobile operator shall, when asked by a customer, unlock any handset it has sold."),
    (P, "No authority of another Party may search a computer system in the territory of a Party."),
    (C, "Legal persons shall bear criminal responsibility for the offences established in accordance with this Convention."),
    (C, "A person acting under a lawful order shall not bear criminal responsibility for the act."),
    (C, "Where an offence under this Part has been committed by a company, each of its directors shall be deemed to be guilty of that offence."),
    (P, "Each Party shall enable a judge, on the request of the police, to order the production of specified data."),
    (C, "The aim of this Code is to describe how penalties are set."),  # "is to" as a copula, no duty
    (C, "The objective of this Agreement is to align the criminalisation of attacks on networks."),
    (C, "You will not be penalised for reporting a vulnerability in good faith."),
    (C, "You must tell us within a week if your account was used to commit a crime."),
    # a right of the person, not a prohibition on them; a sanction that is not criminal, or on another
    (C, "No person may be compelled to testify against himself. Evidence so obtained is not admissible in any proceedings for an offence."),
    (C, "Users must not share their passwords. The provider is liable for fines if its systems are breached."),
    (C, "It is a crime to which this Convention applies if it is committed in the territory of a Party."),
    (C, "No person shall be subjected to arbitrary interference with his privacy. The law shall provide protection against such interference or attacks."),
    (P, "The competent authority is not empowered to order the disclosure of encryption keys."),
    (PD, "Service providers will not be required to monitor the information they transmit."),
    (C, "Offences: as agreed in Term 4. Penalty: to be proposed by the chair."),
    (PD, "Providers: see Term 13."),
    (P, "The police: 24/7 contact points in each Party."),
]


@pytest.mark.parametrize("act,text", POSITIVE, ids=[t[:50] for _, t in POSITIVE])
def test_each_drafting_form_is_read_as_its_act(act, text):
    assert act in kinds(text), text


@pytest.mark.parametrize("act,text", NEGATIVE, ids=[t[:50] for _, t in NEGATIVE])
def test_near_misses_are_not_read_as_the_act(act, text):
    assert act not in kinds(text), text


def test_a_defined_term_takes_its_role_wherever_it_is_used():
    order = "A Covered Entity shall remove any electronic protection applied to the data."
    assert ActKind.PROVIDER_DUTY not in kinds(order)
    assert ActKind.PROVIDER_DUTY in kinds(order, {"Covered Entity": "provider"})
    power = "The Designated Body may compel the disclosure of stored data."
    assert ActKind.POWER not in kinds(power)
    assert ActKind.POWER in kinds(power, {"Designated Body": "authority"})


def test_definitions_name_the_role_of_their_term():
    text = '"Covered Entity" means any provider of electronic communication services to the public.'
    assert definition_role(text, 0, len(text)) == "provider"
    text = '"Designated Authority" means the governmental body designated by each Party.'
    assert definition_role(text, 0, len(text)) == "authority"
    text = '"Covered Data" means any data relating to a subscriber or a communication.'
    assert definition_role(text, 0, len(text)) == "data"
    text = '"Day" means a calendar day.'
    assert definition_role(text, 0, len(text)) is None


def test_a_gap_never_crosses_a_clause_boundary():
    assert C not in kinds("Each Party shall make a report. Such conduct is punishable.") or kinds(
        "Such conduct is punishable."
    ) == {C}
    # "make" and "punishable" are in different sentences: make-punishable must not join them
    acts = load_grammar().find_in("Each Party shall make a report; the results are shared. Rules apply.")
    assert not [a for a in acts if a.form == "make-punishable"]


def test_inflections_and_spellings_are_one_word():
    assert stem("penalised") == stem("penalize") == stem("penalisation")
    assert stem("authorities") == stem("authority")
    import re

    regex = re.compile(r"\b" + word_regex("criminalise") + r"\b", re.IGNORECASE)
    assert all(regex.fullmatch(w) for w in ("criminalise", "criminalized", "Criminalisation", "criminalises"))
    assert not regex.fullmatch("criminal")


def test_acts_decide_an_article_the_classifier_left_open(linter):
    text = (
        "Agreement on cooperation against computer crime\n\nArticle 1\nScope\n\nThis Agreement applies to offences against "
        "computer data and to electronic evidence.\n\n"
        "Article 2\nUnauthorised access\n\nThe following conduct shall be punishable under the domestic law of each Party: "
        "access to a computer system without right.\n"
    )
    result = linter.check_text(text, "draft.txt")
    article = next(p for p in result.document.provisions if p.label == "Article 2")
    assert article.kind == ProvisionKind.OFFENCE
    assert any(c.startswith("act: criminalisation") for c in article.kind_cues)


def test_acts_are_not_read_outside_the_linters_field(linter):
    """A fisheries or status-of-forces treaty keeps its kinds: its officers' powers are not
    treatylint's business, and reading them would only add false alarms."""
    text = "Agreement on fisheries\n\nArticle 1\nInspection\n\nAn inspector may, without warrant, board any vessel.\n"
    result = linter.check_text(text, "fish.txt")
    assert all(p.acts is None for p in result.document.provisions)


def test_every_form_of_the_shipped_grammar_compiles():
    grammar = load_grammar()
    assert len(grammar.forms) >= 30
    assert all(form.regex.pattern for form in grammar.forms)


def test_a_grammar_with_an_unknown_class_is_refused():
    spec = GrammarFile.model_validate({"acts": {"power": {"forms": {"bad": "@NOBODY may order"}}}})
    with pytest.raises(GrammarError):
        Grammar(spec)


def test_a_name_the_draft_chose_is_read_by_its_role_but_an_ordinary_name_is_not():
    from treatylint.engine.context import defined_roles, definitions_of
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    document = Linter(Settings()).check_text(
        "Agreement on access to electronic data\n\nArticle 1\nDefinitions\n\n"
        '"Qualifying Provider" means any entity that provides to the public the ability to communicate electronically.\n'
        '"service provider" means any entity that provides to the public the ability to communicate electronically.\n',
        "draft.txt",
    ).document
    roles = defined_roles(document, definitions_of(document))
    assert roles.get("Qualifying Provider") == "provider"
    assert "service provider" not in roles


def test_ordinal_colon_definitions_are_read_but_a_lead_in_clause_is_no_term():
    """Gulf-style lists ("Fourth: Immoral content: any writing ...") define terms too; the
    lead-in "For the purposes of this Convention:" defines nothing."""
    from treatylint.engine.context import definitions_of
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    document = Linter(Settings()).check_text(
        "Convention on combating information technology crimes\n\nArticle Two\nTerminology\n\n"
        "For the purposes of this Convention:\n"
        "First: Information technology: any equipment or programme that processes information automatically.\n"
        "Fourth: Immoral content: any writing or image which violates public morals.\n",
        "draft.txt",
    ).document
    terms = {d.term for d in definitions_of(document)}
    assert {"Information technology", "Immoral content"} <= terms
    assert not any(t.lower().startswith("for the purposes") for t in terms)


def test_a_penalty_in_another_provision_makes_the_prohibitions_it_names_offences(linter):
    """"Any person who contravenes section 4 or 5 commits an offence": sections 4 and 5 (the
    conduct) are the offences the offence rules read; the penalty section is no offence of its own."""
    text = (
        "Computer Misuse Act\n\nSection 1\nInterpretation\n\nIn this Act, \"computer\" means any electronic "
        "device that processes data, including a device connected to the internet.\n\n"
        "Section 4\nUnauthorised access\n\nNo person shall access a computer system without authority.\n\n"
        "Section 5\nInterception\n\nNo person shall intercept any transmission of computer data.\n\n"
        "Section 6\nRecords\n\nA provider shall not keep a record of a user's searches.\n\n"
        "Section 12\nPenalties\n\nAny person who contravenes section 4 or 5 commits an offence and is liable on "
        "conviction to imprisonment for three years.\n"
    )
    result = linter.check_text(text, "act.txt")
    by_number = {p.number: p for p in result.document.provisions}
    assert by_number["4"].kind == ProvisionKind.OFFENCE and by_number["5"].kind == ProvisionKind.OFFENCE
    assert by_number["6"].kind != ProvisionKind.OFFENCE  # a prohibition the penalty does not name
    assert not any(a.kind == C for a in by_number["12"].acts or [])
    flagged = {(f.rule_id, f.provision) for f in result.findings}
    assert ("missing-mens-rea/no-intent", "Section 5") in flagged
    assert not any(p == "Section 12" for _, p in flagged)
