"""Live preview of the site (--watch --apercu): serves output/site/ on loopback and reloads the open page.

Pages get a small script, in the preview only, that listens to server-sent events: « reload » when the page's
bytes changed, or the content errors (the terminal's French report) shown over the page until they are fixed.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from pathlib import Path
from typing import Any

EVENTS, SCRIPT = "/__apercu/evenements", "/__apercu/apercu.js"
_CLIENT = (Path(__file__).parent / "site" / "apercu.js").read_bytes()


class Preview:
    """The preview server and the state it pushes: a version number, the pages that changed, the error if any."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state: dict[str, Any] = {"version": 0, "changed": [], "error": ""}
        self._hashes = self._pages()
        self._changed = threading.Condition()
        self._server: http.server.ThreadingHTTPServer | None = None

    def start(self, port: int = 0) -> int:
        """Listen on 127.0.0.1 only (a free port unless given); returns the port."""
        preview = self

        class Handler(_Handler):
            owner = preview

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="apercu", daemon=True).start()
        return self._server.server_address[1]

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def published(self) -> None:
        """The site was rebuilt: tell open pages which files changed (they reload only if theirs did)."""
        hashes = self._pages()
        changed = sorted(
            name for name in hashes.keys() | self._hashes.keys() if hashes.get(name) != self._hashes.get(name)
        )
        self._hashes = hashes
        if changed or self.state["error"]:
            self._push(changed=changed, error="")

    def failed(self, report: str) -> None:
        """The content has errors: every open page shows them until the next successful build."""
        self._push(changed=[], error=report)

    def _push(self, **state: Any) -> None:
        with self._changed:
            self.state = {**state, "version": self.state["version"] + 1}
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> dict[str, Any]:
        with self._changed:
            self._changed.wait_for(lambda: self.state["version"] != seen, timeout)
            return self.state

    def _pages(self) -> dict[str, bytes]:
        if not self.root.is_dir():
            return {}
        return {
            str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).digest()
            for p in self.root.rglob("*")
            if p.is_file()
        }


class _Handler(http.server.SimpleHTTPRequestHandler):
    owner: Preview

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.owner.root), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not requests

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            return self._send(_CLIENT, "text/javascript; charset=utf-8")
        if path.endswith("/") or path.endswith(".html"):
            file = Path(self.translate_path(path + ("index.html" if path.endswith("/") else "")))
            if file.is_file():
                tag = f'<script src="{SCRIPT}" data-version="{self.owner.state["version"]}"></script>\n</body>'
                page = file.read_bytes().replace(b"</body>", tag.encode(), 1)
                return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the current state at once, then each change (a comment every 15 s keeps it open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = -1
        try:
            while True:
                state = self.owner.state if seen < 0 else self.owner.wait(seen, 15)
                if state["version"] == seen:
                    self.wfile.write(b": rien\n\n")
                else:
                    seen = state["version"]
                    self.wfile.write(f"data: {json.dumps(state, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
