"""Demo people: one login per role, as in the personas of CONVENTIONS §9."""

from dataclasses import dataclass

from .models import Municipality, Oblast, Role

DEMO_PASSWORD = "psep-demo-2019"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    sex: str
    position: str
    role: str | None  # None: administrator
    place: str | None  # municipality slug, or oblast slug for a reviewer


DEMO_USERS = [
    DemoUser(
        "aibek@psep.example",
        "Айбек Осмонов",
        "male",
        "Заместитель главы Кок-Жарского АО",
        Role.WG_CHAIR,
        "kok-zhar",
    ),
    DemoUser(
        "gulnara@psep.example",
        "Гульнара Абдыкадырова",
        "female",
        "Специалист по финансам Кок-Жарского АО",
        Role.WG_MEMBER,
        "kok-zhar",
    ),
    DemoUser(
        "nurlan@psep.example",
        "Нурлан Мамытов",
        "male",
        "Депутат Ак-Талского айылного кенеша",
        Role.WG_MEMBER,
        "ak-tal",
    ),
    DemoUser(
        "shirin@psep.example",
        "Ширин Токтосунова",
        "female",
        "Председатель ГСМиО Кок-Жарского АА",
        Role.MONITORING_MEMBER,
        "kok-zhar",
    ),
    DemoUser(
        "kenesh@psep.example",
        "Жылдыз Садыкова",
        "female",
        "Секретарь Кок-Жарского айылного кенеша",
        Role.COUNCIL_SECRETARY,
        "kok-zhar",
    ),
    DemoUser(
        "staff@psep.example",
        "Айнура Бекова",
        "female",
        "Специалист проекта по гражданскому участию",
        Role.REVIEWER,
        "osh",
    ),
    DemoUser("admin@psep.example", "Администратор портала", "", "", None, None),
]


def demo_users_create():
    """Create (or reset) every demo user with DEMO_PASSWORD; returns [(DemoUser, User)]."""
    from .services import membership_grant, user_ensure

    created = []
    for demo in DEMO_USERS:
        user = user_ensure(
            email=demo.email,
            full_name=demo.full_name,
            sex=demo.sex,
            position=demo.position,
            password=DEMO_PASSWORD,
            is_superuser=demo.role is None,
        )
        if demo.role == Role.REVIEWER:
            membership_grant(user=user, role=demo.role, oblast=Oblast.objects.get(slug=demo.place))
        elif demo.role:
            membership_grant(
                user=user, role=demo.role, municipality=Municipality.objects.get(slug=demo.place)
            )
        created.append((demo, user))
    return created
