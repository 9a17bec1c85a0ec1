"""``classify_document``: the seam the GUI and the store call with a document's OCR'd pages."""

from station.classify import classify_document, document_text
from station.model import PageResult

LETTER = ("Sehr geehrte Damen und Herren,\nKundennummer 3462456009\nhiermit widerrufe ich den am Telefon "
          "geschlossenen Vertrag fristgerecht innerhalb von 14 Tagen.\nMit freundlichen Grüßen\nAnna Berg")


def test_a_document_gets_type_department_confidence_and_fields():
    d = classify_document([PageResult(index=0, text=LETTER)])
    assert (d.classification.doc_type, d.classification.department) == ("widerruf", "Vertragsmanagement")
    assert d.classification.model_version.startswith("clf-")
    assert d.fields.customer_number == "3462456009"
    assert [h.name for h in d.hits] == ["customer_number"]
    assert d.hits[0].box is None  # text without OCR boxes: found, but nowhere to point


def test_blank_backs_are_ignored_and_not_kept():
    pages = [PageResult(index=0, text=LETTER), PageResult(index=1, blank=True, text="~ ,"),
             PageResult(index=2, text="Anlage: Kopie des Vertrages")]
    d = classify_document(pages)
    assert [p.index for p in d.pages] == [0, 2]
    assert "~ ," not in document_text(pages)


def test_no_pages_or_only_blank_pages_go_to_the_inbox_for_review():
    for pages in ([], [PageResult(index=0, blank=True)], [PageResult(index=0, text="")]):
        d = classify_document(pages)
        assert d.classification.doc_type == "sonstiges"
        assert d.classification.needs_review
        assert d.fields.customer_number is None and d.fields.iban is None


def test_pages_that_failed_do_not_count():
    d = classify_document([PageResult(index=0, text=LETTER, error="OCR fehlgeschlagen")])
    assert d.classification.doc_type == "sonstiges" and d.pages == []
