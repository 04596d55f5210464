"""Run the app's server in a thread of the test process, on a free loopback port."""

from __future__ import annotations

import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import uvicorn

from archcheck.app.server import State, free_socket, make_app
from conftest import plugins


@contextmanager
def running_app(root: Path) -> Iterator[State]:
    sock = free_socket()
    state = State(root=root.resolve(), port=sock.getsockname()[1], plugins=plugins())
    server = uvicorn.Server(uvicorn.Config(make_app(state), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app's server did not start")
        time.sleep(0.05)
    try:
        yield state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def request(state: State, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, body bytes) of one request; headers default to a same-origin call with the token."""
    sent = {"X-Archcheck-Token": state.token, "Content-Type": "application/json"}
    sent.update(headers or {})
    req = urllib.request.Request(f"http://127.0.0.1:{state.port}{path}", data=body, method=method,
                                 headers={k: v for k, v in sent.items() if v is not None})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
