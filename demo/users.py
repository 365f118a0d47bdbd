"""The demo people of `data/users.yaml`: one login per role (the personas of CONVENTIONS §9)."""

from dataclasses import dataclass

from municipalities.models import Municipality, Oblast, Role, User
from municipalities.services import membership_grant, user_ensure

from .reading import NOT_IN_PORTAL, DemoDataError, check_unique, read_file

USERS_FILE = "users.yaml"
ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class DemoUser:
    login: str
    email: str
    full_name: str
    sex: str
    position: str
    role: Role | None  # None: the administrator (a superuser)
    place: str | None  # the municipality's slug, or a reviewer's oblast
    where: str  # the item in the file, for messages


@dataclass(frozen=True)
class DemoPeople:
    password: str
    users: list[DemoUser]

    @property
    def logins(self) -> set[str]:
        return {user.login for user in self.users}

    def email(self, login: str) -> str:
        return next(user.email for user in self.users if user.login == login)

    def existing(self, *logins: str) -> dict[str, User]:
        """The portal's users of these logins, for those that exist."""
        by_email = {self.email(login): login for login in logins}
        return {
            by_email[user.email]: user for user in User.objects.filter(email__in=list(by_email))
        }


def demo_people() -> DemoPeople:
    """The people of the users file, checked."""
    top = read_file(USERS_FILE)
    domain = top.string("email_domain")
    password = top.string("password")
    items = top.items("users")
    top.done()
    check_unique(items, "login")
    users = []
    for item in items:
        login = item.string("login")
        role = item.choice("role", [*Role.values, ADMINISTRATOR])
        user = DemoUser(
            login=login,
            email=f"{login}@{domain}",
            full_name=item.string("full_name"),
            sex=item.choice("sex", User.Sex.values, required=False),
            position=item.string("position", required=False),
            role=None if role == ADMINISTRATOR else Role(role),
            place=item.string("place", required=role != ADMINISTRATOR) or None,
            where=item.where,
        )
        item.done()
        users.append(user)
    return DemoPeople(password=password, users=users)


def demo_users_create(people: DemoPeople | None = None) -> list[tuple[DemoUser, User]]:
    """Create (or bring back to the file) every demo user with the demo password and their role;
    returns [(DemoUser, User)]."""
    people = people or demo_people()
    created = []
    for demo in people.users:
        place = None
        if demo.role == Role.REVIEWER:
            place = {"oblast": Oblast.objects.filter(slug=demo.place).first()}
        elif demo.role is not None:
            place = {"municipality": Municipality.objects.filter(slug=demo.place).first()}
        if place is not None and None in place.values():
            raise DemoDataError(NOT_IN_PORTAL, where=demo.where, key="place", value=demo.place)
        user = user_ensure(
            email=demo.email,
            full_name=demo.full_name,
            sex=demo.sex,
            position=demo.position,
            password=people.password,
            is_superuser=demo.role is None,
        )
        if place is not None:
            membership_grant(user=user, role=demo.role, **place)
        created.append((demo, user))
    return created
