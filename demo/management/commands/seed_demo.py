from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.loader import demo_programmes_create
from demo.reading import DemoDataError
from demo.users import demo_people, demo_users_create
from municipalities.services import geography_load


class Command(BaseCommand):
    help = (
        "Load the geography, the demo users and the demo programmes of demo/data/ (idempotent) "
        "and print the logins."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        oblasts, districts, municipalities = geography_load()
        self.stdout.write(
            f"Geography: {oblasts} oblasts and cities, {districts} districts, "
            f"{municipalities} municipalities."
        )
        try:
            people = demo_people()
            users = demo_users_create(people)
            lines = demo_programmes_create(people)
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
