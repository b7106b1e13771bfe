"""The client's address, behind the trusted proxies of SAMEN_TRUSTED_PROXIES.

Walk X-Forwarded-For from the right, as nginx's real_ip_recursive does: the peer and every
address a trusted proxy added are skipped; the first address no trusted proxy vouches for is
the client. From an untrusted peer the header is ignored, so it cannot be spoofed.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not trusted:
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
    client = peer
    while any(client in network for network in trusted) and hops:
        candidate = _address(hops.pop())
        if candidate is None:
            break
        client = candidate
    return str(client)
