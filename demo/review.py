"""A demo draft that waits for the project's reviewer, put into the portal through the
life-cycle and review services: its working-group chair submits it for review, the reviewer
starts threads on sections of it and the working group answers; the threads the file does not
resolve stay open, and the draft stays in review (neither accepted nor sent back).

The file says it under `review` (instead of `consultation`, whose story goes on to the
public):

    review:
      submitted_by: <login>
      threads:
        - by: <login>            # who starts the thread (a reviewer)
          section: plan          # the programme's section
          item: 1.1.2            # optional: the item of the section
          text: …
          replies:               # optional
            - {by: <login>, text: …}
          resolved_by: <login>   # optional: the thread is resolved

Every key and value is checked before anything is written, like the rest of the file."""

from dataclasses import dataclass, field

from planning.models import Programme, Section
from planning.services.lifecycle import programme_submit
from planning.services.review import comment_reply, comment_resolve, comment_start

from .reading import Item
from .users import DemoPeople


@dataclass
class Thread:
    where: str
    by: str
    fields: dict  # comment_start: section, item_label, text
    replies: list[tuple[str, str, str]] = field(default_factory=list)  # (where, by, text)
    resolved_by: str | None = None


@dataclass
class Review:
    where: str
    submitted_by: str
    threads: list[Thread]

    @property
    def people(self) -> set[str]:
        people = {self.submitted_by}
        for thread in self.threads:
            people |= {thread.by, *(by for _where, by, _text in thread.replies)}
            if thread.resolved_by:
                people.add(thread.resolved_by)
        return people


def _login(item: Item, key: str, people: DemoPeople, *, required: bool = True) -> str | None:
    value = item.string(key, required=required) or None
    if value is not None and value not in people.logins:
        raise item.unknown_reference(key, value, "users.yaml")
    return value


def read_review(top: Item, people: DemoPeople) -> Review | None:
    """The `review` key of a programme file (None: the file has none)."""
    item = top.item("review", required=False)
    if item is None:
        return None
    threads = []
    for thread in item.items("threads"):
        replies = []
        for reply in thread.items("replies", required=False):
            replies.append((reply.where, _login(reply, "by", people), reply.string("text")))
            reply.done()
        threads.append(
            Thread(
                where=thread.where,
                by=_login(thread, "by", people),
                fields={
                    "section": thread.choice("section", Section.values),
                    "item_label": thread.string("item", required=False),
                    "text": thread.string("text"),
                },
                replies=replies,
                resolved_by=_login(thread, "resolved_by", people, required=False),
            )
        )
        thread.done()
    spec = Review(
        where=item.where, submitted_by=_login(item, "submitted_by", people), threads=threads
    )
    item.done()
    return spec


def tell_review(typist, programme: Programme, spec: Review) -> list[str]:
    """Submit the draft for review and write the threads, as the people of the file (`typist`:
    the loader's, which calls the services naming the item); returns the line to print."""
    person = typist.users.get
    typist.call(spec.where, programme_submit, programme=programme, actor=person(spec.submitted_by))
    still_open = 0
    for thread in spec.threads:
        started = typist.call(
            thread.where,
            comment_start,
            programme=programme,
            actor=person(thread.by),
            **thread.fields,
        )
        for where, by, text in thread.replies:
            typist.call(where, comment_reply, thread=started, actor=person(by), text=text)
        if thread.resolved_by:
            typist.call(
                thread.where, comment_resolve, thread=started, actor=person(thread.resolved_by)
            )
        else:
            still_open += 1
    replies = sum(len(thread.replies) for thread in spec.threads)
    return [
        f"{typist.spec.label}: submitted for review — {len(spec.threads)} reviewer's threads "
        f"({replies} replies, {still_open} still open); waiting for the reviewer's decision."
    ]
