from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.loader import PROGRAMME_FILES, demo_programmes_create
from demo.reading import DemoDataError
from demo.reports import presented_documents_ask
from demo.trainings import demo_trainings_create
from demo.users import demo_people, demo_users_create
from municipalities.services import geography_load

REFUSED = (
    "seed_demo refused: it creates the demo users, among them the superuser {admin} whose "
    "password ({password}) is published in the README, and this portal is neither the embedded "
    "default (SQLite) nor in DEBUG mode, so it may be a production database. Nothing was "
    "written. If this really is a demonstration installation, run it again with --force."
)


class Command(BaseCommand):
    help = (
        "Load the geography, the demo users and the demo programmes and events of demo/data/ "
        "(idempotent), ask for the documents of the presented reports, and print the logins. "
        "Only on the embedded default or with DEBUG, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Load the demo users (with their published password and a superuser) even on a "
                "database that is not the embedded default and without DEBUG."
            ),
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        try:
            people = demo_people()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if not (force or settings.EMBEDDED_DEFAULT or settings.DEBUG):
            admin = next((user.email for user in people.users if user.role is None), "admin")
            raise CommandError(REFUSED.format(admin=admin, password=people.password))
        oblasts, districts, municipalities = geography_load()
        self.stdout.write(
            f"Geography: {oblasts} oblasts and cities, {districts} districts, "
            f"{municipalities} municipalities."
        )
        try:
            users = demo_users_create(people)
            lines = demo_programmes_create(people)
            lines += demo_trainings_create(people)
            # the reports were recorded without their documents: asked for now, rendered by the
            # worker in the background once this transaction commits (only here, never in the
            # loader the tests use)
            lines += presented_documents_ask(people, PROGRAMME_FILES)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {people.password}):"))
        for demo, user in users:
            role = demo.role.label if demo.role else "administrator (superuser)"
            place = f" — {demo.place}" if demo.place else ""
            self.stdout.write(f"  {user.email:<24} {role}{place}")
