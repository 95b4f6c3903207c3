"""A fault-injecting HTTP proxy on loopback, between the sync client and the real server.

Each request is forwarded to the server unchanged; a ``Fault`` whose path pattern
matches (and which has uses left) changes what goes back: cut the body, stall,
answer an error status, truncate JSON, lie in Content-Length, flip bytes,
break or replace a manifest, trickle. Faults come in from outside the client,
exactly as a bad network or a bad middlebox would bring them.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Mutator = Callable[[bytes], bytes]


@dataclass
class Fault:
    path: str  # regex matched against the request path
    kind: str  # drop | stall | status | truncate | lie_length | mutate | trickle
    times: int = 1_000_000
    status: int = 503
    retry_after: str | None = None
    stall_seconds: float = 5.0
    trickle_interval: float = 0.05
    mutate: Mutator | None = None
    hits: int = 0


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.faults: list[Fault] = []
        self._lock = threading.Lock()
        self.released = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                proxy._handle(self)

            def do_POST(self) -> None:
                proxy._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
        self.released.set()  # stalled handlers give up waiting
        self.released = threading.Event()

    def close(self) -> None:
        self.clear()
        self._server.shutdown()
        self._server.server_close()

    def _match(self, path: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.hits < f.times and re.search(f.path, path):
                    f.hits += 1
                    return f
        return None

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else None
        headers = {k: v for k, v in h.headers.items() if k.lower() not in ("host", "connection")}
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            conn.request(h.command, h.path, body=body, headers=headers)
            resp = conn.getresponse()
            status, data = resp.status, resp.read()
            out_headers = [
                (k, v)
                for k, v in resp.getheaders()
                if k.lower()
                not in ("content-length", "transfer-encoding", "connection", "date", "server")
            ]
        finally:
            conn.close()
        fault = self._match(h.path)
        w = h.wfile
        h.close_connection = True

        def head(code: int, hdrs: list[tuple[str, str]], n: int) -> None:
            w.write(f"HTTP/1.1 {code} {http.client.responses.get(code, 'X')}\r\n".encode())
            for k, v in hdrs:
                w.write(f"{k}: {v}\r\n".encode())
            w.write(f"Content-Length: {n}\r\nConnection: close\r\n\r\n".encode())

        try:
            if fault is None:
                head(status, out_headers, len(data))
                w.write(data)
            elif fault.kind == "drop":
                head(status, out_headers, len(data))
                w.write(data[: len(data) // 2])
                w.flush()
            elif fault.kind == "stall":
                self.released.wait(fault.stall_seconds)
            elif fault.kind == "status":
                err = json.dumps({"code": "server_error", "detail": "injected"}).encode()
                hdrs = [("Content-Type", "application/json")]
                if fault.retry_after is not None:
                    hdrs.append(("Retry-After", fault.retry_after))
                head(fault.status, hdrs, len(err))
                w.write(err)
            elif fault.kind == "truncate":
                cut = data[: max(1, len(data) // 2)]
                head(status, out_headers, len(cut))
                w.write(cut)
            elif fault.kind == "lie_length":
                head(status, out_headers, len(data) + 100)
                w.write(data)
                w.flush()
            elif fault.kind == "mutate":
                assert fault.mutate is not None
                changed = fault.mutate(data)
                head(status, out_headers, len(changed))
                w.write(changed)
            elif fault.kind == "trickle":
                head(status, out_headers, len(data))
                for i in range(len(data)):
                    w.write(data[i : i + 1])
                    w.flush()
                    if self.released.wait(fault.trickle_interval):
                        break
            w.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


# -- mutators -------------------------------------------------------------------------


def flip_byte(at: int = 100) -> Mutator:
    def mutate(data: bytes) -> bytes:
        if not data:
            return data
        i = min(at, len(data) - 1)
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]

    return mutate


def bad_signature(data: bytes) -> bytes:
    body = json.loads(data)
    sig = bytearray(base64.b64decode(body["signature"]))
    sig[0] ^= 0x01
    body["signature"] = base64.b64encode(bytes(sig)).decode()
    return json.dumps(body).encode()


def resign(signing_key: Any, change: Callable[[dict[str, Any]], None]) -> Mutator:
    """Change a manifest's content and sign it again with the server's real key."""

    def mutate(data: bytes) -> bytes:
        from sync import protocol as p  # noqa: PLC0415

        body = json.loads(data)
        manifest = json.loads(base64.b64decode(body["manifest"]))
        change(manifest)
        raw = p.canonical_json(manifest)
        return json.dumps(
            {
                "manifest": base64.b64encode(raw).decode(),
                "signature": base64.b64encode(signing_key.sign(raw)).decode(),
            }
        ).encode()

    return mutate
