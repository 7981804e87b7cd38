"""The address a request came from, as the sign-in throttling and rate limits see it.

Without BEHIND_PROXY it is the socket's peer (REMOTE_ADDR) and X-Forwarded-For is ignored: any
client can write that header. Behind the documented proxy (BEHIND_PROXY=1) every request comes
from the proxy, which appends the address it saw to X-Forwarded-For; the last entry is therefore
the only one nobody but the proxy wrote (entries before it are the client's own claims).
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    candidate = forwarded[-1] if forwarded else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
