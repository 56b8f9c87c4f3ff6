"""A local fake of LINE's Messaging API, over real HTTP on a free port.

It checks every request against the published API
(https://developers.line.biz/en/reference/messaging-api/): POST only, the three paths
``/v2/bot/message/push``, ``/multicast`` and ``/reply``, ``Authorization: Bearer
<token>``, a JSON body with the right fields, 1 to 5 messages, at most 500 ``to`` on a
multicast, user ids of the form ``U`` + 32 hex digits, a Flex message's ``altText`` of
1 to 400 characters and a bubble/carousel, button labels of at most 20 characters with
an http(s) URI, and ``X-Line-Retry-Key`` a UUID (a repeated key answers 409, as LINE
does). A broken request is recorded in ``problems`` and answered 400.

Tests script failures: ``fail_next(status, retry_after=…)`` answers the next requests
with 429/500; ``bad_ids`` are user ids LINE refuses (a multicast holding one answers 400
for the whole request, a push to one answers 400).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATHS = {"/v2/bot/message/push", "/v2/bot/message/multicast", "/v2/bot/message/reply"}
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
MESSAGE_TYPES = {"text", "flex", "image", "sticker", "template", "location", "video", "audio"}


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeLine:
    token: str
    requests: list[Received] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_ids: set[str] = field(default_factory=set)
    scripted: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    retry_keys: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def fail_next(self, status: int, times: int = 1, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.scripted += [(status, headers)] * times

    def accepted(self, path: str) -> list[Received]:
        """Requests to ``path`` (e.g. ``/v2/bot/message/multicast``) that LINE accepted."""
        return [r for r in self.requests if r.path == path and r.headers.get("x-answer") == "200"]

    def delivered_to(self) -> list[str]:
        """Every user id a message was accepted for, in order."""
        found: list[str] = []
        for request in self.requests:
            if request.headers.get("x-answer") != "200":
                continue
            to = request.body.get("to")
            found += to if isinstance(to, list) else [to] if to else []
        return found

    # --- checking -------------------------------------------------------------------

    def check(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        problems: list[str] = []
        if path not in PATHS:
            return 404, {"message": "Not found"}
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"message": "Authentication failed"}
        if not headers.get("content-type", "").startswith("application/json"):
            problems.append("Content-Type is not application/json")
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"message": "The request body has 1 error(s)", "details": ["not JSON"]}
        key = headers.get("x-line-retry-key")
        if key is not None:
            try:
                uuid.UUID(key)
            except ValueError:
                problems.append(f"X-Line-Retry-Key is not a UUID: {key}")
        problems += self._check_body(path, body)
        if problems:
            self.problems += problems
            return 400, {"message": "The request body has errors", "details": problems}
        return 200, body

    def _check_body(self, path: str, body: Any) -> list[str]:
        if not isinstance(body, dict):
            return ["body is not an object"]
        problems = []
        if path.endswith("/reply"):
            if not isinstance(body.get("replyToken"), str) or not body["replyToken"]:
                problems.append("replyToken missing")
        elif path.endswith("/multicast"):
            to = body.get("to")
            if not isinstance(to, list) or not 1 <= len(to) <= 500:
                problems.append(f"multicast 'to' must hold 1..500 ids, has {len(to or [])}")
            elif not all(isinstance(t, str) and USER_ID.match(t) for t in to):
                problems.append("multicast 'to' holds something that is not a user id")
        else:
            if not isinstance(body.get("to"), str) or not USER_ID.match(body["to"]):
                problems.append(f"push 'to' is not a user id: {body.get('to')!r}")
        messages = body.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return [*problems, "messages must hold 1..5 messages"]
        for message in messages:
            problems += check_message(message)
        return problems


def check_message(message: Any) -> list[str]:
    if not isinstance(message, dict) or message.get("type") not in MESSAGE_TYPES:
        return [f"unknown message {message!r:.80}"]
    if message["type"] == "text":
        text = message.get("text")
        return [] if isinstance(text, str) and 1 <= len(text) <= 5000 else ["bad text message"]
    if message["type"] != "flex":
        return []
    problems = []
    alt = message.get("altText")
    if not isinstance(alt, str) or not 1 <= len(alt) <= 400:
        problems.append(f"flex altText must be 1..400 characters, is {len(alt or '')}")
    contents = message.get("contents")
    if not isinstance(contents, dict) or contents.get("type") not in {"bubble", "carousel"}:
        problems.append("flex contents must be a bubble or a carousel")
    elif len(json.dumps(contents, ensure_ascii=False).encode()) > 10_000:
        problems.append("a bubble must be at most 10 KB")
    for node in _walk(contents):
        if node.get("type") == "text" and not node.get("text"):
            problems.append("flex text component with no text")
        action = node.get("action")
        if isinstance(action, dict) and action.get("type") == "uri":
            if len(str(action.get("label", ""))) > 20:
                problems.append(f"button label over 20 characters: {action.get('label')}")
            if not str(action.get("uri", "")).startswith(("http://", "https://", "line://")):
                problems.append(f"button uri not http(s): {action.get('uri')}")
    return problems


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def _handler(fake: FakeLine) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as LINE's API serves it
        disable_nagle_algorithm = True
        wbufsize = -1  # headers and body leave in one write (flushed after each request)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._answer(405, {"message": "Method not allowed"}, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake.lock:
                status, body = fake.check(self.path, headers, raw)
                extra: dict[str, str] = {}
                if status == 200 and fake.scripted:
                    status, extra = fake.scripted.pop(0)
                    body = {"message": "scripted failure"}
                if status == 200:
                    status, body = self._line_rules(body, headers)
                recorded = dict(headers, **{"x-answer": str(status)})
                parsed = json.loads(raw) if raw.startswith(b"{") else {}
                fake.requests.append(Received(self.path, recorded, parsed))
            self._answer(status, body if status != 200 else self._sent(parsed), extra)

        def _sent(self, body: dict[str, Any]) -> dict[str, Any]:
            # LINE answers push and reply with the sent messages' ids, multicast with {}.
            if self.path.endswith("/multicast"):
                return {}
            return {
                "sentMessages": [
                    {"id": uuid.uuid4().hex[:18], "quoteToken": "q"}
                    for _ in body.get("messages", [])
                ]
            }

        def _line_rules(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
            to = body.get("to")
            ids = to if isinstance(to, list) else [to] if to else []
            if fake.bad_ids.intersection(ids):
                return 400, {
                    "message": "Failed to send messages",
                    "details": [{"property": "to", "message": "invalid user id"}],
                }
            key = headers.get("x-line-retry-key")
            if key:
                if key in fake.retry_keys:
                    return 409, {"message": "The retry key is already accepted"}
                fake.retry_keys.add(key)
            return 200, {}

        def _answer(self, status: int, body: Any, extra: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


class FakeLineServer:
    """Start with ``start()``; ``fake.url`` is the base URL for ``LINE_API_BASE``."""

    def __init__(self, token: str) -> None:
        self.fake = FakeLine(token=token)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.server.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeLine:
        self.thread.start()
        return self.fake

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
