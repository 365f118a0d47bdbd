"""The portal's URLs plus `bench/bare/`: a view that answers a few bytes without touching the
database, so that each page's throughput can be given relative to what the server, the
middleware and the load generator manage on this machine."""

from django.http import HttpResponse
from django.urls import path

from psep_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
