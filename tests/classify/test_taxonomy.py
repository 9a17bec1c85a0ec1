"""The taxonomy is a contract: exactly these ids, each with German and English labels and a department."""

from station.classify.taxonomy import department, info, load_taxonomy

IDS = ["kuendigung", "widerruf", "rechnung_reklamation", "bankdaten", "adressaenderung", "rufnummernmitnahme",
       "vertragsuebernahme", "sterbefall", "beschwerde", "zahlung_mahnung", "geraet_retoure", "behoerde_recht",
       "sonstiges"]


def test_exactly_the_thirteen_ids_in_order():
    assert [t.id for t in load_taxonomy()] == IDS


def test_every_type_has_labels_and_a_department():
    for t in load_taxonomy():
        assert t.label_de and t.label_en and t.department


def test_departments_route_as_the_issue_says():
    assert department("kuendigung") == "Kündigungen"
    assert department("sterbefall") == "Nachlass"
    assert department("widerruf") == department("vertragsuebernahme") == "Vertragsmanagement"


def test_unknown_ids_fall_back_to_the_inbox():
    assert info("no-such-type").id == "sonstiges"
    assert department("no-such-type") == "Posteingang"
