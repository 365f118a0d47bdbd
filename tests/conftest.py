"""Personas of CONVENTIONS §9, on the real geography that the data migration loads."""

import importlib
from pathlib import Path

import pytest
from django.test import Client

from municipalities.models import Municipality, Oblast, Role
from municipalities.services import geography_load

from .factories import MembershipFactory, UserFactory


@pytest.fixture
def geography(db):
    """The places and sectors of the data migrations, loaded again where a transactional
    (browser) test flushed them."""
    if not Municipality.objects.exists():
        geography_load()
    from django.apps import apps

    from planning.models import Sector

    if not Sector.objects.exists():
        importlib.import_module("planning.migrations.0002_default_sectors").load(apps, None)


@pytest.fixture
def kok_zhar(geography):
    return Municipality.objects.get(slug="kok-zhar")


@pytest.fixture
def ak_tal(geography):
    return Municipality.objects.get(slug="ak-tal")


def pytest_configure(config):
    from django.conf import settings

    # whitenoise warns about a missing STATIC_ROOT; the live server starts before any fixture
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def _static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("staticfiles")


@pytest.fixture(autouse=True)
def _plain_static_files(settings, _static_root):
    """Tests need no `collectstatic`: static files come from the app folders, unhashed."""
    settings.STATIC_ROOT = _static_root
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _russian_by_default():
    """A request to a /ky/ page leaves Kyrgyz active in this thread: start each test in
    Russian, the default language, so that reverse() and messages do not depend on order."""
    from django.utils import translation

    translation.activate("ru")
    yield
    translation.activate("ru")


@pytest.fixture
def page_cache(settings):
    """The cache the portal keeps its public pages in, in this process's memory, empty (a page
    kept by an earlier test would be served for another programme given the same id after
    the rollback)."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 3600}
    }
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """A fast password hasher for the tests: the strong one costs half a second per person
    created, and no test depends on its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _member(municipality, role, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def aibek(kok_zhar):
    """Chair of the working group of Кок-Жар."""
    return _member(
        kok_zhar, Role.WG_CHAIR, full_name="Айбек Осмонов", sex="male", email="aibek@psep.example"
    )


@pytest.fixture
def gulnara(kok_zhar):
    """Member of the working group of Кок-Жар."""
    return _member(
        kok_zhar, Role.WG_MEMBER, full_name="Гульнара Абдыкадырова", email="gulnara@psep.example"
    )


@pytest.fixture
def nurlan(ak_tal):
    """Member of the working group of Ак-Тал (Naryn oblast)."""
    return _member(
        ak_tal, Role.WG_MEMBER, full_name="Нурлан Мамытов", sex="male", email="nurlan@psep.example"
    )


@pytest.fixture
def kenesh(kok_zhar):
    """Secretary of the aiyl council of Кок-Жар."""
    return _member(
        kok_zhar, Role.COUNCIL_SECRETARY, full_name="Жылдыз Садыкова", email="kenesh@psep.example"
    )


@pytest.fixture
def shirin(kok_zhar):
    """Member of the joint monitoring and evaluation group (ГСМиО) of Кок-Жар."""
    return _member(
        kok_zhar, Role.MONITORING_MEMBER, full_name="Ширин Токтосунова", email="shirin@psep.example"
    )


@pytest.fixture
def staff(geography):
    """Project reviewer for Osh oblast."""
    user = UserFactory(full_name="Айнура Бекова", email="staff@psep.example")
    MembershipFactory(
        user=user, role=Role.REVIEWER, municipality=None, oblast=Oblast.objects.get(slug="osh")
    )
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        full_name="Администратор", email="admin@psep.example", is_staff=True, is_superuser=True
    )


@pytest.fixture
def programme(kok_zhar, aibek):
    """Кок-Жар's draft ПСЭР 2020–2024, created by Айбек."""
    from .factories import programme_for

    return programme_for(kok_zhar, aibek)


@pytest.fixture
def ak_tal_programme(ak_tal):
    """Ак-Тал's draft ПСЭР 2020–2022 (its chair is not a persona)."""
    from .factories import programme_for

    chair = UserFactory(full_name="Председатель РГ Ак-Тал")
    MembershipFactory(user=chair, municipality=ak_tal, role=Role.WG_CHAIR)
    return programme_for(
        ak_tal,
        chair,
        start_year=2020,
        end_year=2022,
        title_ru="ПСЭР Ак-Тал 2020–2022",
        title_ky="Ак-Тал СЭӨП 2020–2022",
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
