"""Does a letter *declare* a cancellation, or only mention one (in the past, or as a threat)?

A cancellation auto-accepted by mistake ends a customer's contract, so 'kuendigung' is only
accepted without a person when at least one sentence with a cancellation word is a live
declaration. "Ich hatte bereits gekündigt", "nach meiner Kündigung vom 3.4.", "sonst kündige ich",
"otherwise I will cancel", "ich habe nicht gekündigt", "nehmen Sie die Kündigung zurück" and "Ihre
Kündigungsbestätigung" are not. Letters without any cancellation word ("Ich höre auf, schalten
Sie den Anschluss ab") are left to the model: this check can only hold a decision back.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=[A-ZÄÖÜ])")
CUE = re.compile(r"(k(ü|ue|u|ii)ndig|cancel|terminat)", re.I)
PAST = re.compile(
    r"(gek(ü|ue|u|ii)ndigt|k(ü|ue|u|ii)ndigte|k(ü|ue|u|ii)ndigung\s+vom\b"
    r"|\b(nach|trotz|seit|wegen|bez(ü|ue)glich|bzgl\.?|auf)\s+((meiner|der|unserer|ihrer|meine|die)\s+)?"
    r"(\w+\s+)?k(ü|ue|u|ii)ndigung"
    r"|\b(had|have|has|already)\s+(already\s+)?(been\s+)?(cancell?ed|terminated)"
    r"|\bi\s+(cancell?ed|terminated)\b|\b(cancell?ation|termination)\s+(of|dated|from|on|letter)\b"
    r"|\b(after|despite|since|following)\s+(my|the|our)\s+(\w+\s+)?(cancell?ation|termination))",
    re.I,
)
# A condition or a threat around the cancellation word: "sonst", "wenn ... nicht", "otherwise", "if".
THREAT = re.compile(
    r"\b(sonst|andernfalls|ansonsten|falls|wenn|sollte|sollten|überlege|ueberlege|erwäge|erwaege"
    r"|otherwise|unless|if|consider|considering)\b",
    re.I,
)
# Only these make a "hiermit" sentence a threat; "Hiermit kündige ich ..., sollte das nicht möglich
# sein, zum nächstmöglichen Termin" is a declaration with a fallback date.
STRONG_THREAT = re.compile(r"\b(sonst|andernfalls|ansonsten|otherwise|unless)\b", re.I)
HEREBY = re.compile(r"\b(hiermit|hereby|mit diesem schreiben|with this letter)\b", re.I)
# Denied: "ich habe nicht gekündigt", "keine Kündigung", "I did not cancel" (the negation right before the cue).
NEGATED = re.compile(
    r"\b(nicht|nie|niemals|kein\w*|not|never|no)\s+(\w+\s+){0,2}(ge)?(k(ü|ue|u|ii)ndig|cancel|terminat)"
    r"|\bdidn'?t\s+(\w+\s+){0,1}(cancel|terminat)",
    re.I,
)
# Taken back: "nehmen Sie die Kündigung zurück", "ich ziehe meine Kündigung zurück", "withdraw my cancellation".
RETRACTED = re.compile(r"(zur(ü|ue)ck(nehm|zieh|genommen|gezogen)|\b(nehmen|nehme|ziehe|ziehen)\b.{0,60}\bzur(ü|ue)ck\b"
                       r"|r(ü|ue)ckg(ä|ae)ngig|\bstorn|\b(withdraw|revoke|undo|reverse)\w*\b)", re.I | re.S)
# Someone else's paper about a cancellation: "Ihre Kündigungsbestätigung", "your cancellation confirmation".
REFERENCED = re.compile(r"k(ü|ue|u|ii)ndigungs(best(ä|ae)tigung|eingang|schreiben\s+vom)"
                        r"|\b(ihre|ihrer|ihrem|your)\s+(\w+\s+)?(k(ü|ue|u|ii)ndigung|cancell?ation|termination)",
                        re.I)


# Asking, not declaring: "Kann ich dann kündigen?", "ich möchte wissen, welche Kündigungsfrist gilt".
QUESTION = re.compile(r"\?\s*$|\b(wissen|erfahren|nachfragen|fragen|know|ask|wondering)\b.{0,60}\b(wie|ob|welche\w*|wann"
                      r"|how|whether|which|when)\b", re.I | re.S)
# The terms of a cancellation, not one: "Kündigungsfrist", "Kündigungstermin", "notice period".
TERMS_ONLY = re.compile(r"k(ü|ue|u|ii)ndigungs(frist|termin|m(ö|oe)glichkeit|bedingung|recht|schutz)\w*", re.I)
# What is cancelled, when it is plainly not a telephone contract: a membership, a newspaper, a flat.
OTHER_OBJECT = re.compile(r"(mitgliedschaft|membership|abonnement|\babo\b|zeitung|zeitschrift|newspaper|magazine"
                          r"|versicherung|insurance|mietvertrag|wohnung|tenancy|stromvertrag|gasvertrag|fitness\w*|gym"
                          r"|vereins\w*|kontof(ü|ue)hrung|girokonto)", re.I)
TELECOM_OBJECT = re.compile(r"(mobilfunk(?!\s+(gmbh|ag|kg|se)\b)\w*|handy\w*|\bsim\b|sim-?karte|rufnummer|tarif\w*|anschluss\w*|smartphone"
                            r"|festnetz\w*|\bdsl\b|internet\w*|router|datenvolumen|telefonvertrag|prepaid"
                            r"|mobile|phone|\bline\b|broadband)", re.I)


# Signs of a contract the customer may still withdraw from (14 days after a doorstep, phone or online
# sale): the withdrawal's own words, a salesman at the door, a contract of a few days ago.
WITHDRAWAL = re.compile(
    r"(haust(ü|ue)r|wohnungst(ü|ue)r|an\s+der\s+(haus|wohnungs)?t(ü|ue)r|aufgeschwatzt|drücker\w*"
    r"|widerruf\w*|widerrufe|widerrief|\bwithdraw\w*|r(ü|ue)cktritt|zur(ü|ue)ck\s*zu\s*treten|zur(ü|ue)cktret\w*"
    r"|\bstorn\w*|doorstep|door-to-door|at\s+(my|the)\s+door|cooling.off"
    r"|\bvor\s+(wenigen|ein\s+paar|zwei|drei|vier|f(ü|ue)nf|sechs|sieben|acht|neun|zehn|\d{1,2})\s+tagen"
    r"|\b(a\s+few|two|three|four|five|six|seven|\d{1,2})\s+days\s+ago)",
    re.I,
)


# "... und widerrufe die Einzugsermächtigung": a cancellation often revokes the debit mandate too.
DEBIT_MANDATE = re.compile(r"(mandat|lastschrift|einzug|sepa|abbuch|debit)", re.I)


def may_be_a_withdrawal(text: str) -> bool:
    """A cancellation that may legally be a withdrawal ("Kündigung" of a contract a salesman sold at
    the door on Friday): the two go to different desks with different consequences (no fees, no notice
    period), so a person decides. Only holds a decision back, like the other checks here."""
    return any(WITHDRAWAL.search(s) and not DEBIT_MANDATE.search(s) for s in sentences(text))


def cancels_something_else(text: str) -> bool:
    """The letter declares a cancellation of something that is not a telephone contract ("hiermit
    kündige ich meine Mitgliedschaft im FitnessPark"): mail meant for another firm, for a person to
    send on, never auto-accepted as a cancellation of ours."""
    declared = [s for s in sentences(text) if CUE.search(s) and OTHER_OBJECT.search(s)]
    return bool(declared) and not TELECOM_OBJECT.search(text.replace("Telefonnummer", ""))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s and s.strip()]


def declares_cancellation(text: str) -> bool:
    """True when a sentence of the letter declares a cancellation now (the opposite of only
    mentioning one): "ich kündige den Vertrag für die Rufnummer …" inside an address change."""
    return any(CUE.search(s) for s in sentences(text)) and not cancellation_only_mentioned(text)


def cancellation_only_mentioned(text: str) -> bool:
    """True when the letter has cancellation words but none of them declares a cancellation now."""
    cued = [s for s in sentences(text) if CUE.search(s)]
    if not cued:
        return False
    for s in cued:
        if NEGATED.search(s) or RETRACTED.search(s) or REFERENCED.search(s):
            continue  # denied, taken back, or someone else's letter about it
        if HEREBY.search(s) and not STRONG_THREAT.search(s):
            return False  # "hiermit" declares, whatever fallback follows
        if QUESTION.search(s) or not CUE.search(TERMS_ONLY.sub(" ", s)):
            continue  # a question about cancelling, or only its terms
        if not PAST.search(s) and not THREAT.search(s):
            return False  # neither history nor condition: a cancellation in the present
    return True
