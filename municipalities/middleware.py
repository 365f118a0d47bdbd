from django.conf import settings
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
