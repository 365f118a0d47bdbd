"""The activity-plan page of a programme with 300 activities, against the home page."""

from datetime import date

ACTIVITIES = 300


def build_programme(municipality=None, chair=None):
    """A draft of 300 activities, by default Кок-Жар's with aibek as its chair (the demo users
    are created for it); another municipality and its chair can be given."""
    from demo.users import demo_users_create
    from municipalities.models import Municipality, User
    from planning.models import Activity, ActivityCost, Direction, Goal, Indicator, Objective
    from tests.factories import programme_for

    if chair is None:
        demo_users_create()
        chair = User.objects.get(email="aibek@psep.example")
        municipality = Municipality.objects.get(slug="kok-zhar")
    programme = programme_for(municipality, chair)
    activities, costs = [], []
    for d in range(5):
        direction = Direction.objects.create(
            programme=programme, title_ru=f"Направление {d}", title_ky=f"Багыт {d}", sort_order=d
        )
        for g in range(3):
            goal = Goal.objects.create(
                direction=direction, title_ru=f"Цель {d}.{g}", title_ky=f"Максат {d}.{g}"
            )
            Indicator.objects.create(
                programme=programme, goal=goal, name_ru=f"Индикатор {d}.{g}", unit="percent"
            )
            for o in range(4):
                objective = Objective.objects.create(
                    goal=goal, title_ru=f"Задача {d}.{g}.{o}", title_ky=f"Милдет {d}.{g}.{o}"
                )
                for a in range(ACTIVITIES // 60):
                    activities.append(
                        Activity(
                            objective=objective,
                            programme=programme,
                            title_ru=f"Мероприятие {d}.{g}.{o}.{a}",
                            title_ky=f"Иш-чара {d}.{g}.{o}.{a}",
                            responsible_ru="Айыл окмоту",
                            responsible_ky="Айыл өкмөтү",
                            start_date=date(2021, 3, 1),
                            end_date=date(2022, 11, 30),
                            sort_order=a,
                        )
                    )
    Activity.objects.bulk_create(activities)
    for activity in Activity.objects.filter(programme=programme):
        for year in (2021, 2022):
            for source in ("local_budget", "republican_budget", "population"):
                costs.append(ActivityCost(activity=activity, year=year, source=source, amount=125))
    ActivityCost.objects.bulk_create(costs)
    if Activity.objects.filter(programme=programme).count() != ACTIVITIES:
        raise RuntimeError("the benchmark programme was not built as expected")
    return programme, chair


def approve_programme(programme, *, chair, reviewer, secretary):
    """Take the programme of `build_programme` to the council's approval as people do: what the
    blocking checks still ask (vision, overall goal, indicators with a baseline and a target for
    each year) is filled in, then the chair submits it, the reviewer accepts it for the public
    consultation, the chair records a hearing and passes it to the council, and the council
    secretary records the decision, which freezes that version."""
    from decimal import Decimal

    from planning.models import Indicator, IndicatorTarget, ProgrammeStatus
    from planning.services import consultation, lifecycle

    programme.vision_ru, programme.vision_ky = "Видение", "Келечектин көрүнүшү"
    programme.overall_goal_ru, programme.overall_goal_ky = "Общая цель", "Жалпы максат"
    programme.save()
    indicators = list(Indicator.objects.filter(programme=programme))
    for indicator in indicators:
        indicator.baseline_value, indicator.baseline_year = Decimal(40), programme.start_year - 1
    Indicator.objects.bulk_update(indicators, ["baseline_value", "baseline_year"])
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=40 + year - programme.start_year)
        for indicator in indicators
        for year in programme.years
    )
    lifecycle.programme_submit(programme=programme, actor=chair)
    lifecycle.programme_accept(programme=programme, actor=reviewer)
    consultation.hearing_create(
        programme=programme,
        actor=chair,
        date=date(programme.start_year - 1, 11, 14),
        women=41,
        men=37,
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        minutes_ru="Проект программы одобрен.",
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=chair)
    lifecycle.programme_record_decision(
        programme=programme,
        actor=secretary,
        number="300",
        date=date(programme.start_year - 1, 12, 20),
        session="XXX",
    )
    programme.refresh_from_db()
    if programme.status != ProgrammeStatus.APPROVED:
        raise RuntimeError("the benchmark programme was not approved")
    return programme


def run(timed):
    from django.test import Client
    from django.urls import reverse

    programme, chair = build_programme()
    client = Client()
    client.force_login(chair)
    home = reverse("home")
    plan = reverse("planning:plan", kwargs={"pk": programme.pk})
    overview = reverse("planning:overview", kwargs={"pk": programme.pk})

    def get(url):
        return lambda: _ok(client.get(url))

    base, base_peak = timed(get(home), 20)
    rows = [("home page (baseline)", base, 1.0, base_peak)]
    for name, url in (
        # as it opens: its directions closed (a plan this large), each opened on demand
        (f"activity plan, {ACTIVITIES} activities", plan),
        (f"activity plan, {ACTIVITIES} activities, every direction open", f"{plan}?open=all"),
        (f"programme overview, {ACTIVITIES} activities", overview),
    ):
        seconds, peak = timed(get(url), 10)
        rows.append((name, seconds, seconds / base, peak))
    return rows


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    return response
