"""The import of a period's monitoring table with 4 000 rows of actuals, against openpyxl alone
reading the same file (read-only, every cell) in the same run: seconds, peak memory and the
ratio. Each run imports into a period of its own, so that each writes its 4 000 rows (with their
history), as a first import does."""

import io

ROWS = 4000


def build():
    from demo.users import demo_users_create
    from monitoring.models import ReportingPeriod
    from monitoring.services.periods import periods_open
    from municipalities.models import Municipality, Role, User
    from planning.models import Direction, Goal, Indicator, IndicatorTarget, Programme
    from tests.factories import programme_for

    demo_users_create()
    chair = User.objects.get(email="aibek@psep.example")
    member = User.objects.get(email="shirin@psep.example")
    if not member.memberships.filter(role=Role.MONITORING_MEMBER).exists():
        raise RuntimeError("the demo ГСМиО member is missing")
    programme = programme_for(
        Municipality.objects.get(slug="kok-zhar"), chair, start_year=2030, end_year=2034
    )
    goal = Goal.objects.create(
        direction=Direction.objects.create(programme=programme, title_ru="Вода"), title_ru="Вода"
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            programme=programme,
            goal=goal,
            name_ru=f"Индикатор {n}",
            unit="number",
            is_sex_disaggregated=n % 4 == 0,
            sort_order=n,
        )
        for n in range(ROWS)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=year, value=100)
        for i in indicators
        for year in range(2030, 2035)
    )
    # approved and in implementation (its data is not what is measured here)
    Programme.objects.filter(pk=programme.pk).update(status="in_implementation")
    programme.refresh_from_db()
    periods_open(programme=programme, actor=member)
    return list(ReportingPeriod.objects.filter(programme=programme).order_by("year")), member


def workbook(period) -> bytes:
    """The period's table with a value in every row (a split by sex in one row of four)."""
    from openpyxl import load_workbook

    from monitoring.services.excel import period_export

    book = load_workbook(io.BytesIO(period_export(period)[0]))
    for n, row in enumerate(book["Индикаторы"].iter_rows(min_row=2)):
        row[4].value = 40 + n % 50
        if n % 4 == 0:
            row[5].value, row[6].value = 20, 20 + n % 50
        row[7].value = "Отчёт айыл окмоту"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(timed):
    from openpyxl import load_workbook

    from monitoring.models import IndicatorActual
    from monitoring.services.excel import period_import

    periods, member = build()
    content = workbook(periods[0])  # the rows name indicators, valid in any period

    def openpyxl_alone():
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for name in book.sheetnames:
            for _row in book[name].iter_rows(values_only=True):
                pass
        book.close()

    def import_period():
        period = periods.pop(0)
        result = period_import(period=period, file=content, actor=member)
        if IndicatorActual.objects.filter(period=period).count() != ROWS:
            raise RuntimeError(f"imported {result.actuals} rows, not {ROWS}")

    base, base_peak = timed(openpyxl_alone, 3)
    seconds, peak = timed(import_period, 3)  # five runs in all: one per period
    return [
        (f"xlsx of {ROWS} rows: openpyxl alone, read-only (baseline)", base, 1.0, base_peak),
        (f"monitoring import of {ROWS} rows of actuals", seconds, seconds / base, peak),
    ]
