"""A local HTTPS server on 127.0.0.1 that answers as PagerDuty's REST API would, from recorded answers.

Its certificate is made for the test by ``openssl`` (self-signed, for IP 127.0.0.1); the runbook
reaches it because ``SSL_CERT_FILE`` names that certificate, as a team behind a proxy names its
CA bundle.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, valid for a day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class FakePagerDuty:
    """What the server answers: the policies (paged by ``limit``), or a fixed status for every request."""

    policies: list[dict[str, Any]]
    page_size: int = 2
    status: int = 200
    body: bytes | None = None
    requests: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)
    """(path, query, Authorization header) of every request received."""

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        if self.status != 200:
            return self.status, json.dumps({"error": {"message": "refused", "code": 2006}}).encode()
        if self.body is not None:
            return 200, self.body
        offset = int(query.get("offset", ["0"])[0])
        page = self.policies[offset : offset + self.page_size]
        more = offset + self.page_size < len(self.policies)
        answer = {"escalation_policies": page, "limit": self.page_size, "offset": offset, "more": more, "total": None}
        return 200, json.dumps(answer).encode()


@contextmanager
def serving(fake: FakePagerDuty, cert: Path, key: Path) -> Iterator[str]:
    """Serve ``fake`` over HTTPS on a free port of 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.requests.append((parts.path, query, self.headers.get("Authorization", "")))
            status, body = fake.answer(parts.path, query)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
