"""Mail meant for another firm keeps no index fields: its numbers are that firm's, not ours."""

from station.classify import classify_document
from station.classify.misdirected import meant_for_another_firm
from station.model import PageResult

METER_READING = """Katrin Meyer
Lister Meile 71
30161 Hannover

An die Stadtwerke Hannover
Kundenservice Strom und Gas

Vertragskonto 3281045579
Zählernummer 1ESY1160551782

Zählerstand und neuer Abschlag

Sehr geehrte Damen und Herren,

am 30.11.2026 habe ich den Stromzähler abgelesen, der Stand ist 28.441 kWh. Bitte erhöhen Sie den
monatlichen Abschlag ab Januar auf 85 EUR. Abbuchen bitte wie bisher von meinem Konto
DE89 3704 0044 0532 0130 00. Rückfragen gern unter 0157 44678836.

Mit freundlichen Grüßen
Katrin Meyer
"""


def test_a_meter_reading_for_the_utility_is_filed_without_the_utilitys_numbers():
    decision = classify_document([PageResult(index=0, text=METER_READING)])
    assert decision.classification.doc_type == "sonstiges"
    assert decision.fields.as_dict() == {k: None for k in decision.fields.as_dict()}
    assert decision.hits == []


def test_a_letter_about_a_telephone_line_is_ours_even_when_it_mentions_rent():
    text = ("Ich bin umgezogen, die Miete ist hier günstiger. Bitte stellen Sie meinen DSL-Anschluss "
            "an die neue Adresse um. Kundennummer 3281045579")
    assert not meant_for_another_firm(text, "sonstiges")


def test_only_letters_read_as_other_mail_can_be_another_firms():
    assert meant_for_another_firm(METER_READING, "sonstiges")
    assert not meant_for_another_firm(METER_READING, "adressaenderung")


def test_a_notice_to_the_landlord_keeps_no_fields():
    text = ("An die Hausverwaltung Müller\n\nHiermit kündige ich meinen Mietvertrag für die Wohnung Lindenstr. 4, "
            "2. OG, fristgerecht zum 28.02.2027. Für die Wohnungsübergabe erreichen Sie mich unter 0173 30520382.\n"
            "Mit freundlichen Grüßen\nJonas Weber")
    c = classify_document([PageResult(index=0, text=text)]).classification
    # read as other mail, or as a cancellation of something not ours: either way no index fields
    assert c.doc_type == "sonstiges" or c.review_reason == "cancellation_of_something_else"
    assert classify_document([PageResult(index=0, text=text)]).fields.phone_number is None


def test_our_own_name_on_the_receipt_stamp_is_no_telephone_matter():
    """A landlord's letter opened in our mailroom carries our stamp ("Lumen Mobilfunk GmbH"): the firm's
    name says nothing about what the letter is about."""
    text = METER_READING + "\n[Eingangsstempel: Lumen Mobilfunk GmbH, Posteingang 03.12.2026]\n"
    assert meant_for_another_firm(text, "sonstiges")
    assert not meant_for_another_firm(text + "Mein Mobilfunkvertrag läuft weiter.", "sonstiges")
