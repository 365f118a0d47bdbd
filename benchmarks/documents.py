"""A programme document in ru+ky for a programme with 300 activities and 60 indicators,
against WeasyPrint alone rendering the same HTML in the same run.

The document row goes through the whole service the Celery task calls (`document_render`):
the selectors' queries, the templates in both languages, the sections laid out by as many
processes as the machine has CPUs (documents/layout), the frame, the assembly, the SHA-256 and
saving the file. The baseline is WeasyPrint alone turning the whole document's HTML into the
same PDF in one process (same fonts, same PDF/A variant). Peak memory is what tracemalloc sees
in the process that renders: Python objects, not the memory of the C libraries (Pango,
HarfBuzz) that WeasyPrint calls; the processes laying out parts are given by their largest
resident set size."""

from datetime import date
from decimal import Decimal

ACTIVITIES = 300
INDICATORS = 60
LANGUAGE = "ru+ky"

RU_WORDS = (
    "строительство ремонт водопровода школы дороги моста в селе с подключением домохозяйств "
    "и благоустройство территории силами жителей при поддержке айыл окмоту"
)
KY_WORDS = (
    "курулуш оңдоо суу түтүгүн мектептин жолдун көпүрөнүн айылда үй чарбаларын туташтыруу "
    "жана аймакты көрктөндүрүү тургундардын күчү менен айыл өкмөтүнүн колдоосу"
)


def _text(vocabulary: str, n: int, seed: int) -> str:
    """`n` words of the vocabulary, picked in an order that depends on `seed`."""
    words = vocabulary.split()
    return " ".join(words[(seed + i * 7) % len(words)] for i in range(n)).capitalize()


