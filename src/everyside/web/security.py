"""What every request and response goes through: the Host check, the cross-origin write
guard and the security headers (the threat model is in docs/security.md, "Web").

- **Host**: with ``ServeOptions.allowed_hosts`` set (``everyside serve`` always sets it),
  a request naming another host is refused with 400. This stops DNS rebinding (a page
  on an attacker's domain that resolves to 127.0.0.1) and keeps the absolute links the
  pages build from the Host header pointing at this server.
- **Cross-origin writes**: a browser sends any page's form or ``fetch`` to any address,
  and a server without an API key would take it. Every request other than GET, HEAD
  and OPTIONS that carries ``Origin`` (every browser sends it on a cross-origin POST),
  or else ``Referer``, must come from this server's own origin or one of
  ``ServeOptions.cors_origins``; requests with neither (curl, scripts) are clients of
  their own and pass. A body must be ``application/json`` or ``multipart/form-data``:
  a ``text/plain`` JSON body, the one a page can send without asking first, is refused.
- **Headers** on every response: a Content-Security-Policy that allows script only from
  this server (no inline script anywhere in the pages, the API explorers of explorer.py
  included), ``X-Content-Type-Options:
  nosniff``, no framing (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``) and
  ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Collection
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Script, style sheets, images and requests only from this server; inline style stays
# allowed for the charts' computed widths and colours (all text in them is escaped).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Bodies a write may carry: both need a browser to ask first (CORS) when sent from a
# page elsewhere, except a form's multipart, which the Origin check covers.
WRITE_BODY_TYPES = ("application/json", "multipart/form-data")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# Host entry that accepts any IP address literal (DNS rebinding needs a name).
ANY_ADDRESS = "<ip>"


def host_name(host: str) -> str:
    """The host of a Host header or URL netloc, lower case, without port or IPv6 brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_allowed(host: str, allowed: Collection[str]) -> bool:
    """Whether a Host header names one of ``allowed``: names, ``*`` (any), or ``<ip>``
    (any address literal); ``.example.org`` also allows its subdomains."""
    name = host_name(host)
    if not name:
        return False
    for entry in allowed:
        entry = entry.lower()
        if entry == "*" or name == host_name(entry):
            return True
        if entry == ANY_ADDRESS and _is_address(name):
            return True
        if entry.startswith(".") and (name.endswith(entry) or name == entry[1:]):
            return True
    return False


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lower case; None when it has none (``null``)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = 443 if parts.scheme == "https" else 80
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def same_host(origin: str, host_header: str) -> bool:
    """Whether an origin is the server's own, as the request's Host header names it.

    Either scheme is the same server: behind a TLS proxy the page is https while the
    request that reaches everyside is plain http.
    """
    host_header = host_header.strip().lower()
    netloc = origin.split("://", 1)[1]
    if netloc == host_header:
        return True
    for scheme, port in (("http", "80"), ("https", "443")):
        if origin.startswith(f"{scheme}://") and f"{netloc}:{port}" == host_header:
            return True
        if origin.startswith(f"{scheme}://") and netloc == f"{host_header}:{port}":
            return True
    return False


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, errors included.

    A header the response already has (a route's own policy) is left as it is.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*SECURITY_HEADERS, (b"content-security-policy", PAGE_POLICY.encode())]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestGuard:
    """ASGI middleware: the Host check, then, for writes, the origin and body type checks."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Collection[str] | None = None,
        trusted_origins: Collection[str] = (),
    ) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts) if allowed_hosts is not None else None
        self.trusted_origins = {o for o in (origin_of(url) for url in trusted_origins) if o}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, or answer with the API's one-line error when a check refuses it."""
        problem = self.refusal(scope) if scope["type"] == "http" else None
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, detail = problem
        body = json.dumps({"detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """The status and one-line reason to refuse a request with, or None to serve it."""
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if self.allowed_hosts is not None and not host_allowed(host, self.allowed_hosts):
            return 400, (
                f"this server does not answer to the host {host[:100]!r}: if that is its "
                "name, start it with `everyside serve --allowed-host NAME`"
            )
        if scope.get("method", "GET") in SAFE_METHODS:
            return None
        sender, named = headers.get("origin"), "Origin"
        if sender is None and headers.get("referer"):
            sender, named = headers["referer"], "Referer"
        if sender is not None:
            origin = origin_of(sender)
            if origin is None or not (origin in self.trusted_origins or same_host(origin, host)):
                return 403, (
                    f"cross-origin write refused: the request comes from {named} "
                    f"{(origin or sender)[:100]!r}, not from this server"
                )
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        body_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if has_body and body_type not in WRITE_BODY_TYPES:
            return 415, (
                "send articles as application/json or files as multipart/form-data, "
                f"not {body_type[:100] or 'a body without a Content-Type'}"
            )
        return None


def serve_hosts(bound: str, extra: Collection[str] = ()) -> tuple[str, ...]:
    """The Host names a server listening on ``bound`` answers to, plus ``extra``.

    Always the loopback names; the address itself when it is one; on every address
    (``0.0.0.0``, ``::``) also any address literal and this machine's own names. Other
    names (a domain in front of a proxy) must be given.
    """
    import socket  # only the command line asks

    names = [*LOCAL_HOSTS]
    if host_name(bound) in ("0.0.0.0", "::", ""):
        names += [ANY_ADDRESS, socket.gethostname(), socket.getfqdn()]
    else:
        names.append(host_name(bound))
    return tuple(dict.fromkeys(name.lower() for name in [*names, *extra] if name))
