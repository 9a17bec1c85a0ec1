"""The synthetic corpus and training are reproducible, varied, and learn from operator corrections."""

import random
import re

from station.classify.corpus import LABELS, generate, letter
from station.classify.train import build, choose_threshold, corrections_from_pairs, corrections_from_store

import numpy as np


def test_same_seed_same_corpus_and_every_type_present():
    a, b = generate(5, seed=7), generate(5, seed=7)
    assert [(s.text, s.label) for s in a] == [(s.text, s.label) for s in b]
    assert {s.label for s in a} == set(LABELS)
    assert generate(5, seed=8)[0].text != a[0].text


def test_letters_of_one_type_are_phrased_many_ways():
    rng = random.Random(1)
    letters = [letter(rng, "kuendigung") for _ in range(40)]
    assert len(set(letters)) == 40
    assert any("Anschrift" in t or "Adresse" in t for t in letters)  # side remarks about other topics
    assert any("Kundennummer" in t or "Kd.-Nr." in t for t in letters)


def test_holding_out_phrasings_really_changes_the_letters():
    only_first = generate(20, seed=3, keep=lambda label, i: i == 0)
    none_first = generate(20, seed=3, keep=lambda label, i: i != 0)
    def intents(samples):  # "sonstiges" also holds fixed foreign-language texts, shared by both
        return {s.text for s in samples if s.label != "sonstiges"}

    assert intents(only_first).isdisjoint(intents(none_first))


def test_threshold_is_the_lowest_confidence_meeting_the_precision_target():
    correct = np.array([1, 1, 1, 1, 0, 1, 0, 0], dtype=bool)
    confidence = np.array([0.99, 0.98, 0.97, 0.9, 0.85, 0.8, 0.6, 0.55])
    assert choose_threshold(correct, confidence, target=0.99) == 0.9
    assert choose_threshold(np.zeros(3, dtype=bool), np.array([0.9, 0.8, 0.7])) == 1.0


def test_a_confident_mistake_on_real_letters_the_models_never_saw_raises_the_threshold():
    from station.classify.train import real_letter_threshold

    labels = np.array(["bankdaten", "kuendigung"])
    confidence = np.array([0.99] * 30 + [0.9] * 30 + [0.62] + [0.6] * 5)
    gold = np.array(["kuendigung"] * 60 + ["bankdaten"] + ["kuendigung"] * 5)  # the 0.62 letter is read wrong
    probs = np.column_stack([1 - confidence, confidence])
    held = (labels, gold, probs, probs, np.zeros(len(gold), dtype=bool))
    threshold, figures = real_letter_threshold(held, weight=0.5)
    assert 0.62 < threshold <= 0.9
    assert figures == {"letters": 66, "accuracy": round(65 / 66, 4), "threshold": threshold}


def test_training_is_reproducible_and_learns_corrections():
    odd = "Hallo, anbei mein Wunschzettel für den Weihnachtsmann, bitte weiterleiten an Rentier Rudolf."
    corrections = corrections_from_pairs([(odd, "beschwerde"), ("", "kuendigung"), ("text", "no-such-type")])
    assert len(corrections) == 1
    plain = build(n_per_label=12, seed=5, validation_folds=1)
    again = build(n_per_label=12, seed=5, validation_folds=1)
    corrected = build(n_per_label=12, seed=5, corrections=corrections, validation_folds=1)
    assert plain.version == again.version != corrected.version
    assert plain.probabilities([odd]) == again.probabilities([odd])
    assert corrected.probabilities([odd])[0]["beschwerde"] > plain.probabilities([odd])[0]["beschwerde"]
    # the corrections were also scored by fold models that never saw them, for the threshold
    assert corrected.meta["real_letters_held_out"]["letters"] == 1 and "real_letters_held_out" not in plain.meta


def test_no_local_store_means_no_corrections_and_no_store_created(tmp_path):
    from station.config import load_settings

    settings = load_settings()
    assert corrections_from_store(settings) == []
    assert not (settings.data_path / "store").exists()