def build_programme():
    """Кок-Жар's programme 2025–2029 (the plan benchmark uses 2020–2024 of the same aimak):
    5 directions × 3 goals × 4 objectives × 5 activities, each activity with costs from two or
    three sources over two or three years, 60 indicators with a target for every year, the
    resource forecast, a passport, three sectors and a working group."""
    from demo.users import demo_users_create
    from municipalities.models import Municipality, User
    from planning.models import (
        Activity,
        ActivityCost,
        Direction,
        Goal,
        Indicator,
        IndicatorTarget,
        Objective,
        Problem,
        ResourceForecast,
        Sector,
        SectorAnalysis,
        SwotItem,
        WorkingGroupMember,
    )
    from tests.factories import programme_for

    demo_users_create()
    chair = User.objects.get(email="aibek@psep.example")
    programme = programme_for(
        Municipality.objects.get(slug="kok-zhar"),
        chair,
        start_year=2025,
        end_year=2029,
        title_ru="Программа социально-экономического развития Кок-Жарского айылного аймака "
        "на 2025–2029 годы",
        title_ky="Көк-Жар айылдык аймагынын 2025–2029-жылдарга социалдык-экономикалык өнүгүү "
        "программасы",
    )
    programme.vision_ru = _text(RU_WORDS, 80, 1)
    programme.vision_ky = _text(KY_WORDS, 80, 1)
    programme.overall_goal_ru = _text(RU_WORDS, 40, 2)
    programme.overall_goal_ky = _text(KY_WORDS, 40, 2)
    programme.save()
    passport = programme.passport
    passport.geographic_position_ru = _text(RU_WORDS, 90, 3)
    passport.geographic_position_ky = _text(KY_WORDS, 90, 3)
    passport.population_total, passport.households = 14820, 3050
    passport.save()
    for n, sector in enumerate(Sector.objects.all()[:3]):
        analysis = SectorAnalysis.objects.create(
            programme=programme,
            sector=sector,
            situation_ru=_text(RU_WORDS, 150, n),
            situation_ky=_text(KY_WORDS, 150, n),
        )
        for p in range(4):
            Problem.objects.create(
                analysis=analysis,
                text_ru=_text(RU_WORDS, 12, p),
                text_ky=_text(KY_WORDS, 12, p),
                priority=p + 1,
            )
    for n, kind in enumerate(("strength", "weakness", "opportunity", "threat") * 4):
        SwotItem.objects.create(
            programme=programme,
            kind=kind,
            text_ru=_text(RU_WORDS, 10, n),
            text_ky=_text(KY_WORDS, 10, n),
        )
    for n in range(15):
        WorkingGroupMember.objects.create(
            working_group=programme.working_group,
            full_name=f"Член рабочей группы {n + 1}",
            wg_role="chair" if n == 0 else "member",
            organisation=("omsu", "council", "initiative_group")[n % 3],
            sex=("female", "male")[n % 2],
        )

    years = programme.years
    sources = ("local_budget", "republican_budget", "donor", "population")
    activities, objectives, goals = [], [], []
    for d in range(5):
        direction = Direction.objects.create(
            programme=programme,
            title_ru=f"Направление {d + 1}: " + _text(RU_WORDS, 4, d),
            title_ky=f"{d + 1}-багыт: " + _text(KY_WORDS, 4, d),
            sort_order=d,
        )
        for g in range(3):
            goal = Goal.objects.create(
                direction=direction,
                title_ru=_text(RU_WORDS, 12, d + g),
                title_ky=_text(KY_WORDS, 12, d + g),
                sort_order=g,
            )
            goals.append(goal)
            for o in range(4):
                objective = Objective.objects.create(
                    goal=goal,
                    title_ru=_text(RU_WORDS, 9, g + o),
                    title_ky=_text(KY_WORDS, 9, g + o),
                    sort_order=o,
                )
                objectives.append(objective)
                for a in range(ACTIVITIES // 60):
                    seed = d * 60 + g * 20 + o * 5 + a
                    activities.append(
                        Activity(
                            objective=objective,
                            programme=programme,
                            title_ru=_text(RU_WORDS, 10, seed),
                            title_ky=_text(KY_WORDS, 10, seed),
                            responsible_ru="Айыл окмоту, специалист по ЖКХ",
                            responsible_ky="Айыл өкмөтү, ТКЧ адиси",
                            expected_result_ru=_text(RU_WORDS, 14, seed + 1),
                            expected_result_ky=_text(KY_WORDS, 14, seed + 1),
                            community_contribution_ru=_text(RU_WORDS, 8, seed) if a == 0 else "",
                            community_contribution_ky=_text(KY_WORDS, 8, seed) if a == 0 else "",
                            is_joint_action=a == 0,
                            start_date=date(years[seed % 3], 3, 1),
                            end_date=date(years[seed % 3 + 2], 11, 30),
                            sort_order=a,
                        )
                    )
    Activity.objects.bulk_create(activities)
    costs = []
    for n, activity in enumerate(Activity.objects.filter(programme=programme)):
        for year in years[n % 3 : n % 3 + 2 + n % 2]:
            for source in sources[n % 2 : n % 2 + 2 + n % 2]:
                costs.append(
                    ActivityCost(
                        activity=activity, year=year, source=source, amount=Decimal(50 + n % 400)
                    )
                )
    ActivityCost.objects.bulk_create(costs)
    indicators = []
    for n in range(INDICATORS):
        on_goal = n < len(goals)
        indicators.append(
            Indicator(
                programme=programme,
                goal=goals[n] if on_goal else None,
                objective=None if on_goal else objectives[n - len(goals)],
                name_ru=_text(RU_WORDS, 8, n),
                name_ky=_text(KY_WORDS, 8, n),
                unit=("percent", "number", "people", "households")[n % 4],
                baseline_value=Decimal(10 + n),
                baseline_year=years[0] - 1,
                means_of_verification_ru="Отчёты айыл окмоту",
                means_of_verification_ky="Айыл өкмөтүнүн отчеттору",
                sort_order=n,
            )
        )
    Indicator.objects.bulk_create(indicators)
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=Decimal(20 + i + n))
        for n, indicator in enumerate(Indicator.objects.filter(programme=programme))
        for i, year in enumerate(years)
    )
    ResourceForecast.objects.bulk_create(
        ResourceForecast(programme=programme, year=year, source=source, amount=Decimal(9000))
        for year in years
        for source in sources
    )
    if (
        Activity.objects.filter(programme=programme).count() != ACTIVITIES
        or Indicator.objects.filter(programme=programme).count() != INDICATORS
    ):
        raise RuntimeError("the benchmark programme was not built as expected")
    return programme, chair


def run(timed):
    import resource

    from documents import layout
    from documents import services as service
    from documents.models import Document, DocumentStatus
    from planning.documents import KIND, programme_book

    programme, chair = build_programme()
    html = programme_book(programme, LANGUAGE).whole_html()
    pages = []

    def weasyprint_alone():
        layout.weasyprint_html(html).write_pdf(pdf_variant=layout.PDF_VARIANT)

    def whole_service():
        document = Document.objects.create(
            kind=KIND,
            object_id=programme.pk,
            language=LANGUAGE,
            requested_by=chair,
            content_hash="0" * 64,
        )
        document = service.document_render(document.pk)
        if document.status != DocumentStatus.DONE:
            raise RuntimeError(f"the document failed: {document.error}")
        pages.append(document.pages)

    base, base_peak = timed(weasyprint_alone, 2)
    seconds, peak = timed(whole_service, 2)
    parts_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    name = f"PDF {LANGUAGE}, {ACTIVITIES} activities, {INDICATORS} indicators"
    return [
        (f"{name}: WeasyPrint alone, one process (baseline)", base, 1.0, base_peak),
        (
            f"{name}: document_render, {pages[-1]} pages, {layout.processes_available()} "
            f"processes (largest part process: {parts_rss:.0f} MiB resident)",
            seconds,
            seconds / base,
            peak,
        ),
    ]
