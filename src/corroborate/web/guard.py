"""Request guards: URLs that must not reach private networks, body size caps, security headers."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from typing import Any

import httpcore
import httpx

from corroborate.ingest import blocked, refusal

MAX_BODY_BYTES = 10 * 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Refused(Exception):
    """A request the server will not carry out (bad or private URL); the app answers 400."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def checked_address(host: str, port: int, url: str | None = None) -> str:
    """Resolve `host` once and return the address to connect to; Refused when any answer is a
    private, loopback or link-local address."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise Refused(f"cannot resolve host {host!r}: {exc}") from None
    for info in infos:
        address = str(info[4][0])
        if blocked(address):
            raise Refused(
                f"refused to fetch {url or host!r}: host {host!r} resolves to the private,"
                f" loopback or link-local address {address} (start the server with"
                " --allow-private to permit this)"
            )
    if not infos:
        raise Refused(f"cannot resolve host {host!r}: no address")
    return str(infos[0][4][0])


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and hosts resolving to private, loopback or link-local addresses."""
    reason = refusal(url, allow_private)
    if reason is None:
        return
    if reason.startswith("refused"):
        reason += " (start the server with --allow-private to permit this)"
    raise Refused(reason)


class _PinnedBackend(httpcore.SyncBackend):
    """Sockets to the address that was checked: the host is resolved once, here, so a DNS answer
    that changes between the check and the connection cannot lead to a private address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        """Connect to the checked address of `host`; TLS still verifies `host` itself."""
        address = checked_address(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class GuardedTransport(httpx.HTTPTransport):
    """An HTTP transport whose every connection goes to an address checked as public."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_PinnedBackend()
        )


class TooLarge(Exception):
    """A request body over the size cap."""


class Guard:
    """ASGI middleware: security headers on every response, 413 for bodies over the cap."""

    def __init__(
        self,
        app: ASGIApp,
        on_too_large: Callable[[Scope], tuple[int, list[tuple[bytes, bytes]], bytes]],
        limit: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.limit = limit
        self.on_too_large = on_too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap `send` to add headers and `receive` to count the body."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        over = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if over:
                # A body read that went over the cap may surface as a parse error; say why.
                if not started:
                    started = True
                    await self._refuse(scope, send_with_headers_raw)
                return
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers_raw(message)

        async def send_with_headers_raw(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send_with_headers_raw)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except TooLarge:
            if started:
                return
            started = True
            await self._refuse(scope, send_with_headers_raw)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        status, headers, body = self.on_too_large(scope)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
