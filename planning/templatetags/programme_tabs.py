"""`{% programme_tabs programme as tabs %}`: the sections other apps add to a programme's menu
(planning.tabs), each as (label, url, current) for the person who reads the page."""

from django import template
from django.urls import reverse

from ..tabs import programme_tabs as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_tabs(context, programme) -> list[tuple[str, str, bool]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    tabs = []
    for tab in registry:
        if tab.visible(programme, user):
            url = reverse(tab.url_name, kwargs={"pk": programme.pk})
            tabs.append((tab.label, url, path.startswith(url)))
    return tabs
