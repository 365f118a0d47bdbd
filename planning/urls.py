"""URLs of the planning app: each views module owns its patterns."""

from django.urls import path

from .views import (
    analysis,
    consultation,
    documents,
    excel,
    finance,
    history,
    indicators,
    lifecycle,
    plan,
    programme,
    public,
    review,
    translation,
    versions,
    workgroup,
)

app_name = "planning"

urlpatterns = [
    path("m/<slug:slug>/programmes/new/", programme.programme_create_view, name="create"),
    path("p/<int:pk>/", programme.overview, name="overview"),
    path("p/<int:pk>/header/", programme.header_edit, name="header"),
    path("p/<int:pk>/vision/", programme.vision_edit, name="vision"),
]
for module in (
    workgroup,
    analysis,
    plan,
    indicators,
    finance,
    excel,
    translation,
    documents,
    lifecycle,
    review,
    consultation,
    public,
    versions,
    history,
):
    urlpatterns += module.urlpatterns
