"""The shipped classifier: the sender's intent decides, and unreadable mail is never guessed."""

import time

import pytest

from station.classify.model import MODEL_DIR, load_model
from station.classify.taxonomy import type_ids


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL_DIR)


def test_model_knows_every_type_and_has_a_version_and_threshold(model):
    assert sorted(model.labels) == sorted(type_ids())
    assert model.version.startswith("clf-")
    assert 0.5 <= model.threshold < 1.0


def test_shipped_model_is_small():
    """Three views (narrow, broad, English), each capped at 25,000 word and 35,000 character terms
    in single precision: a few megabytes that load in well under a second (``make bench``)."""
    assert (MODEL_DIR / "classifier.joblib").stat().st_size < 7_500_000


def test_a_cancellation_mentioning_a_new_address_is_a_cancellation(model):
    text = ("Sehr geehrte Damen und Herren, ich bin vor kurzem nach Leipzig gezogen, meine neue Anschrift ist "
            "Karl-Liebknecht-Str. 4, 04107 Leipzig. Den Vertrag für mein Handy beende ich hiermit zum "
            "nächstmöglichen Termin. Bitte bestätigen Sie mir das Vertragsende. Mit freundlichen Grüßen")
    assert model.classify_text(text).doc_type == "kuendigung"


def test_a_bill_dispute_with_a_transfer_slip_attached_is_a_bill_dispute(model):
    text = ("Guten Tag, auf der Rechnung für Oktober sind 49,90 Euro für einen Klingelton-Dienst aufgeführt, den ich "
            "nie bestellt habe. Ich bitte um Streichung und Gutschrift. Den regulären Betrag habe ich überwiesen, "
            "der Beleg liegt bei. Gruß\n\nÜberweisung Empfänger Mobilfunk AG IBAN DE38614418195674880601 "
            "Betrag 19,99 EUR Verwendungszweck Kundennummer Auftraggeber")
    assert model.classify_text(text).doc_type == "rechnung_reklamation"


def test_revoking_a_direct_debit_mandate_is_bank_data_not_a_contract_revocation(model):
    text = ("Sehr geehrte Damen und Herren, ich widerrufe die Einzugsermächtigung für mein Konto. Künftig überweise "
            "ich die Beträge selbst. Mit freundlichen Grüßen")
    assert model.classify_text(text).doc_type == "bankdaten"


def test_a_death_notice_goes_to_the_estate_department_even_when_it_ends_the_contract(model):
    text = ("Sehr geehrte Damen und Herren, meine Mutter ist am 3. Mai verstorben. Bitte beenden Sie ihren Vertrag, "
            "die Sterbeurkunde liegt bei. Mit freundlichen Grüßen")
    c = model.classify_text(text)
    assert (c.doc_type, c.department) == ("sterbefall", "Nachlass")


@pytest.mark.parametrize("text", [
    "",
    "siehe Anlage",
    "Siehe Anlage.\n\nMit freundlichen Grüßen\nK. Meier",
    "Dear Sir or Madam, please find enclosed our offer for printer paper. Best regards, Office Supplies Ltd.",
    "x7 ;; ~~ |||| ,,, qwz .. 88 !! Il1| ___ ^^ 0O0 ,,;; ~~ rn m ii",
])
def test_unreadable_or_empty_mail_goes_to_the_inbox_for_a_person(model, text):
    c = model.classify_text(text)
    assert c.doc_type == "sonstiges" or c.needs_review
    assert c.needs_review or c.doc_type == "sonstiges" and c.confidence >= model.threshold


@pytest.mark.parametrize("text", [
    # Written for this test, not taken from the sample mail or the corpus templates.
    "Sehr geehrte Damen und Herren, meine Mindestlaufzeit ist im Sommer vorbei. Ich möchte dann nicht gehen, "
    "sondern in den Tarif mit 20 GB wechseln, der Abrechnungszeitraum kann gleich bleiben. Was kostet der Wechsel? "
    "Mit freundlichen Grüßen",
    # A past cancellation told in passing: the model may still lean to 'kuendigung', but it is never
    # auto-accepted as one (the cancellation is only mentioned, not declared).
    "Guten Tag, ich bin seit zwei Jahren nicht mehr Ihr Kunde, der Vertrag wurde damals gekündigt und "
    "die Schlussrechnung bezahlt. Bitte löschen Sie jetzt alle Daten, die Sie noch über mich haben, und "
    "bestätigen Sie mir das. Viele Grüße",
])
def test_mail_outside_the_taxonomy_is_not_confidently_given_a_type(model, text):
    c = model.classify_text(text)
    assert c.doc_type == "sonstiges" or c.needs_review, c


def test_the_model_has_a_narrow_and_a_broad_view(model):
    assert model.broad is not None
    assert 0.0 < model.narrow_weight < 1.0


def test_confidence_is_a_probability_over_all_types(model):
    c = model.classify_text("Hiermit widerrufe ich den am Telefon geschlossenen Vertrag innerhalb der Frist.")
    assert c.doc_type == "widerruf"
    assert abs(sum(c.probabilities.values()) - 1.0) < 0.01
    assert c.confidence == max(c.probabilities.values())


def test_model_loads_quickly():
    from station.classify.model import _load

    _load.cache_clear()
    start = time.perf_counter()
    load_model(MODEL_DIR)
    # Generous: the target (< 1 s) is measured by make bench; this only catches a model gone huge.
    assert time.perf_counter() - start < 5


def test_a_forms_frame_of_rules_and_bars_is_layout_not_noise():
    """A porting form faxed in a drawn frame ("+-----+", "|" at both ends of every row) is readable text."""
    from station.classify.features import text_quality
    rows = ["Auftrag zur Rufnummernmitnahme, bitte portieren Sie meine Nummer zu Ihnen",
            "Kundennummer bei Ihnen und die Rufnummer, die mitgenommen werden soll, stehen unten",
            "Zeitpunkt: zum Vertragsende beim bisherigen Anbieter, nicht sofort"]
    framed = "\n".join(["+" + "-" * 90 + "+"] + [f"|  {r:<86}  |" for r in rows] + ["+" + "-" * 90 + "+"])
    assert text_quality(framed).readable
    assert not text_quality("+----+ |  | +====+ ||| ---- %&$ 4o3 8fj |").readable
