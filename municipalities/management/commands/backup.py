from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Write one archive with the database (pg_dump on PostgreSQL, the SQLite file on the "
        "embedded default) and the uploaded files, with the SHA-256 of each, into --output "
        "(BACKUP_DIR by default); --keep N deletes all but the N newest archives there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--keep", type=int, default=None)

    def handle(self, *args, output: Path | None, keep: int | None, **options):
        output = output or Path(settings.BACKUP_DIR)
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more: the archive just written is kept.")
        try:
            backup = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {backup.path} ({backup.bytes / 1024 / 1024:.1f} MB, "
                f"the database and {backup.files} uploaded files)."
            )
        )
        if keep is not None:
            for path in backups_prune(output=output, keep=keep):
                self.stdout.write(f"Older backup deleted: {path}")
