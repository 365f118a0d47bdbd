from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from .navigation import lazy_navigation


def portal(request):
    """What every page's layout needs: the portal name, the main menu (drawn from the entries
    the apps register, computed only if the page draws it) and, for the language switch, this
    same page in each language (computed here, while the current language's URLs resolve)."""
    path = request.get_full_path()
    current = get_language()
    return {
        "portal_name": settings.PORTAL_NAME,
        "navigation": lazy_navigation(request),
        "portal_languages": [
            {
                "code": code,
                "name": name,
                "is_current": code == current,
                "next": path if code == current else translate_url(path, code),
            }
            for code, name in settings.LANGUAGES
        ],
    }
