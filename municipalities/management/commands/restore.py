from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` on an empty installation (a new database, an "
        "empty MEDIA_ROOT): refuses a damaged or foreign archive, or one of another database "
        "engine, before writing anything. Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} of {manifest['created']}: the database and {files} "
                "uploaded files."
            )
        )
        self.stdout.write(
            "Now run `manage.py migrate`: it brings the restored database up to this version "
            "of the portal (it changes nothing when the archive is of the same version)."
        )
