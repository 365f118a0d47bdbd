import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    """When a session has expired during an htmx request, send the whole page to the log-in
    form instead of letting htmx swap the log-in page into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            return HttpResponseClientRedirect(response["Location"])
        return response


class RequestSizeLimitMiddleware:
    """A request whose declared body is larger than the largest upload the portal accepts
    (REQUEST_MAX_BYTES: a 10 MB scan and its form) is answered 413 before anything reads the
    body, with a page in the request's language: otherwise Django would parse it into
    temporary files first, and an anonymous POST to the public proposal form could fill the
    disk. Django reads no more than Content-Length of a body, so the header is what counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            megabytes = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            return render(request, "413.html", {"megabytes": megabytes}, status=413)
        return self.get_response(request)


def seen_at_login(sender, request, user, **kwargs):
    """user_logged_in: the session starts its working day now (no write on the next page)."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleMiddleware.SEEN_KEY] = int(time.time())


class SessionIdleMiddleware:
    """A session lasts SESSION_COOKIE_AGE (a working day) from the person's last request, not
    from the log-in: while they work, its end is moved on, at most every few minutes so that
    reading pages does not write the session each time."""

    REFRESH_SECONDS = 5 * 60
    SEEN_KEY = "psep_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and session.get(SESSION_KEY)
        ):
            now = int(time.time())
            if now - session.get(self.SEEN_KEY, 0) >= self.REFRESH_SECONDS:
                session[self.SEEN_KEY] = now  # saved with a new expiry by SessionMiddleware
        return response


class LanguageCookieMiddleware:
    """The language is switched with plain links to the same page in the other language (no
    form, so that a public page holds no CSRF token and can be kept in the cache). The language
    of the last page read is remembered, as Django's language form does, for addresses without
    a language prefix ("/" leads to it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "LANGUAGE_CODE", None)
        if (
            language
            and request.method == "GET"
            and request.path_info.startswith(f"/{language}/")
            # pages only: files and data that shared caches may keep carry no cookie
            and response.get("Content-Type", "").startswith("text/html")
            and "public" not in response.get("Cache-Control", "")
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
