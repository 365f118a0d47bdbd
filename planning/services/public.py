"""What the public sees of a programme changes: its public revision moves (one UPDATE, no
history: it is a counter, not content) and `public_changed` tells whoever keeps something of
the public page. The apps above call it when what they add to the page changes."""

from django.db.models import F
from django.dispatch import Signal

from ..models import Programme

public_changed = Signal()  # programme_id


def programme_public_changed(programme: Programme | int) -> None:
    programme_id = programme if isinstance(programme, int) else programme.pk
    Programme.objects.filter(pk=programme_id).update(public_revision=F("public_revision") + 1)
    public_changed.send(sender=Programme, programme_id=programme_id)
