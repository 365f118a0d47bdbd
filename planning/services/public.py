"""What the public sees of a programme changes: its public revision moves, and with it the
generation of the pages that list programmes (the home page).

The revision is the key of the public pages kept in the cache (common.pagecache), so it must
move on every committed change of anything those pages show, whatever writes it: every row
declared as a part of the programme (planning.parts: its content, proposals and answers,
hearings, the council decision, monitoring's periods and reports …), the programme row itself
(its status), its municipality's name, a finished document, and the writes that go around the
signals (a new version's copy) — those call `programme_public_changed` themselves.

Within a transaction the revision moves at the first change of a programme (one UPDATE, no
history: it is a counter, not content), and again only if a page of the same transaction was
built on it since (other transactions read the revision committed before). The copy of
the revision the pages read without a query is dropped at once and set again after the commit,
so that a page built from what was there before the commit is never kept under the new
revision."""

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import F

from common.pagecache import PUBLIC_LISTS, at_commit, move_generation, scheduled_at_commit

from ..models import Programme


def _revision_key(programme_id: int) -> str:
    return f"public-revision:{programme_id}"


def public_revision(programme_id: int, load: Callable[[], Programme] | None = None) -> int | None:
    """The programme's public revision, from the cache when it is there (None: no such
    programme). `load`: how the caller reads the programme itself when the revision is not
    in the cache (a page about to be built on it: one query for both)."""
    key = _revision_key(programme_id)
    moved = scheduled_at_commit(key)
    if moved is not None:
        moved.psep_read = True  # a page of this transaction is built on the moved revision
    revision = cache.get(key)
    if revision is None:
        if load is not None:
            revision = load().public_revision
        else:
            revision = (
                Programme.objects.filter(pk=programme_id)
                .values_list("public_revision", flat=True)
                .first()
            )
        if revision is not None and moved is None:
            # `add`, not `set`: the copy set after a commit wins over one read before it
            cache.add(key, revision)
    return revision


def _after_commit(programme_id: int) -> None:
    revision = (
        Programme.objects.filter(pk=programme_id).values_list("public_revision", flat=True).first()
    )
    if revision is None:
        cache.delete(_revision_key(programme_id))
    else:
        cache.set(_revision_key(programme_id), revision)


def programme_public_changed(programme: Programme | int) -> None:
    programme_id = programme if isinstance(programme, int) else programme.pk
    if programme_id is None:
        return
    move_generation(PUBLIC_LISTS)
    key = _revision_key(programme_id)
    moved = scheduled_at_commit(key)
    if moved is not None and not moved.psep_read:
        return  # moved already in this transaction, and no page was built on it since
    Programme.objects.filter(pk=programme_id).update(public_revision=F("public_revision") + 1)
    cache.delete(key)
    if moved is None:
        moved = at_commit(key, lambda: _after_commit(programme_id))
    moved.psep_read = False


def programmes_public_changed(programme_ids) -> None:
    for programme_id in programme_ids:
        programme_public_changed(programme_id)
