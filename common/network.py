"""The network address of the person behind a request."""

from django.conf import settings


def client_address(meta: dict) -> str:
    """The sender's network address from the request's META: REMOTE_ADDR, or, behind
    TRUSTED_PROXIES reverse proxies (a setting; 0 by default), the address the outermost of them
    saw — taken from X-Forwarded-For counted from the right, which a client cannot forge."""
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR", "")
