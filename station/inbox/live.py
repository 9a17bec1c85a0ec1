"""Live updates: one LISTEN connection fans ``documents_ready`` out to the open inbox pages.

The notification's payload is not trusted or even read (it may carry only ids): each page is told
"something arrived" and fetches its rows again as its department, so RLS decides what appears.
"""

from __future__ import annotations

import asyncio
import logging

import psycopg

log = logging.getLogger(__name__)
CHANNEL = "documents_ready"
KEEPALIVE_S = 15.0


class Live:
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._subscribers: set[asyncio.Queue[str]] = set()
        self.listening = asyncio.Event()

    def subscribe(self) -> asyncio.Queue[str]:
        q: asyncio.Queue[str] = asyncio.Queue(maxsize=16)
        self._subscribers.add(q)
        return q

    def unsubscribe(self, q: asyncio.Queue[str]) -> None:
        self._subscribers.discard(q)

    def _announce(self) -> None:
        for q in list(self._subscribers):
            if q.empty():  # one pending "changed" is enough: the page reloads its rows once
                q.put_nowait("changed")

    async def run(self) -> None:
        """Listen until cancelled; reconnect after a lost connection (a restart of the central)."""
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self.conninfo, autocommit=True, application_name="scan-station inbox live") as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    self._announce()  # whatever arrived while we were not listening
                    async for _ in conn.notifies():
                        self._announce()
            except asyncio.CancelledError:
                raise
            except psycopg.Error as exc:
                self.listening.clear()
                log.warning("inbox live updates: connection lost (%s); retrying", type(exc).__name__)
                await asyncio.sleep(2.0)

    async def stream(self, q: asyncio.Queue[str]):  # type: ignore[no-untyped-def]
        """Server-sent events for one page: ``changed`` on news, a comment now and then to keep it open."""
        try:
            yield "retry: 3000\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(q.get(), KEEPALIVE_S)
                    yield f"event: {event}\ndata: 1\n\n"
                except asyncio.TimeoutError:
                    yield ": keepalive\n\n"
        finally:
            self.unsubscribe(q)
