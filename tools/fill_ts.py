"""Fill English translations into scanstation_en.ts from the table below (developer tool).

Run after ``pyside6-lupdate`` found new German source strings; strings without an entry stay
"unfinished" and the script lists them, so none is shipped untranslated by accident.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EN = {
    "%1 Seiten gescannt.": "%1 pages scanned.",
    "%1 Seiten, %2 Dokumente": "%1 pages, %2 documents",
    "%1 frei": "%1 free",
    "%1 zu prüfen": "%1 to check",
    "&Letzte Stapel": "&Recent batches",
    "&Profil": "&Profile",
    "&Scanner": "&Scanner",
    "Abdeckung offen: Abdeckung schließen, dann „Weiter“ drücken.": "Cover open: close the cover, then press “Continue”.",
    "Abteilung": "Department",
    "Auflösung (dpi)": "Resolution (dpi)",
    "Auswählen …": "Choose …",
    "Benutzer": "User",
    "Bitte zuerst die markierten Felder korrigieren.": "Please correct the marked fields first.",
    "Bitte zuerst eine Dokumentart wählen (Tasten 1–9, 0).": "Please choose a document type first (keys 1–9, 0).",
    "Blatt in den Einzug legen: es ersetzt die aktuelle Seite.": "Put the sheet in the feeder: it replaces the current page.",
    "Briefdatum": "Letter date",
    "Das Scanprofil passt nicht zu diesem Scanner: in den Einstellungen anpassen.": "The scan profile does not suit this scanner: adjust it in the settings.",
    "Datenbank": "Database",
    "Der Scanner ist belegt: kurz warten oder das andere Programm schließen.": "The scanner is busy: wait a moment or close the other program.",
    "Dok %1": "Doc %1",
    "Dokument %1 von %2": "Document %1 of %2",
    "Dokument vor dieser Seite teilen": "Split document before this page",
    "Dokument&art": "Document &type",
    "Dokumente werden erkannt …": "Recognising documents …",
    "Eine Seite konnte nicht verarbeitet werden; sie bleibt im Stapel.": "A page could not be processed; it stays in the batch.",
    "Eingang": "Received",
    "Eingangsordner und Sprache": "Hot folder and language",
    "Einstellungen": "Settings",
    "Einzug": "Feeder",
    "Einzug leer: Papier in den Einzug legen, dann „Weiter“ drücken.": "Feeder empty: put paper in the feeder, then press “Continue”.",
    "Farbmodus": "Colour mode",
    "Fax-Eingangsordner": "Fax hot folder",
    "Fehler": "Error",
    "Freigeben": "Accept",
    "Freigeben ⏎": "Accept ⏎",
    "Ganze Breite": "Fit width",
    "IBAN": "IBAN",
    "Kein Dokument": "No document",
    "Kundennummer": "Customer number",
    "Leerseite": "Blank page",
    "Leerseiten": "Blank pages",
    "Lokaler Speicher": "Local store",
    "Mit vorigem Dokument zusammenführen": "Merge with previous document",
    "Nach diesem Blatt anhalten": "Stop after this sheet",
    "Name": "Name",
    "Neuer Stapel": "New batch",
    "Neues Profil": "New profile",
    "Noch %1 Dokumente zu prüfen: erst freigeben, dann abschließen.": "%1 documents still to check: accept them first, then close.",
    "Noch keine Stapel.": "No batches yet.",
    "Nächste Seite": "Next page",
    "Papierstau: Blatt vorsichtig entnehmen, dann „Weiter“ drücken.": "Paper jam: remove the sheet carefully, then press “Continue”.",
    "Passwortdatei": "Password file",
    "Port": "Port",
    "Profil": "Profile",
    "Profil entfernen": "Remove profile",
    "Profile": "Profiles",
    "Rufnummer": "Phone number",
    "Scannen": "Scan",
    "Scannen  F5": "Scan  F5",
    "Scannen (F5)": "Scan (F5)",
    "Scanner": "Scanner",
    "Scanner bereit": "Scanner ready",
    "Scanner hält nach diesem Blatt an …": "Scanner stops after this sheet …",
    "Scanner läuft …": "Scanning …",
    "Scanner meldet einen Fehler: Scanner aus- und einschalten, dann „Weiter“ drücken.": "The scanner reports an error: switch it off and on, then press “Continue”.",
    "Scanner nicht erreichbar: Kabel und Strom prüfen, Scanner einschalten, dann „Weiter“ drücken.": "Scanner not reachable: check cable and power, switch the scanner on, then press “Continue”.",
    "Scanner: Störung": "Scanner: fault",
    "Scannertasten": "Scanner buttons",
    "Scanstation": "Scan station",
    "Seite": "Page",
    "Seite %1": "Page %1",
    "Seite links drehen": "Rotate page left",
    "Seite löschen": "Delete page",
    "Seite neu scannen": "Rescan page",
    "Seite rechts drehen": "Rotate page right",
    "Seite wird noch verarbeitet …": "Page is still being processed …",
    "Server": "Server",
    "Sicherheit": "Confidence",
    "Sprache": "Language",
    "Stapel": "Batch",
    "Stapel abgeschlossen und zur Synchronisierung vorgemerkt.": "Batch closed and queued for sync.",
    "Stapel abschließen": "Close batch",
    "Startseite": "Start screen",
    "Sync: %1, %2 Stapel offen": "Sync: %1, %2 batches waiting",
    "Sync: keine Zentrale eingerichtet, %1 Stapel offen": "Sync: no central store configured, %1 batches waiting",
    "Taste „%1“ startet": "Button “%1” starts",
    "Trennblatt": "Separator sheet",
    "Verbindung testen": "Test connection",
    "Verbindung wird geprüft …": "Checking the connection …",
    "Vergrößern": "Zoom in",
    "Verkleinern": "Zoom out",
    "Verschlüsselung": "Encryption",
    "Vorige Seite": "Previous page",
    "Wie leicht eine Seite als leer gilt: niedrig = nur ganz weiße Seiten, hoch = auch Seiten mit Flecken.": "How easily a page counts as blank: low = only fully white pages, high = pages with specks too.",
    "Zentrale": "Central store",
    "Zentrale nicht erreichbar": "Central store unreachable",
    "abgeschlossen": "closed",
    "freigegeben": "accepted",
    "noch nicht klassifiziert": "not classified yet",
    "offline": "offline",
    "online": "online",
    "prüfen": "check",
    "synchronisiert": "synced",
    "unbekannt": "unknown",
    "wird gescannt": "scanning",
    "wird verarbeitet": "processing",
    "zu prüfen": "to check",
    "Überspringen": "Skip",
    "Die Festplatte ist voll.": "The disk is full.",
    "Ein unerwarteter Fehler ist aufgetreten. Die gespeicherten Seiten bleiben erhalten.": "An unexpected error occurred. The stored pages are kept.",
    "Bitte die IT informieren; die Einzelheiten stehen im Protokoll.": "Please inform IT; the details are in the log.",
    "Speicherplatz freigeben (abgeschlossene, synchronisierte Stapel löschen) oder die IT rufen.": "Free disk space (delete closed, synced batches) or call IT.",
    "Weiterarbeiten ist möglich: die Stapel bleiben gespeichert und werden später gesendet.": "You can keep working: the batches stay stored and are sent later.",
    "Fehler in der Anwendung": "Application error",
    "Weiter": "Continue",
    "„Weiter“ scannt in denselben Stapel weiter; „Später“ lässt ihn gespeichert liegen.":
        "“Continue” scans on into the same batch; “Later” leaves it stored as it is.",
    "Das Scanprofil in den Einstellungen an diesen Scanner anpassen.": "Adjust the scan profile to this scanner in the settings.",
    "Virtueller Scanner": "Virtual scanner",
    "Seite wird geladen …": "Loading page …",
    "Später": "Later",
    "Gelöschte Seite wiederherstellen": "Restore deleted page",
    "Gelöscht (Einfg)": "Deleted (Ins)",
    "wird gespeichert …": "being saved …",
    "Diese Seite ist nicht gelöscht.": "This page is not deleted.",
    "Gelöscht – Einfg stellt die Seite wieder her": "Deleted – Ins restores the page",
    "Taste „%1“ am Scanner: Scannen mit „%2“.": "Scanner button “%1”: scanning with “%2”.",
    "Scannertasten nicht verfügbar: %1": "Scanner buttons not available: %1",
    "Taste „%1“: %2": "button “%1”: %2",
    "Oder am Scanner drücken – %1": "Or press on the scanner – %1",
    "Fax „%1“ eingegangen: ein neuer Stapel zum Prüfen.": "Fax “%1” received: a new batch to check.",
    "Fax „%1“ wartet im Eingang: %2": "Fax “%1” is waiting in the inbox: %2",
    "Das Fax „%1“ ließ sich nicht übernehmen: %2": "The fax “%1” could not be taken in: %2",
    "Die Datei liegt unverändert im Fehlerordner %1 (mit dem Grund daneben). Bitte den Absender bitten, das Fax noch einmal zu senden.":
        "The file is kept unchanged in the error folder %1 (with the reason next to it). Please ask the sender to send the fax again.",
    "Fax-Eingang": "Fax inbox",
    "%1 Fax(e) im Fehlerordner": "%1 fax(es) in the error folder",
    "&Weiter": "&Continue",
    "&Später": "&Later",
    "Stapel &beenden": "End &batch",
    "„Weiter“ (Eingabe) scannt in denselben Stapel weiter; „Stapel beenden“ (Alt+B) teilt die bisherigen Seiten in Dokumente zum Prüfen; „Später“ (Esc) lässt ihn gespeichert liegen.":
        "“Continue” (Enter) scans on into the same batch; “End batch” (Alt+B) splits the pages so far into documents to check; “Later” (Esc) leaves it stored as it is.",
    "Der Stapel auf dem Bildschirm ist noch nicht abgeschlossen.": "The batch on screen is not closed yet.",
    "Die neuen Seiten werden Dokumente nach den vorhandenen.": "The new pages become documents after the existing ones.",
    "&In diesen Stapel weiterscannen": "&Into this batch",
    "&Neuer Stapel": "&New batch",
    "&Weiter prüfen": "&Go on checking",
    "&Trotzdem abschließen": "Close &anyway",
    "Scannerstörung: Weiter in denselben Stapel / Stapel beenden / Später": "Scanner fault: continue into the same batch / end batch / later",
    "Offener Stapel: in diesen Stapel weiterscannen / neuer Stapel": "Open batch: scan on into this batch / new batch",
}
NUMERUS = {
    "Die bisher gescannten %n Seiten sind gesichert.": ("The page scanned so far is saved.", "The %n pages scanned so far are saved."),
}


def fill(path: Path) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        tr = message.find("translation")
        if message.get("numerus") == "yes" and source in NUMERUS:
            for child in list(tr):
                tr.remove(child)
            for form in NUMERUS[source]:
                ET.SubElement(tr, "numerusform").text = form
            tr.attrib.pop("type", None)
        elif source in EN:
            tr.text = EN[source]
            tr.attrib.pop("type", None)
        elif tr.get("type") != "vanished" and tr.get("type") != "obsolete" and not (tr.text or "").strip():
            missing.append(source)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/translations/scanstation_en.ts")
    left = fill(target)
    for source in left:
        print("untranslated:", source)
    sys.exit(1 if left else 0)
