"""The Starlette application: server-rendered pages, a few lines of script, no build chain.

Every handler asks the database who the clerk is (as ``scan_inbox``) and then does its work as the
clerk's department role; it never filters rows itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from station.inbox import views
from station.inbox.db import SERVICE_ROLE, Database
from station.inbox.live import Live
from station.inbox.security import SESSION_COOKIE, Clerk, SigninLimiter, load_session, unsign

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


class Inbox:
    """What the handlers share: the pool, the live fan-out, the signing secret, the sign-in limiter."""

    def __init__(self, conninfo: str, secret: bytes, *, secure_cookies: bool = True) -> None:
        self.db = Database(conninfo)
        self.live = Live(conninfo)
        self.secret = secret
        self.secure_cookies = secure_cookies
        self.limiter = SigninLimiter()
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters.update(views.FILTERS)

    def clerk(self, request: Request) -> Clerk | None:
        """The signed-in clerk, asked from the database (None without a valid, live session)."""
        session_id = unsign(self.secret, request.cookies.get(SESSION_COOKIE))
        if not session_id:
            return None
        with self.db.as_role(SERVICE_ROLE) as conn:
            return load_session(conn, session_id)

    def set_cookie(self, response: Response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", secure=self.secure_cookies, httponly=True,
                            samesite="strict")


class SecurityHeaders:
    """Pure ASGI middleware (streams such as the live events pass through untouched): CSP and friends."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(conninfo: str, secret: bytes | None = None, *, secure_cookies: bool = True) -> Starlette:
    """The inbox over the central store at ``conninfo`` (the inbox login role's connection string)."""
    inbox = Inbox(conninfo, secret or secrets.token_bytes(32), secure_cookies=secure_cookies)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        await run_in_threadpool(inbox.db.open)
        task = asyncio.create_task(inbox.live.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await run_in_threadpool(inbox.db.close)

    async def events(request: Request) -> Response:
        clerk = await run_in_threadpool(inbox.clerk, request)
        if clerk is None:
            return Response(status_code=401)
        with contextlib.suppress(asyncio.TimeoutError):  # the page's stream opens once we are listening
            await asyncio.wait_for(inbox.live.listening.wait(), 5.0)
        q = inbox.live.subscribe()
        return StreamingResponse(inbox.live.stream(q), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def bind(fn: Callable[..., Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return await fn(inbox, request)
        return endpoint

    routes = [
        Route("/", bind(views.inbox_page)),
        Route("/rows", bind(views.rows_fragment)),
        Route("/events", events),
        Route("/login", bind(views.login_form), methods=["GET"]),
        Route("/login", bind(views.login), methods=["POST"]),
        Route("/logout", bind(views.logout), methods=["POST"]),
        Route("/lang/{code:str}", bind(views.choose_language)),
        Route("/doc/{doc_id}", bind(views.document_page)),
        Route("/doc/{doc_id}/page/{position:int}", bind(views.page_image)),
        Route("/doc/{doc_id}/receipt.pdf", bind(views.receipt)),
        Route("/doc/{doc_id}/{action:str}", bind(views.act), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
    app.state.inbox = inbox
    return app


__all__ = ["create_app", "Inbox"]
