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


def cross_site(request) -> bool:
    """Whether a browser says the request comes from another site: its Sec-Fetch-Site, or
    else its Origin, names another site than the portal's own address (or the trusted origins).
    Every current browser sends one of them with a form it posts; a request with neither
    comes from no browser's page (a script, a test), which no other site can make a visitor
    send. The same rule as Go's CrossOriginProtection, for a form that holds no CSRF token so
    that its page can be kept in the cache."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS
