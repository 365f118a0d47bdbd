from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language


@require_GET
def healthz(request):
    """For load balancers and docker: the process answers (no database query)."""
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = _("Портал ПСЭР — администрирование")
admin.site.site_title = _("Портал ПСЭР")
admin.site.index_title = _("Администрирование")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("municipalities.urls")),
    path("", include("planning.urls")),
    path("", include("trainings.urls")),
    path("", include("monitoring.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