def test_operator_corrections_recorded_by_the_store_become_training_samples():
    from station.config import load_settings
    from station.model import Classification, Fields, PageResult
    from station.store import DocumentPlan, Store

    settings = load_settings()
    store = Store.open(settings)
    try:
        batch = store.create_batch()
        page = store.add_page(batch, np.full((90, 120), 255, np.uint8))
        text = "Ich möchte den Vertrag meines Vaters übernehmen, er ist ins Heim gezogen."
        store.save_page_result(page, PageResult(index=0, text=text))
        [doc] = store.set_documents(batch, [DocumentPlan([page])])
        store.save_classification(doc, Classification("sonstiges", "Posteingang", 0.4, True, "m"), Fields())
        store.record_correction(doc, doc_type="vertragsuebernahme", operator="anna")
    finally:
        store.close()
    [sample] = corrections_from_store(settings)
    assert (sample.text.strip(), sample.label) == (text, "vertragsuebernahme")


def test_station_train_writes_a_private_desk_model_that_is_then_used(capsys):
    import stat

    from station.classify.model import MODEL_DIR, default_model_dir, load_model, station_model_dir
    from station.cli import main

    assert default_model_dir() == MODEL_DIR  # a fresh desk uses the shipped model
    assert main(["train", "--per-label", "8", "--no-store"]) == 0
    desk = station_model_dir()
    assert default_model_dir() == desk
    assert stat.S_IMODE(desk.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in desk.iterdir())
    assert load_model().version != load_model(MODEL_DIR).version
    assert '"version"' in capsys.readouterr().out


def test_only_the_broad_corpus_has_mail_from_outside_the_taxonomy_and_incidental_topic_words():
    def other(samples):
        return "\n".join(s.text for s in samples if s.label == "sonstiges")

    narrow, broad = generate(120, seed=4, broad=False), generate(120, seed=4, broad=True)
    # Words only the broad kinds of other mail use (erasure requests, bill copies, press, contests, ...).
    markers = ("Art. 17", "Zweitschrift", "Redaktionsschluss", "Gewinnspiel", "Schadensmeldung", "Praktikumsplatz")
    assert sum(m in other(broad) for m in markers) >= 2
    assert not any(m in other(narrow) for m in markers)
    # Contract terms come up in every type of the broad corpus, so they point to none of them.
    with_term = {s.label for s in broad if "Mindestlaufzeit" in s.text or "läuft noch bis" in s.text}
    assert len(with_term) >= 8


def test_the_hand_written_training_letters_are_learned_and_no_evaluation_letter_is_among_them():
    from station.classify.evaluate import BLIND_DIRS, EVAL_DIR, HARD_DIR, load_letters
    from station.classify.train import TRAINING_LETTERS, training_letters

    letters = training_letters()
    assert len(letters) >= 100 and {s.label for s in letters} >= {"kuendigung", "sterbefall", "behoerde_recht"}
    assert TRAINING_LETTERS.parent.name == "resources"  # shipped with the code, not test data
    # Prescribed wording: the SEPA mandate and the statutory model withdrawal form; independent writers
    # copy it verbatim from the form.
    sepa_form = re.compile(r"ermächtige den Zahlungsempfänger|weise ich mein Kreditinstitut an"
                           r"|widerrufe\(n\) ich/wir \(\*\)|folgenden Waren \(\*\)")
    # A printed rule ("-----") is no writer's wording.
    trained = {line for s in letters for line in s.text.splitlines()
               if len(line) > 45 and not sepa_form.search(line) and re.search(r"[^\W\d_]", line)}
    for directory in (EVAL_DIR, HARD_DIR, *BLIND_DIRS.values()):
        for unseen in load_letters(directory):
            shared = len(trained & set(unseen.text.splitlines()))  # a count: the message must not show blind text
            assert shared == 0, f"{unseen.name} shares {shared} line(s) with the training letters"
