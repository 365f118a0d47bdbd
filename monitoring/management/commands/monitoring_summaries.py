from django.core.management.base import BaseCommand

from monitoring.services.summary import summaries_refresh_all


class Command(BaseCommand):
    help = (
        "Count again the monitoring summary of every programme in implementation (the figures "
        "of the reviewers' dashboard), e.g. after data came from a backup or was fixed in the "
        "database; summaries of programmes without reporting periods are deleted."
    )

    def handle(self, *args, **options):
        counted, deleted = summaries_refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Monitoring summaries counted: {counted}; summaries without periods "
                f"deleted: {deleted}."
            )
        )
