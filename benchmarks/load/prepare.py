"""What the load benchmark serves, made in a process of its own with the benchmark's environment
(`python -m benchmarks.load.prepare OUT.json`): the schema, the demo, two programmes of 300
activities with a chair of their own (one approved, one left a draft, which the chair edits), the
chair's session and the collected static files. Writes the pages to measure and the session
cookie to OUT.json."""

import io
import json
import secrets
import sys

# The two programmes of 300 activities belong to two municipalities of the demo reviewer's
# oblast that the demo leaves without a programme (a municipality has one programme per period).
OBLAST = "osh"
CHAIR = "bench-chair@psep.example"
SECRETARY = "bench-council@psep.example"
REVIEWER = "staff@psep.example"


def main(out: str) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Q
    from django.test import Client
    from django.urls import reverse

    from benchmarks.plan_page import ACTIVITIES, approve_programme, build_programme
    from municipalities.models import Municipality, Role, User
    from municipalities.services import membership_grant, user_ensure
    from planning.models import Programme, ProgrammeStatus

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", force=True, stdout=io.StringIO())

    free = list(
        Municipality.objects.filter(
            district__oblast__slug=OBLAST, programmes__isnull=True
        ).order_by("slug")[:2]
    )
    if len(free) < 2:
        raise RuntimeError(f"the demo leaves fewer than two municipalities of {OBLAST} free")
    municipality, draft_municipality = free
    password = secrets.token_urlsafe(16)
    chair = user_ensure(email=CHAIR, full_name="Председатель РГ (нагрузка)", password=password)
    secretary = user_ensure(
        email=SECRETARY, full_name="Секретарь кенеша (нагрузка)", password=password
    )
    membership_grant(user=chair, role=Role.WG_CHAIR, municipality=municipality)
    membership_grant(user=secretary, role=Role.COUNCIL_SECRETARY, municipality=municipality)
    # The same chair for the draft: one session serves every page (the plan's controls come
    # from the role in the programme's own municipality).
    membership_grant(user=chair, role=Role.WG_CHAIR, municipality=draft_municipality)
    programme, _ = build_programme(municipality=municipality, chair=chair)
    approve_programme(
        programme,
        chair=chair,
        reviewer=User.objects.get(email=REVIEWER),
        secretary=secretary,
    )
    # left a draft: the page the chair waits on while editing, with its controls and forms
    draft, _ = build_programme(municipality=draft_municipality, chair=chair)

    # the demo's approved programme: Кок-Жар's version in force
    demo = (
        Programme.objects.filter(municipality__slug="kok-zhar")
        .filter(Q(status=ProgrammeStatus.APPROVED) | Q(status=ProgrammeStatus.IN_IMPLEMENTATION))
        .order_by("-version")
        .first()
    )
    if demo is None:
        raise RuntimeError("the demo has no approved programme of Кок-Жар")

    client = Client()
    client.force_login(chair)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "activities": ACTIVITIES,
                "demo_programme": f"{demo} ({demo.get_status_display()})",
                "paths": {
                    "home": reverse("home"),
                    "public_demo": reverse("planning:public", kwargs={"pk": demo.pk}),
                    "public_300": reverse("planning:public", kwargs={"pk": programme.pk}),
                    "plan_approved": reverse("planning:plan", kwargs={"pk": programme.pk}),
                    "plan_draft": reverse("planning:plan", kwargs={"pk": draft.pk}),
                },
                # texts of the programmes' plan: a direction, and an activity of the last one
                "direction_marker": "Направление 4",
                "activity_marker": "Мероприятие 4.2.3.4",
                # what only the chair's page of the draft shows: the link to import the plan
                "edit_marker": reverse("planning:import_xlsx", kwargs={"pk": draft.pk}),
                "cookie": f"{cookie.key}={cookie.value}",
                "cookie_name": cookie.key,
                "cookie_value": cookie.value,
            },
            f,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
