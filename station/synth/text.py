"""Plausible German letter text, made from a seed (no real customer data anywhere)."""

from __future__ import annotations

import random

FIRST = ["Anna", "Peter", "Maria", "Jürgen", "Sabine", "Thomas", "Claudia", "Mehmet", "Katrin", "Stefan"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schillerstraße", "Am Markt"]
CITIES = ["10115 Berlin", "20095 Hamburg", "80331 München", "50667 Köln", "04109 Leipzig", "70173 Stuttgart"]
SUBJECTS = ["Kündigung meines Vertrages", "Widerspruch gegen die Rechnung", "Änderung meiner Bankverbindung",
            "Beschwerde über die Netzqualität", "Umzug und neue Anschrift", "Bitte um Rückruf"]
SENTENCES = [
    "hiermit möchte ich Ihnen mitteilen, dass ich mit der letzten Rechnung nicht einverstanden bin.",
    "Bitte prüfen Sie die Abbuchung vom vergangenen Monat und erstatten Sie den zu viel gezahlten Betrag.",
    "Seit mehreren Wochen ist die Verbindung in meiner Wohnung sehr schlecht.",
    "Ich bitte um eine schriftliche Bestätigung des Eingangs dieses Schreibens.",
    "Meine neue Anschrift lautet ab dem ersten des kommenden Monats wie oben angegeben.",
    "Die beigefügten Unterlagen sende ich Ihnen zur weiteren Bearbeitung zu.",
    "Für Rückfragen stehe ich Ihnen gerne telefonisch zur Verfügung.",
    "Leider wurde mein Anliegen trotz mehrfacher Nachfrage bisher nicht bearbeitet.",
    "Ich kündige den oben genannten Vertrag fristgerecht zum nächstmöglichen Zeitpunkt.",
    "Bitte buchen Sie die monatlichen Beträge künftig von meinem neuen Konto ab.",
    "Das Gerät funktioniert nicht mehr und ich bitte um Austausch im Rahmen der Garantie.",
    "Über eine schnelle Antwort würde ich mich sehr freuen.",
]


def letter_text(seed: int, paragraphs: int = 3, sparse: bool = False) -> str:
    """A German letter: sender, addressee, date, subject, body, closing. ``sparse``: few lines."""
    rng = random.Random(seed)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    head = [name, f"{rng.choice(STREETS)} {rng.randint(1, 120)}", rng.choice(CITIES), "",
            "Kundenservice", "Postfach 10 20 30", "40210 Düsseldorf", "",
            f"Datum: {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026", "",
            f"Betreff: {rng.choice(SUBJECTS)}", f"Kundennummer: {rng.randint(10**7, 10**8 - 1)}", "",
            "Sehr geehrte Damen und Herren,"]
    if sparse:
        body = [rng.choice(SENTENCES)]
    else:
        body = [" ".join(rng.sample(SENTENCES, rng.randint(2, 4))) for _ in range(paragraphs)]
    return "\n".join(head + body + ["", "Mit freundlichen Grüßen", name])
