"""A tornado server on 127.0.0.1 in a daemon thread: what the fake Bot APIs stand on."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from typing import Any, Self


class ThreadedServer:
    """Binds a free port on start, serves `app()` from its own event loop, stops on `stop()` or exit."""

    name = "fake-http"
    max_body_size: int | None = None

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self._requested_port = port
        self._sockets: list[socket.socket] = []
        self._thread: threading.Thread | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.port = 0

    def app(self) -> Any:
        """The tornado Application to serve (subclasses build their routes here)."""
        raise NotImplementedError

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        """Bind a port and serve from a daemon thread; returns once the server accepts connections."""
        import tornado.netutil

        if self._thread is not None:
            return self
        self._sockets = tornado.netutil.bind_sockets(self._requested_port, self.host, family=socket.AF_INET)
        self.port = self._sockets[0].getsockname()[1]
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-{self.port}", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"{self.name} server failed to start") from self._error
        return self

    def stop(self) -> None:
        """Stop serving and join the thread (held requests and long polls are cut off)."""
        if self._thread is None:
            return
        if self.loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported to start() if it happens before ready
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        import tornado.httpserver

        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        http = tornado.httpserver.HTTPServer(self.app(), max_body_size=self.max_body_size)
        http.add_sockets(self._sockets)
        self._ready.set()
        await self._stop.wait()
        http.stop()
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(http.close_all_connections(), 5)
