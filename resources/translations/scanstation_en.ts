<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>Actions</name>
    <message>
        <source>Als Einschreiben markieren</source>
        <translation>Mark as registered mail</translation>
    </message>
    <message>
        <source>Post eines früheren Tages scannen …</source>
        <translation>Scan post of an earlier day …</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="22" />
        <source>Scannen</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="23" />
        <source>Nach diesem Blatt anhalten</source>
        <translation>Stop after this sheet</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="24" />
        <source>Stapel abschließen</source>
        <translation>Close batch</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="25" />
        <source>Freigeben</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="26" />
        <source>Überspringen</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="27" />
        <source>Vorige Seite</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="28" />
        <source>Nächste Seite</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="29" />
        <source>Seite rechts drehen</source>
        <translation>Rotate page right</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="30" />
        <source>Seite links drehen</source>
        <translation>Rotate page left</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="31" />
        <source>Seite löschen</source>
        <translation>Delete page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="32" />
        <source>Gelöschte Seite wiederherstellen</source>
        <translation>Restore deleted page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="33" />
        <source>Dokument vor dieser Seite teilen</source>
        <translation>Split document before this page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="34" />
        <source>Mit vorigem Dokument zusammenführen</source>
        <translation>Merge with previous document</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="35" />
        <source>Seite neu scannen</source>
        <translation>Rescan page</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="36" />
        <source>Vergrößern</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="37" />
        <source>Verkleinern</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="38" />
        <source>Ganze Breite</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="39" />
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="40" />
        <source>Startseite</source>
        <translation>Start screen</translation>
    </message>
    <message>
        <source>Einpassen: Breite / ganze Seite</source>
        <translation>Fit: width / whole page</translation>
    </message>
    <message>
        <source>Alle Tasten zeigen</source>
        <translation>Show all keys</translation>
    </message>
    <message>
        <source>&amp;Stapel</source>
        <translation>&amp;Batch</translation>
    </message>
    <message>
        <source>&amp;Dokument</source>
        <translation>&amp;Document</translation>
    </message>
    <message>
        <source>S&amp;eite</source>
        <translation>&amp;Page</translation>
    </message>
    <message>
        <source>&amp;Ansicht</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Hilfe</source>
        <translation>&amp;Help</translation>
    </message>
