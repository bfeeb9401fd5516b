"""A small OpenAI-compatible chat server on 127.0.0.1 that misbehaves on request.

``mode`` is one of: ``ok`` (streams a reply), ``slow`` (sleeps past the client's timeout),
``garbage`` (200 with a body that is not JSON), ``error`` (HTTP 503). Used to test that the
coach reports model faults clearly and recovers when the server is back.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultServer:
    def __init__(self, reply: str = "Map stakeholders by influence and interest [1]."):
        self.mode = "ok"
        self.reply = reply
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if server.mode == "slow":
                    time.sleep(3)
                if server.mode == "error":
                    self.send_response(503)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "overloaded"}}')
                    return
                if server.mode == "garbage":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b"<html>not json at all")
                    return
                self._stream(body) if body.get("stream") else self._whole()

            def _chunk(self, delta: dict, finish=None) -> bytes:
                data = {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "fault",
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                return f"data: {json.dumps(data)}\n\n".encode()

            def _stream(self, body):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                self.wfile.write(self._chunk({"role": "assistant", "content": ""}))
                for word in server.reply.split(" "):
                    self.wfile.write(self._chunk({"content": word + " "}))
                self.wfile.write(self._chunk({}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")

            def _whole(self):
                data = {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fault",
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": server.reply}, "finish_reason": "stop"}
                    ],
                }
                payload = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
