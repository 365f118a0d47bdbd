from django.core.management.base import BaseCommand, CommandError

from municipalities.tasks import ping


class Command(BaseCommand):
    help = "Send a task through the configured broker and wait for a Celery worker to answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=20.0)

    def handle(self, *args, timeout: float, **options):
        result = ping.delay()
        try:
            answer = result.get(timeout=timeout)
        except Exception as exc:
            raise CommandError(
                f"No Celery worker answered within {timeout:g} s ({exc.__class__.__name__}). "
                "Is `celery -A psep_portal worker` running with the same CELERY_BROKER_URL?"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Celery worker answered: {answer}"))