</context>
<context>
    <name>BatchTree</name>
    <message>
        <source>Einschreiben</source>
        <translation>registered mail</translation>
    </message>
    <message>
        <source>Umschlag</source>
        <translation>envelope</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="38" />
        <source>Stapel</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="96" />
        <source>Trennblatt</source>
        <translation>Separator sheet</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="119" />
        <source>Dok %1</source>
        <translation>Doc %1</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="126" />
        <source>Gelöscht (Einfg)</source>
        <translation>Deleted (Ins)</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="133" />
        <source>wird gespeichert …</source>
        <translation>being saved …</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="127" />
        <source>Seite %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="129" />
        <source>Leerseite</source>
        <translation>Blank page</translation>
    </message>
    <message>
        <location filename="../../ui/batchtree.py" line="131" />
        <source>Fehler</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>DocumentPanel</name>
    <message>
        <source>Sendungsnummer</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <source>Sendungsnummer des Einschreibens vom Etikett, z. B. RR 12345678 5 DE (Prüfziffer wird geprüft)</source>
        <translation>Tracking number of the registered letter from its label, e.g. RR 12345678 5 DE (the check digit is checked)</translation>
    </message>
    <message>
        <source>Umschlag: Seite %1 (Beleg, nicht klassifiziert)</source>
        <translation>envelope: page %1 (evidence, not classified)</translation>
    </message>
    <message>
        <source>Einschreiben</source>
        <translation>registered mail</translation>
    </message>
    <message>
        <source>gescannt %1</source>
        <translation>scanned %1</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="108" />
        <source>Dokument&amp;art</source>
        <translation>Document &amp;type</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="109" />
        <source>Abteilung</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="110" />
        <source>Sicherheit</source>
        <translation>Confidence</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="114" />
        <source>Freigeben ⏎</source>
        <translation>Accept ⏎</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="115" />
        <source>Überspringen</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="138" />
        <source>Kein Dokument</source>
        <translation>No document</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="147" />
        <source>Dokument %1 von %2</source>
        <translation>Document %1 of %2</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="160" />
        <source>noch nicht klassifiziert</source>
        <translation>not classified yet</translation>
    </message>
    <message>
        <location filename="../../ui/docpanel.py" line="163" />
        <source>prüfen</source>
        <translation>check</translation>
    </message>
    <message>
        <source>Text unlesbar</source>
        <translation>text unreadable</translation>
    </message>
    <message>
        <source>Kündigung nur erwähnt, nicht erklärt</source>
        <translation>cancellation only mentioned, not declared</translation>
    </message>
    <message>
        <source>Kündigung von etwas anderem</source>
        <translation>cancels something else</translation>
    </message>
    <message>
        <source>vielleicht ein Widerruf</source>
        <translation>possibly a withdrawal</translation>
    </message>
    <message>
        <source>erklärt auch eine Kündigung</source>
        <translation>also declares a cancellation</translation>
    </message>
    <message>
        <source>Typ unsicher</source>
        <translation>type uncertain</translation>
    </message>
    <message>
        <source>Dokument freigeben, weiter zum nächsten (Enter)</source>
        <translation>Accept the document, go to the next (Enter)</translation>
    </message>
    <message>
        <source>Stapel abschließen (Strg+Enter)</source>
        <translation>Close batch (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Dokumentart: Tasten 1–9, 0; Liste öffnen mit F4, dann Anfangsbuchstaben tippen</source>
        <translation>Document type: keys 1–9, 0; open the list with F4, then type the first letters</translation>
    </message>
    <message>
        <source>Taste %1</source>
        <translation>Key %1</translation>
    </message>
    <message>
        <source>Alles geprüft</source>
        <translation>All checked</translation>
    </message>
    <message>
        <source>gelesen: %1</source>
        <translation>read: %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="29" />
        <source>„Weiter“ scannt in denselben Stapel weiter; „Später“ lässt ihn gespeichert liegen.</source>
        <translation>“Continue” scans on into the same batch; “Later” leaves it stored as it is.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="32" />
        <source>Das Scanprofil in den Einstellungen an diesen Scanner anpassen.</source>
        <translation>Adjust the scan profile to this scanner in the settings.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="34" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="35" />
        <source>Lokaler Speicher</source>
        <translation>Local store</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="36" />
        <source>Zentrale nicht erreichbar</source>
        <translation>Central store unreachable</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="37" />
        <source>Fehler</source>
        <translation>Error</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/errors.py" line="60" />
        <source>Die bisher gescannten %n Seiten sind gesichert.</source>
        <translation>
            <numerusform>The page scanned so far is saved.</numerusform><numerusform>The %n pages scanned so far are saved.</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="68" />
        <location filename="../../ui/errors.py" line="79" />
        <source>Speicherplatz freigeben (abgeschlossene, synchronisierte Stapel löschen) oder die IT rufen.</source>
        <translation>Free disk space (delete closed, synced batches) or call IT.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="71" />
        <source>Weiterarbeiten ist möglich: die Stapel bleiben gespeichert und werden später gesendet.</source>
        <translation>You can keep working: the batches stay stored and are sent later.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="78" />
        <source>Die Festplatte ist voll.</source>
        <translation>The disk is full.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="84" />
        <source>Ein unerwarteter Fehler ist aufgetreten. Die gespeicherten Seiten bleiben erhalten.</source>
        <translation>An unexpected error occurred. The stored pages are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="85" />
        <source>Bitte die IT informieren; die Einzelheiten stehen im Protokoll.</source>
        <translation>Please inform IT; the details are in the log.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="109" />
        <source>Weiter</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="111" />
        <source>Später</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="1" />
        <source>&amp;Weiter</source>
        <translation>&amp;Continue</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="1" />
        <source>&amp;Später</source>
        <translation>&amp;Later</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="1" />
        <source>Stapel &amp;beenden</source>
        <translation>End &amp;batch</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="1" />
        <source>„Weiter“ (Eingabe) scannt in denselben Stapel weiter; „Stapel beenden“ (Alt+B) teilt die bisherigen Seiten in Dokumente zum Prüfen; „Später“ (Esc) lässt ihn gespeichert liegen.</source>
        <translation>“Continue” (Enter) scans on into the same batch; “End batch” (Alt+B) splits the pages so far into documents to check; “Later” (Esc) leaves it stored as it is.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dieses Dokument ist schon als Einschreiben markiert.</source>
        <translation>This document is already marked as registered mail.</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="59" />
        <source>Bitte zuerst die markierten Felder korrigieren.</source>
        <translation>Please correct the marked fields first.</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="62" />
        <source>Bitte zuerst eine Dokumentart wählen (Tasten 1–9, 0).</source>
        <translation>Please choose a document type first (keys 1–9, 0).</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="117" />
        <source>Diese Seite ist nicht gelöscht.</source>
        <translation>This page is not deleted.</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="146" />
        <source>Blatt in den Einzug legen: es ersetzt die aktuelle Seite.</source>
        <translation>Put the sheet in the feeder: it replaces the current page.</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="172" />
        <source>Noch %1 Dokumente zu prüfen: erst freigeben, dann abschließen.</source>
        <translation>%1 documents still to check: accept them first, then close.</translation>
    </message>
    <message>
        <location filename="../../ui/editing.py" line="179" />
        <source>Stapel abgeschlossen und zur Synchronisierung vorgemerkt.</source>
        <translation>Batch closed and queued for sync.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="170" />
        <source>Virtueller Scanner</source>
        <translation>Virtual scanner</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="207" />
        <source>Taste „%1“ am Scanner: Scannen mit „%2“.</source>
        <translation>Scanner button “%1”: scanning with “%2”.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="214" />
        <source>Scannertasten nicht verfügbar: %1</source>
        <translation>Scanner buttons not available: %1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="217" />
        <source>Scanstation</source>
        <translation>Scan station</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="218" />
        <source>&amp;Scanner</source>
        <translation>&amp;Scanner</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="219" />
        <source>&amp;Profil</source>
        <translation>&amp;Profile</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="221" />
        <source>Scannen  F5</source>
        <translation>Scan  F5</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="249" />
        <source>Fax „%1“ eingegangen: ein neuer Stapel zum Prüfen.</source>
        <translation>Fax “%1” received: a new batch to check.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="254" />
        <source>Fax „%1“ wartet im Eingang: %2</source>
        <translation>Fax “%1” is waiting in the inbox: %2</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="259" />
        <source>Das Fax „%1“ ließ sich nicht übernehmen: %2</source>
        <translation>The fax “%1” could not be taken in: %2</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="260" />
        <source>Die Datei liegt unverändert im Fehlerordner %1 (mit dem Grund daneben). Bitte den Absender bitten, das Fax noch einmal zu senden.</source>
        <translation>The file is kept unchanged in the error folder %1 (with the reason next to it). Please ask the sender to send the fax again.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="271" />
        <source>Fax-Eingang</source>
        <translation>Fax inbox</translation>
    </message>
    <message>
        <location filename="../../ui/scanflow.py" line="113" />
        <source>Eine Seite konnte nicht verarbeitet werden; sie bleibt im Stapel.</source>
        <translation>A page could not be processed; it stays in the batch.</translation>
    </message>
    <message>
        <location filename="../../ui/scanflow.py" line="119" />
        <source>%1 Seiten gescannt.</source>
        <translation>%1 pages scanned.</translation>
    </message>
    <message>
        <location filename="../../ui/scanflow.py" line="128" />
        <source>Dokumente werden erkannt …</source>
        <translation>Recognising documents …</translation>
    </message>
    <message>
        <source>Scannen läuft. Die Seiten werden danach in Dokumente geteilt.</source>
        <translation>Scanning. The pages are split into documents afterwards.</translation>
    </message>
    <message>
        <source>Alle Dokumente sind freigegeben. Stapel abschließen mit Strg+Enter.</source>
        <translation>All documents are accepted. Close the batch with Ctrl+Enter.</translation>
    </message>
    <message>
        <source>Stapel abschließen</source>
        <translation>Close batch</translation>
    </message>
    <message>
        <source>Noch %1 zu prüfen.</source>
        <translation>%1 still to check.</translation>
    </message>
    <message>
        <source>Ungeprüfte Dokumente werden so übertragen, wie die Station sie erkannt hat.</source>
        <translation>Unchecked documents are sent as the station recognised them.</translation>
    </message>
    <message>
        <source>Weiter prüfen</source>
        <translation>Keep checking</translation>
    </message>
    <message>
        <source>Trotzdem abschließen</source>
        <translation>Close anyway</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>Der Stapel auf dem Bildschirm ist noch nicht abgeschlossen.</source>
        <translation>The batch on screen is not closed yet.</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>Die neuen Seiten werden Dokumente nach den vorhandenen.</source>
        <translation>The new pages become documents after the existing ones.</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>&amp;In diesen Stapel weiterscannen</source>
        <translation>&amp;Into this batch</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>&amp;Neuer Stapel</source>
        <translation>&amp;New batch</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>&amp;Weiter prüfen</source>
        <translation>&amp;Go on checking</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>&amp;Trotzdem abschließen</source>
        <translation>Close &amp;anyway</translation>
    </message>
    <message>
        <location filename="../../ui/continuebatch.py" line="1" />
        <source>Scannen</source>
        <translation>Scan</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../ui/pageview.py" line="36" />
        <source>Seite</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../../ui/pageview.py" line="92" />
        <source>Seite wird geladen …</source>
        <translation>Loading page …</translation>
    </message>
    <message>
        <location filename="../../ui/pageview.py" line="113" />
        <source>Gelöscht – Einfg stellt die Seite wieder her</source>
        <translation>Deleted – Ins restores the page</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settingsdialog.py" line="43" />
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="47" />
        <source>Profile</source>
        <translation>Profiles</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="48" />
        <source>Scannertasten</source>
        <translation>Scanner buttons</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="49" />
        <source>Leerseiten</source>
        <translation>Blank pages</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="50" />
        <source>Zentrale</source>
        <translation>Central store</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="51" />
        <source>Eingangsordner und Sprache</source>
        <translation>Hot folder and language</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="72" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="73" />
        <source>Einzug</source>
        <translation>Feeder</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="74" />
        <source>Farbmodus</source>
        <translation>Colour mode</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="75" />
        <source>Auflösung (dpi)</source>
        <translation>Resolution (dpi)</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="76" />
        <location filename="../../ui/settingsdialog.py" line="119" />
        <source>Neues Profil</source>
        <translation>New profile</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="76" />
        <source>Profil entfernen</source>
        <translation>Remove profile</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="139" />
        <source>Taste „%1“ startet</source>
        <translation>Button “%1” starts</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="154" />
        <source>Wie leicht eine Seite als leer gilt: niedrig = nur ganz weiße Seiten, hoch = auch Seiten mit Flecken.</source>
        <translation>How easily a page counts as blank: low = only fully white pages, high = pages with specks too.</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="172" />
        <source>Verbindung testen</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="179" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="180" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="181" />
        <source>Datenbank</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="182" />
        <source>Benutzer</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="183" />
        <source>Passwortdatei</source>
        <translation>Password file</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="184" />
        <source>Verschlüsselung</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="192" />
        <source>Auswählen …</source>
        <translation>Choose …</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="203" />
        <location filename="../../ui/settingsdialog.py" line="208" />
        <source>Fax-Eingangsordner</source>
        <translation>Fax hot folder</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="204" />
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.py" line="227" />
        <source>Verbindung wird geprüft …</source>
        <translation>Checking the connection …</translation>
    </message>
    <message>
        <source>Vom Administrator festgelegt (nur lesbar).</source>
        <translation>Set by the administrator (read-only).</translation>
    </message>
    <message>
        <source>CA-Zertifikat</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)</source>
        <translation>Certificates (*.crt *.pem *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>Posteingangsdatum eines neuen Stapels: heute, %1. Post eines früheren Tages: Strg+D (mit Begründung).</source>
        <translation>Delivery date of a new batch: today, %1. Post of an earlier day: Ctrl+D (with a reason).</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="69" />
        <source>Neuer Stapel</source>
        <translation>New batch</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="70" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="71" />
        <source>Profil</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="72" />
        <source>Scannen (F5)</source>
        <translation>Scan (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="73" />
        <source>&amp;Letzte Stapel</source>
        <translation>&amp;Recent batches</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="83" />
        <source>Taste „%1“: %2</source>
        <translation>button “%1”: %2</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="84" />
        <source>Oder am Scanner drücken – %1</source>
        <translation>Or press on the scanner – %1</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="91" />
        <source>%1 Seiten, %2 Dokumente</source>
        <translation>%1 pages, %2 documents</translation>
    </message>
    <message>
        <location filename="../../ui/startscreen.py" line="96" />
        <source>Noch keine Stapel.</source>
        <translation>No batches yet.</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../ui/statusbar.py" line="58" />
        <source>Scanner bereit</source>
        <translation>Scanner ready</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="59" />
        <source>Scanner läuft …</source>
        <translation>Scanning …</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="60" />
        <source>Scanner hält nach diesem Blatt an …</source>
        <translation>Scanner stops after this sheet …</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="61" />
        <source>Scanner: Störung</source>
        <translation>Scanner: fault</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="67" />
        <source>%1 Seiten, %2 Dokumente</source>
        <translation>%1 pages, %2 documents</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="68" />
        <source>%1 zu prüfen</source>
        <translation>%1 to check</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="74" />
        <source>Sync: keine Zentrale eingerichtet, %1 Stapel offen</source>
        <translation>Sync: no central store configured, %1 batches waiting</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="76" />
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="76" />
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="76" />
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="77" />
        <source>Sync: %1, %2 Stapel offen</source>
        <translation>Sync: %1, %2 batches waiting</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="88" />
        <source>%1 Fax(e) im Fehlerordner</source>
        <translation>%1 fax(es) in the error folder</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="95" />
        <source>%1 frei</source>
        <translation>%1 free</translation>
    </message>
    <message>
        <source>%1 im Fehlerordner</source>
        <translation>%1 in the error folder</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../ui/words.py" line="12" />
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="13" />
        <source>Rufnummer</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="14" />
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="15" />
        <source>Briefdatum</source>
        <translation>Letter date</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="16" />
        <source>Eingang</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="17" />
        <source>wird gescannt</source>
        <translation>scanning</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="18" />
        <source>wird verarbeitet</source>
        <translation>processing</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="19" />
        <source>zu prüfen</source>
        <translation>to check</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="20" />
        <source>abgeschlossen</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="21" />
        <source>synchronisiert</source>
        <translation>synced</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="22" />
        <source>prüfen</source>
        <translation>check</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="23" />
        <source>freigegeben</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="24" />
        <source>Fehler</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>KeyHelp</name>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Letzten Stapel auswählen und öffnen</source>
        <translation>Pick a recent batch and open it</translation>
    </message>
    <message>
        <source>Dokumentart nach ihrer Nummer wählen</source>
        <translation>Set the document type by its number</translation>
    </message>
    <message>
        <source>Anfangsbuchstaben</source>
        <translation>first letters</translation>
    </message>
    <message>
        <source>Liste der Dokumentarten öffnen und darin suchen (alle Arten)</source>
        <translation>Open the list of document types and search it (all types)</translation>
    </message>
    <message>
        <source>Tab / Umschalt+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Nächstes / voriges Feld (dort tippen die Tasten Text)</source>
        <translation>Next / previous field (there keys type text)</translation>
    </message>
    <message>
        <source>Tasten</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Taste</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Wirkung</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Schließen mit Esc oder F1.</source>
        <translation>Close with Esc or F1.</translation>
    </message>
    <message>
        <location filename="../../ui/keyhelp.py" line="1" />
        <source>Scannerstörung: Weiter in denselben Stapel / Stapel beenden / Später</source>
        <translation>Scanner fault: continue into the same batch / end batch / later</translation>
    </message>
    <message>
        <location filename="../../ui/keyhelp.py" line="1" />
        <source>Offener Stapel: in diesen Stapel weiterscannen / neuer Stapel</source>
        <translation>Open batch: scan on into this batch / new batch</translation>
    </message>
</context>
<context>
    <name>DeliveryDateDialog</name>
    <message>
        <source>Posteingangsdatum</source>
        <translation>Delivery date</translation>
    </message>
    <message>
        <source>z. B. Post vom Freitag</source>
        <translation>e.g. Friday's post</translation>
    </message>
    <message numerus="yes">
        <source>An welchem Tag ist diese Post eingegangen? Dieses Datum gilt als Eingangsdatum aller Schreiben des Stapels. Ein früherer Tag (höchstens %n Tage zurück) braucht eine Begründung.</source>
        <translation>
            <numerusform>On which day did this post arrive? This date counts as the date of receipt of every letter in the batch. An earlier day (at most %n day back) needs a reason.</numerusform>
            <numerusform>On which day did this post arrive? This date counts as the date of receipt of every letter in the batch. An earlier day (at most %n days back) needs a reason.</numerusform>
        </translation>
    </message>
    <message>
        <source>Begründung</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Stapel beginnen</source>
        <translation>Start batch</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>