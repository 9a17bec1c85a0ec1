"""The inbox's pages and actions. Each runs its queries as the clerk's department (``as_role``)."""

from __future__ import annotations

import secrets
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from station.inbox import queries
from station.inbox.db import SERVICE_ROLE
from station.inbox.passwords import DUMMY_HASH, verify_password
from station.inbox.queries import BERLIN, Search
from station.inbox.security import LOGIN_COOKIE, SESSION_COOKIE, SESSION_HOURS, Clerk, create_session, end_session, \
    same_token, sign, unsign

if TYPE_CHECKING:
    from station.inbox.app import Inbox

ACTIONS = ("take", "done", "reroute")


LANG_COOKIE = "inbox_lang"


def _type_label(doc_type: str | None, lang: str = "de") -> str:
    from station.classify.taxonomy import load_taxonomy

    labels = {t.id: t.label(lang) for t in load_taxonomy()}
    return labels.get(doc_type or "", doc_type or "–")


def _lang(request: Request) -> str:
    """German unless the clerk chose English (``/lang/en``)."""
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "de"


def _say(request: Request, de: str, en: str) -> str:
    return en if _lang(request) == "en" else de


def _local(ts: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    """Berlin time; a date of receipt that is a delivery day (midnight exactly) shows as the day."""
    if not ts:
        return ""
    local = ts.astimezone(BERLIN)
    if local.hour == local.minute == local.second == local.microsecond == 0:
        return local.strftime("%d.%m.%Y")
    return local.strftime(fmt)


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


FILTERS = {"type_label": _type_label, "local": _local, "day": _day}


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _render(inbox: Inbox, request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    lang = _lang(request)
    ctx = {**ctx, "lang": lang, "t": lambda de, en: en if lang == "en" else de}
    return inbox.templates.TemplateResponse(request, name, ctx, status_code=status)


async def choose_language(inbox: Inbox, request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    inbox.set_cookie(response, LANG_COOKIE, "en" if request.path_params["code"] == "en" else "de",
                     max_age=365 * 86400)
    return response


def _search(request: Request) -> Search:
    text = request.query_params.get("q", "").strip()[:64]
    try:
        day = date.fromisoformat(request.query_params.get("day", ""))
    except ValueError:
        day = None
    return Search(text, day)


async def _signed_in(inbox: Inbox, request: Request) -> Clerk | None:
    return await run_in_threadpool(inbox.clerk, request)


# ------------------------------------------------------------------ sign-in
async def login_form(inbox: Inbox, request: Request, error: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = _render(inbox, request, "login.html", {"csrf": token, "error": error}, status)
    inbox.set_cookie(response, LOGIN_COOKIE, sign(inbox.secret, token), max_age=3600)
    return response


def _check_login(inbox: Inbox, username: str, password: str, client: str) -> str | None:
    """The session id if the password is right (audited either way), else None."""
    with inbox.db.as_role(SERVICE_ROLE) as conn:
        row = conn.execute("SELECT password_hash FROM central.clerks WHERE username = %s AND NOT disabled",
                           (username,)).fetchone()
        ok = verify_password(password, row[0] if row else DUMMY_HASH) and row is not None
        conn.execute("INSERT INTO central.inbox_events (username, action, client) VALUES (%s, %s, %s)",
                     (username[:64], "signin" if ok else "signin_failed", client))
        if not ok:
            return None
        session_id, _ = create_session(conn, username)
        return session_id


def _audit_limited(inbox: Inbox, username: str, client: str) -> None:
    with inbox.db.as_role(SERVICE_ROLE) as conn:
        conn.execute("INSERT INTO central.inbox_events (username, action, client) VALUES (%s, 'signin_limited', %s)",
                     (username[:64], client))


async def login(inbox: Inbox, request: Request) -> Response:
    form = await request.form()
    expected = unsign(inbox.secret, request.cookies.get(LOGIN_COOKIE))
    if not expected or not same_token(expected, str(form.get("csrf", ""))):
        return Response(_say(request, "Anfrage abgelehnt (CSRF).", "Request refused (CSRF)."), status_code=403)
    username = str(form.get("username", "")).strip().lower()
    password = str(form.get("password", ""))
    client = _client(request)
    if not inbox.limiter.allow(username, client):
        await run_in_threadpool(_audit_limited, inbox, username, client)
        return await login_form(inbox, request, _say(
            request, "Zu viele Anmeldeversuche. Bitte eine Minute warten.", "Too many sign-in attempts. Please wait a minute."), 429)
    session_id = await run_in_threadpool(_check_login, inbox, username, password, client)
    if session_id is None:
        return await login_form(inbox, request, _say(
            request, "Benutzername oder Passwort falsch.", "Wrong user name or password."), 401)
    response = RedirectResponse("/", status_code=303)
    inbox.set_cookie(response, SESSION_COOKIE, sign(inbox.secret, session_id), max_age=SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


async def logout(inbox: Inbox, request: Request) -> Response:
    clerk = await _signed_in(inbox, request)
    form = await request.form()
    if clerk is None or not same_token(clerk.csrf, str(form.get("csrf", ""))):
        return Response(_say(request, "Anfrage abgelehnt (CSRF).", "Request refused (CSRF)."), status_code=403)

    def work() -> None:
        with inbox.db.as_role(SERVICE_ROLE) as conn:
            end_session(conn, unsign(inbox.secret, request.cookies.get(SESSION_COOKIE)) or "")
            conn.execute("INSERT INTO central.inbox_events (username, action, client) VALUES (%s, 'signout', %s)",
                         (clerk.username, _client(request)))
    await run_in_threadpool(work)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ------------------------------------------------------------------ inbox
def _inbox_data(inbox: Inbox, clerk: Clerk, search: Search) -> dict[str, Any]:
    with inbox.db.as_role(clerk.role) as conn:
        return {"rows": queries.queue(conn, inbox.db.columns, search), "counts": queries.counts(conn),
                "search": search, "clerk": clerk, "tracking": bool(inbox.db.columns.tracking)}


async def inbox_page(inbox: Inbox, request: Request) -> Response:
    clerk = await _signed_in(inbox, request)
    if clerk is None:
        return RedirectResponse("/login", status_code=303)
    data = await run_in_threadpool(_inbox_data, inbox, clerk, _search(request))
    return _render(inbox, request, "inbox.html", {**data, "csrf": clerk.csrf})


async def rows_fragment(inbox: Inbox, request: Request) -> Response:
    clerk = await _signed_in(inbox, request)
    if clerk is None:
        return Response(status_code=401)
    data = await run_in_threadpool(_inbox_data, inbox, clerk, _search(request))
    return _render(inbox, request, "_queue.html", data)


# ------------------------------------------------------------------ one document
def _document(inbox: Inbox, clerk: Clerk, doc_id: str, client: str) -> dict[str, Any] | None:
    with inbox.db.as_role(clerk.role) as conn:
        doc = queries.document(conn, inbox.db.columns, doc_id)
        if doc is None:
            return None
        queries.audit(conn, clerk.username, "view", client, doc_id)
        return {"doc": doc, "departments": [d for d in queries.departments(conn) if d != clerk.department]}


async def document_page(inbox: Inbox, request: Request, error: str = "", status: int = 200) -> Response:
    clerk = await _signed_in(inbox, request)
    if clerk is None:
        return RedirectResponse("/login", status_code=303)
    doc_id = queries.parse_uuid(request.path_params["doc_id"])
    data = await run_in_threadpool(_document, inbox, clerk, doc_id, _client(request)) if doc_id else None
    if not data:
        return _render(inbox, request, "missing.html", {"clerk": clerk, "csrf": clerk.csrf}, 404)
    from station.classify.taxonomy import load_taxonomy

    return _render(inbox, request, "document.html", {**data, "clerk": clerk, "csrf": clerk.csrf, "error": error,
                                                     "types": load_taxonomy()}, status)


async def page_image(inbox: Inbox, request: Request) -> Response:
    clerk = await _signed_in(inbox, request)
    doc_id = queries.parse_uuid(request.path_params["doc_id"])
    if clerk is None or doc_id is None:
        return Response(status_code=404)

    def work() -> tuple[bytes, str] | None:
        with inbox.db.as_role(clerk.role) as conn:
            return queries.page_image(conn, doc_id, request.path_params["position"])
    found = await run_in_threadpool(work)
    if found is None:
        return Response(status_code=404)
    return Response(found[0], media_type=found[1], headers={"Cache-Control": "private, max-age=3600"})


async def receipt(inbox: Inbox, request: Request) -> Response:
    from station.audit.receipt_data import ReceiptError
    from station.inbox.receipt import department_receipt

    clerk = await _signed_in(inbox, request)
    doc_id = queries.parse_uuid(request.path_params["doc_id"])
    if clerk is None or doc_id is None:
        return Response(status_code=404)

    def work() -> bytes | str:
        with tempfile.TemporaryDirectory() as tmp, inbox.db.as_role(clerk.role) as conn:
            if queries.document(conn, inbox.db.columns, doc_id) is None:
                return ""
            try:
                path = department_receipt(conn, doc_id, Path(tmp) / "receipt.pdf", _lang(request))
            except ReceiptError as exc:
                return exc.operator_message(_lang(request))
            queries.audit(conn, clerk.username, "receipt", _client(request), doc_id)
            return path.read_bytes()
    result = await run_in_threadpool(work)
    if result == "":
        return Response(status_code=404)
    if isinstance(result, str):
        return Response(result, status_code=409, media_type="text/plain; charset=utf-8")
    return Response(result, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="eingang-{doc_id}.pdf"'})


async def act(inbox: Inbox, request: Request) -> Response:
    """take / done / reroute: CSRF-checked, done as the department, audited in the same transaction."""
    clerk = await _signed_in(inbox, request)
    form = await request.form()
    token = str(form.get("csrf", "")) or request.headers.get("x-csrf-token", "")
    if clerk is None or not same_token(clerk.csrf, token):
        return Response(_say(request, "Anfrage abgelehnt (CSRF).", "Request refused (CSRF)."), status_code=403)
    action, doc_id = request.path_params["action"], queries.parse_uuid(request.path_params["doc_id"])
    if action not in ACTIONS or doc_id is None:
        return Response(status_code=404)
    target = str(form.get("target", "")).strip()
    reason = str(form.get("reason", "")).strip()[:500]
    new_type = str(form.get("new_type", "")).strip() or None
    if action == "reroute" and (not target or not reason):
        return await document_page(inbox, request, _say(
            request, "Für die Weiterleitung bitte Abteilung und Grund angeben.",
            "To re-route, choose a department and give a reason."), 400)

    def work() -> bool:
        with inbox.db.as_role(clerk.role) as conn:
            if action == "take":
                ok = queries.take(conn, doc_id)
            elif action == "done":
                ok = queries.finish(conn, doc_id, clerk.username)
            else:
                ok = queries.reroute(conn, doc_id, target, reason, clerk.username, new_type) is not None
            if ok:
                detail = {"target": target, "reason": reason, "new_type": new_type} if action == "reroute" else {}
                queries.audit(conn, clerk.username, action, _client(request), doc_id, detail)
            return ok
    import psycopg

    try:
        ok = await run_in_threadpool(work)
    except psycopg.Error as exc:
        if not (exc.sqlstate or "").startswith("SC2"):
            raise
        return await document_page(inbox, request, _say(
            request, "Weiterleitung nicht möglich: Abteilung oder Grund ungültig.",
            "Cannot re-route: department or reason not valid."), 400)
    if not ok:
        return await document_page(inbox, request, _say(
            request, "Diese Aktion ist für das Dokument nicht (mehr) möglich.",
            "This action is not (or no longer) possible for this document."), 409)
    return RedirectResponse("/" if action in ("done", "reroute") else f"/doc/{doc_id}", status_code=303)
