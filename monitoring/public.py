"""Monitoring's section of a programme's public page (planning.extensions.public_sections):
the progress of a programme in implementation, its indicators against their targets and its
presented reports."""

from django.utils.translation import gettext_lazy as _

from planning.extensions import PublicSection, public_sections
from planning.models import ProgrammeStatus

from .selectors.public import public_progress


def _in_implementation(programme) -> bool:
    return programme.status == ProgrammeStatus.IN_IMPLEMENTATION


def register() -> None:
    public_sections.register(
        PublicSection(
            "progress",
            _("Ход реализации"),
            "monitoring/public/_progress.html",
            data=lambda programme: {"progress": public_progress(programme)},
            when=_in_implementation,
            # first: what a resident asks of a programme being carried out
            order=5,
        )
    )
