"""A TCP proxy on 127.0.0.1 that can cut the stream: the "network dies mid-transaction" of the fault tests.

``CuttingProxy(target_port, cut_after=N)`` forwards connections to PostgreSQL and, once N bytes went from
client to server over all its connections, closes both ends abruptly. ``down = True`` refuses new
connections (the central is unreachable); ``down = False`` lets them through again.
"""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    def __init__(self, target_port: int, cut_after: int | None = None) -> None:
        self.target = ("127.0.0.1", target_port)
        self.cut_after = cut_after
        self.sent = 0
        self.cuts = 0
        self.down = False
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, upstream: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if upstream and self.cut_after is not None:
                    with self._lock:
                        room = self.cut_after - self.sent
                        self.sent += len(data)
                    if room <= len(data):
                        dst.sendall(data[: max(room, 0)])
                        self.cut()
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        """Drop every open connection now, like a pulled cable."""
        with self._lock:
            socks, self._open = self._open, []
            self.cuts += 1
            self.cut_after = None
        for s in socks:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # RST, not FIN
                s.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop = True
        self._listener.close()
        self.cut()
