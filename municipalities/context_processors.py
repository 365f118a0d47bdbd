from django.conf import settings


def portal(request):
    """What every page's layout needs: the portal name and the languages for the switch."""
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_languages": settings.LANGUAGES,
    }
