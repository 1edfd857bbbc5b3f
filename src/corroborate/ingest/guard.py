"""Which hosts may be fetched: none that resolve to private, loopback or link-local addresses.

The web app and watch mode both fetch URLs that someone else named; a feed or a redirect must
not turn them into a probe of the machine's own network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def blocked(address: str) -> bool:
    """True for an address no fetch may reach: private, loopback, link-local, reserved."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def refusal(url: str, allow_private: bool = False) -> str | None:
    """Why `url` must not be fetched (not http(s), unresolvable, a private address), or None."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"only http and https URLs can be fetched: {url!r}"
    if allow_private:
        return None
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        return f"cannot resolve host {parts.hostname!r}: {exc}"
    for info in infos:
        address = str(info[4][0])
        if blocked(address):
            return (
                f"refused to fetch {url!r}: host {parts.hostname!r} resolves to the private,"
                f" loopback or link-local address {address}"
            )
    return None
