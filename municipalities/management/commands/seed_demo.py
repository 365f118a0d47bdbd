from django.core.management.base import BaseCommand
from django.db import transaction

from municipalities.demo import DEMO_PASSWORD, demo_users_create
from municipalities.services import geography_load
from planning.demo import demo_programmes_create


class Command(BaseCommand):
    help = "Load the geography and the demo users (idempotent) and print their logins."

    @transaction.atomic
    def handle(self, *args, **options):
        oblasts, districts, municipalities = geography_load()
        self.stdout.write(
            f"Geography: {oblasts} oblasts and cities, {districts} districts, "
            f"{municipalities} municipalities."
        )
        users = demo_users_create()
        for line in demo_programmes_create():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for demo, user in users:
            role = demo.role.label if demo.role else "administrator (superuser)"
            place = f" — {demo.place}" if demo.place else ""
            self.stdout.write(f"  {user.email:<24} {role}{place}")
