import factory

from municipalities.models import District, Membership, Municipality, Oblast, Role, User
from planning.models import Programme

PASSWORD = "correct-horse-battery-2019"


class OblastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Oblast

    slug = factory.Sequence(lambda n: f"oblast-{n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-облус")
    name = factory.SelfAttribute("name_ru")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    oblast = factory.SubFactory(OblastFactory)
    slug = factory.Sequence(lambda n: f"district-{n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-району")
    name = factory.SelfAttribute("name_ru")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    slug = factory.Sequence(lambda n: f"aa-{n}")
    name_ru = factory.Sequence(lambda n: f"Айылный аймак {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-айылдык аймагы")
    name = factory.SelfAttribute("name_ru")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@psep.example")
    full_name = factory.Sequence(lambda n: f"Участник {n}")
    sex = User.Sex.FEMALE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.WG_MEMBER
    municipality = factory.SubFactory(MunicipalityFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    title_ru = "Программа социально-экономического развития на 2020–2024 годы"
    title_ky = "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы"
    title = factory.SelfAttribute("title_ru")
    start_year = 2020
    end_year = 2024


def programme_for(municipality, chair, **kwargs):
    """A draft programme created the way the portal creates it (with its working group and
    passport), by the chair of the working group."""
    from planning.services.programme import programme_create

    values = {
        "title_ru": "Программа социально-экономического развития на 2020–2024 годы",
        "title_ky": "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы",
        "start_year": 2020,
        "end_year": 2024,
    }
    values.update(kwargs)
    return programme_create(municipality=municipality, actor=chair, **values)


def fill(programme, *, kyrgyz=True):
    """A minimal complete programme (every blocking check passes): one branch of the plan
    with everything it needs. Returns its activity."""
    from datetime import date
    from decimal import Decimal

    from planning.models import (
        Activity,
        ActivityCost,
        Direction,
        Goal,
        Indicator,
        IndicatorTarget,
        Objective,
        ResourceForecast,
        Sector,
        SectorAnalysis,
    )

    ky = (lambda text: text) if kyrgyz else (lambda text: "")
    programme.vision_ru, programme.vision_ky = "Видение", ky("Келечектин көрүнүшү")
    programme.overall_goal_ru, programme.overall_goal_ky = "Общая цель", ky("Жалпы максат")
    programme.save()
    direction = Direction.objects.create(
        programme=programme, title_ru="Водоснабжение", title_ky=ky("Суу менен камсыздоо")
    )
    goal = Goal.objects.create(direction=direction, title_ru="Чистая вода", title_ky=ky("Таза суу"))
    objective = Objective.objects.create(
        goal=goal, title_ru="Построить водопровод", title_ky=ky("Суу түтүгүн куруу")
    )
    activity = Activity.objects.create(
        objective=objective,
        programme=programme,
        title_ru="Прокладка труб",
        title_ky=ky("Түтүк төшөө"),
        responsible_ru="Айыл окмоту",
        responsible_ky=ky("Айыл өкмөтү"),
        start_date=date(2021, 4, 1),
        end_date=date(2021, 10, 31),
    )
    ActivityCost.objects.create(activity=activity, year=2021, source="local_budget", amount=100)
    indicator = Indicator.objects.create(
        programme=programme,
        goal=goal,
        name_ru="Доля домохозяйств с водой",
        name_ky=ky("Суусу бар үй чарбаларынын үлүшү"),
        unit="percent",
        baseline_value=Decimal("40"),
        baseline_year=2019,
    )
    for year in programme.years:
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=50 + year - 2020)
        ResourceForecast.objects.create(
            programme=programme, year=year, source="local_budget", amount=500
        )
    SectorAnalysis.objects.create(
        programme=programme,
        sector=Sector.objects.get(code="drinking-water"),
        situation_ru="Вода есть у 40% домов",
        situation_ky=ky("Суу үйлөрдүн 40% гана бар"),
    )
    return activity
