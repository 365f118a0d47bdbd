"""Open data of approved programmes: the files of one municipality and of all, in CSV and JSON,
validated by the `frictionless` library against the datapackage.json the portal serves with
them (the demo, and a programme of 300 activities); Kyrgyz letters intact; what a draft, an
amendment in the works or a programme in consultation holds is in no file and not on the page;
the JSON holds the CSV's rows; the files of all municipalities cost the same queries for 2 and
for 20 programmes; the open-data page, the menu entry and the public page's section."""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    IndicatorActual,
    PeriodStatus,
    ReportingPeriod,
)
from monitoring.opendata import TABLES
from monitoring.services import data, periods
from municipalities.models import Municipality, Role
from planning.models import (
    Activity,
    ActivityCost,
    CouncilDecision,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeStatus,
)
from planning.services import lifecycle
from planning.services.versions import programme_amend
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    UserFactory,
    fill,
    programme_for,
)
from tests.monitoring.conftest import approve

# a Kyrgyz title with the three letters that must survive every layer
KY_TITLE = "Жаңы-Айылда түтүк төшөө, суу үчүн"
DRAFT_MARK = "ЧЕРНОВИК-НЕ-ПУБЛИКУЕТСЯ"
CONSULTATION_MARK = "ОБСУЖДЕНИЕ-НЕ-ПУБЛИКУЕТСЯ"
OPEN_PERIOD_VALUE = Decimal("78.25")


# --- helpers ----------------------------------------------------------------------------------


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, slug: str | None, folder: Path, lang: str = "ru") -> dict:
    """The datapackage.json of a scope and every file it names, written into `folder` as a
    person downloading them would."""
    if slug is None:
        url = reverse("monitoring:opendata_package")
    else:
        url = reverse("monitoring:opendata_m_package", kwargs={"slug": slug})
    url = url.replace("/ru/", f"/{lang}/", 1)
    response = client.get(url)
    assert response.status_code == 200, url
    descriptor = json.loads(_body(response))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_bytes(_body(response))
    base = url.rsplit("/", 1)[0]
    for resource in descriptor["resources"]:
        file_response = client.get(f"{base}/{resource['path']}")
        assert file_response.status_code == 200, resource["path"]
        assert resource["path"] in file_response["Content-Disposition"]
        (folder / resource["path"]).write_bytes(_body(file_response))
    return descriptor


def validate(folder: Path) -> frictionless.Report:
    """`frictionless` validates the package as served, with its files. The CSV resources are
    read from their files by the library itself; the JSON ones are given to it as the rows
    Python's json module reads from their files, because the library's own JSON reader needs
    its `json` extra (ijson), which the test tools do not include. The schemas, keys and
    foreign keys are the package's own, JSON resources included."""
    package = frictionless.Package(str(folder / "datapackage.json"))
    for resource in list(package.resources):
        if resource.format == "json":
            rows = json.loads((folder / resource.path).read_text(encoding="utf-8"))
            inline = frictionless.resources.TableResource(
                name=resource.name, data=rows, schema=resource.schema
            )
            package.remove_resource(resource.name)
            package.add_resource(inline)
    return package.validate()


def assert_valid(report: frictionless.Report) -> None:
    errors = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:20]


def csv_rows(folder: Path, name: str) -> list[dict]:
    text = next(folder.glob(f"*-{name}.csv")).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def json_rows(folder: Path, name: str) -> list[dict]:
    return json.loads(next(folder.glob(f"*-{name}.json")).read_text(encoding="utf-8"))


def all_text(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))


def typed_csv(table, row: dict) -> dict:
    """A CSV row read with the types of its schema, as JSON would hold them."""
    types = {column.name: column.type for column in table.columns}
    cast = {
        "integer": int,
        "number": Decimal,
        "boolean": lambda text: {"true": True, "false": False}[text],
    }
    return {
        name: (None if text == "" else cast.get(types[name], str)(text))
        for name, text in row.items()
    }


def typed_json(table, row: dict) -> dict:
    types = {column.name: column.type for column in table.columns}
    return {
        name: Decimal(repr(value)) if types[name] == "number" and value is not None else value
        for name, value in row.items()
    }


# --- fixtures ---------------------------------------------------------------------------------


def report_period(period, *, shirin, indicator, activity, submit=True):
    """The ГСМиО's report of a period, through the services, handed in."""
    data.actual_set(
        period=period,
        indicator=indicator,
        actor=shirin,
        value=Decimal("56"),
        women=Decimal("30"),
        men=Decimal("26"),
    )
    data.progress_set(
        period=period,
        activity=activity,
        actor=shirin,
        status="delayed",
        percent=40,
        comment="Подрядчик задержал трубы",
        spending={"local_budget": Decimal("40.5"), "donor": Decimal("12.0")},
    )
    if submit:
        periods.period_submit(period=period, actor=shirin)


@pytest.fixture
def kok_zhar_open(programme, aibek, staff, kenesh, shirin):
    """Кок-Жар's programme in implementation (a Kyrgyz title with ң ө ү), its period of 2021
    handed in with an actual split by sex and an activity's progress and spending, and its
    period of 2022 still open with a value typed in."""
    activity = fill(programme)
    Activity.objects.filter(pk=activity.pk).update(title_ky=KY_TITLE)
    Indicator.objects.filter(programme=programme).update(is_sex_disaggregated=True)
    programme = approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    indicator = Indicator.objects.get(programme=programme)
    activity = Activity.objects.get(programme=programme)
    report_period(
        ReportingPeriod.objects.get(programme=programme, year=2021),
        shirin=shirin,
        indicator=indicator,
        activity=activity,
    )
    data.actual_set(
        period=ReportingPeriod.objects.get(programme=programme, year=2022),
        indicator=indicator,
        actor=shirin,
        value=OPEN_PERIOD_VALUE,
        women=Decimal("40"),
        men=Decimal("38.25"),
    )
    return programme


@pytest.fixture
def not_public(kok_zhar_open, aibek, ak_tal_programme, staff):
    """What no file may hold: Ак-Тал's draft, Кок-Жар's amendment being drafted, and a
    programme of Osh oblast in public consultation."""
    fill(ak_tal_programme)
    Activity.objects.filter(programme=ak_tal_programme).update(title_ru=DRAFT_MARK)
    amendment = programme_amend(programme=kok_zhar_open, actor=aibek)
    Activity.objects.filter(programme=amendment).update(title_ru=DRAFT_MARK)
    bulolu = Municipality.objects.get(slug="bulolu")
    chair = UserFactory(full_name="Председатель РГ Бүлөлү")
    MembershipFactory(user=chair, municipality=bulolu, role=Role.WG_CHAIR)
    consulted = programme_for(bulolu, chair)
    fill(consulted)
    Activity.objects.filter(programme=consulted).update(title_ru=CONSULTATION_MARK)
    lifecycle.programme_submit(programme=consulted, actor=chair)
    lifecycle.programme_accept(programme=consulted, actor=staff)
    consulted.refresh_from_db()
    assert consulted.status == ProgrammeStatus.PUBLIC_CONSULTATION
    return {"draft": ak_tal_programme, "amendment": amendment, "consulted": consulted}


# --- the files --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_files_of_a_municipality_validate_and_hold_what_was_handed_in(
    client, kok_zhar_open, tmp_path
):
    descriptor = download(client, "kok-zhar", tmp_path)
    assert_valid(validate(tmp_path))

    assert descriptor["name"] == "psep-kok-zhar"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert descriptor["title_ky"].startswith("СЭӨП ачык маалыматтары")
    by_name = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(by_name) == {f"{t}{s}" for t in TABLES for s in ("", "-json")}
    costs = {f["name"]: f for f in by_name["activity_costs"]["schema"]["fields"]}
    assert costs["source"]["constraints"]["enum"] == [
        "local_budget",
        "republican_budget",
        "donor",
        "population",
        "private",
        "other",
    ]
    assert "тыс. сом" in costs["amount"]["description"]
    assert "миң сом" in costs["amount"]["description_ky"]
    assert by_name["spending"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "activities"

    (programme,) = csv_rows(tmp_path, "programmes")
    assert programme["municipality"] == "kok-zhar"
    assert (programme["status"], programme["version"]) == ("in_implementation", "1")
    assert (programme["council_decision_number"], programme["council_decision_date"]) == (
        "12",
        "2019-05-28",
    )
    assert programme["public_url"].endswith(f"/ru/public/p/{kok_zhar_open.pk}/")

    (activity,) = csv_rows(tmp_path, "activities")
    assert activity["activity_code"] == "1.1.1.1"
    assert activity["title_ky"] == KY_TITLE  # ң ө ү intact
    assert (activity["status"], activity["percent_complete"]) == ("delayed", "40")
    assert (activity["status_period"], activity["planned_total"]) == ("2021", "100.0")
    assert activity["joint_action"] == "false"
    assert csv_rows(tmp_path, "activity_costs") == [
        {
            "municipality": "kok-zhar",
            "activity_code": "1.1.1.1",
            "year": "2021",
            "source": "local_budget",
            "amount": "100.0",
        }
    ]
    spending = csv_rows(tmp_path, "spending")
    assert [(row["period"], row["source"], row["amount"]) for row in spending] == [
        ("2021", "donor", "12.0"),
        ("2021", "local_budget", "40.5"),
    ]
    assert {row["period_status"] for row in spending} == {"submitted"}

    (indicator,) = csv_rows(tmp_path, "indicators")
    assert (indicator["indicator_number"], indicator["level"], indicator["goal_code"]) == (
        "1",
        "goal",
        "1.1",
    )
    assert (indicator["baseline_value"], indicator["baseline_year"]) == ("40.00", "2019")
    assert indicator["sex_disaggregated"] == "true"
    assert [(r["year"], r["target"]) for r in csv_rows(tmp_path, "indicator_targets")] == [
        ("2020", "50.00"),
        ("2021", "51.00"),
        ("2022", "52.00"),
        ("2023", "53.00"),
        ("2024", "54.00"),
    ]
    # the period of 2021, handed in; not the open one of 2022
    (actual,) = csv_rows(tmp_path, "indicator_actuals")
    assert (actual["period"], actual["value"], actual["women"], actual["men"]) == (
        "2021",
        "56.00",
        "30.00",
        "26.00",
    )
    assert (actual["period_start"], actual["period_end"]) == ("2021-01-01", "2021-12-31")
    assert str(OPEN_PERIOD_VALUE) not in all_text(tmp_path)

    codes = {(row["list"], row["code"]): row for row in csv_rows(tmp_path, "codes")}
    assert codes["funding_source", "local_budget"]["label_ru"] == "местный бюджет"
    assert codes["funding_source", "local_budget"]["label_ky"] == "жергиликтүү бюджет"
    assert codes["programme_status", "in_implementation"]["label_ky"] == "ишке ашырылууда"


@pytest.mark.django_db
def test_csv_is_utf8_without_bom_and_keeps_kyrgyz_letters(client, kok_zhar_open):
    url = reverse(
        "monitoring:opendata_m_file",
        kwargs={"slug": "kok-zhar", "file_name": "psep-kok-zhar-activities.csv"},
    )
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="psep-kok-zhar-activities.csv"'
    )
    raw = _body(response)
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert KY_TITLE in text
    for letter in "ңөүҢӨҮ"[:3]:
        assert letter in text
    assert "Суу түтүгүн куруу" in text  # the objective's Kyrgyz title


@pytest.mark.django_db
def test_json_holds_the_same_rows_as_the_csv(client, kok_zhar_open, tmp_path):
    download(client, None, tmp_path)
    for name in TABLES:
        rows_csv = csv_rows(tmp_path, name)
        rows_json = json_rows(tmp_path, name)
        assert rows_csv, name
        table = TABLES[name]
        assert [typed_json(table, row) for row in rows_json] == [
            typed_csv(table, row) for row in rows_csv
        ], name
        assert list(rows_json[0]) == list(rows_csv[0]), name  # the same columns, in order
    (activity,) = json_rows(tmp_path, "activities")
    assert activity["joint_action"] is False
    assert activity["percent_complete"] == 40
    assert activity["planned_total"] == 100.0
    assert activity["title_ky"] == KY_TITLE


@pytest.mark.django_db
def test_nothing_of_a_draft_an_amendment_or_a_consultation(client, not_public, tmp_path):
    download(client, None, tmp_path / "all")
    assert_valid(validate(tmp_path / "all"))
    text = all_text(tmp_path / "all")
    assert DRAFT_MARK not in text and CONSULTATION_MARK not in text
    assert [row["municipality"] for row in csv_rows(tmp_path / "all", "programmes")] == ["kok-zhar"]
    # the version in force, not the amendment in the works
    (programme,) = csv_rows(tmp_path / "all", "programmes")
    assert programme["version"] == "1"

    for slug in ("ak-tal", "bulolu", "no-such-place"):
        assert client.get(f"/ru/open-data/m/{slug}/datapackage.json").status_code == 404
        assert client.get(f"/ru/open-data/m/{slug}/psep-{slug}-activities.csv").status_code == 404

    html = client.get("/ru/open-data/").content.decode()
    assert DRAFT_MARK not in html and CONSULTATION_MARK not in html
    assert "/open-data/m/kok-zhar/" in html
    assert "/open-data/m/ak-tal/" not in html and "/open-data/m/bulolu/" not in html


@pytest.mark.django_db
def test_a_wrong_file_name_is_a_404(client, kok_zhar_open):
    assert client.get("/ru/open-data/m/kok-zhar/psep-ak-tal-activities.csv").status_code == 404
    assert client.get("/ru/open-data/m/kok-zhar/psep-kok-zhar-activities.xls").status_code == 404
    assert client.get("/ru/open-data/psep-kok-zhar-activities.csv").status_code == 404
    assert client.get("/ru/open-data/psep-all-activities.csv").status_code == 200


@pytest.mark.django_db
def test_public_data_may_be_kept_by_shared_caches(client, kok_zhar_open, gulnara):
    url = "/ru/open-data/psep-all-spending.csv"
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "max-age=900" in response["Cache-Control"]
    assert not response.cookies
    signed_in = client_for(gulnara).get(url)
    assert "private" in signed_in["Cache-Control"]
    assert "public" not in signed_in["Cache-Control"]
    assert client.head(url).status_code == 200  # tools may ask before they download
    package = client.get("/ru/open-data/datapackage.json")
    assert package["Content-Type"] == "application/json; charset=utf-8"
    assert "public" in package["Cache-Control"]


@pytest.mark.django_db
def test_the_ky_address_serves_the_same_package(client, kok_zhar_open):
    ru = json.loads(client.get("/ru/open-data/m/kok-zhar/datapackage.json").content)
    ky = json.loads(client.get("/ky/open-data/m/kok-zhar/datapackage.json").content)
    ru.pop("homepage"), ky.pop("homepage")
    assert ru == ky
    assert ru["title"] == "Открытые данные ПСЭР: Кок-Жарский айылный аймак"


# --- a programme of 300 activities, and the queries -------------------------------------------


def big_programme(municipality, *, activities=300, periods_handed_in=True):
    """A programme in implementation with `activities` activities (each with two costs), an
    indicator per activity with its targets, and a handed-in period with everyone's progress,
    spending and actuals: written in bulk, then moved to implementation as the life-cycle
    would."""
    chair = UserFactory()
    MembershipFactory(user=chair, municipality=municipality, role=Role.WG_CHAIR)
    programme = programme_for(municipality, chair)
    first = fill(programme)
    Activity.objects.filter(pk=first.pk).update(title_ky=KY_TITLE)
    created = Activity.objects.bulk_create(
        Activity(
            objective=first.objective,
            programme=programme,
            title_ru=f"Мероприятие {i}",
            title_ky=f"Иш-чара {i}: көпүрө, жаңы жол",
            sort_order=i,
            is_joint_action=i % 2 == 0,
            start_date=date(2021, 1, 1),
            end_date=date(2022, 12, 31),
        )
        for i in range(1, activities)
    )
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=a, year=year, source=source, amount=Decimal("10.5"))
        for a in created
        for year, source in ((2021, "local_budget"), (2022, "donor"))
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            programme=programme,
            objective=first.objective,
            name_ru=f"Индикатор {i}",
            name_ky=f"Көрсөткүч {i}",
            unit="number",
            direction="decrease" if i % 3 == 0 else "increase",
            baseline_value=Decimal(i),
            baseline_year=2019,
            sort_order=i,
        )
        for i in range(1, activities)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=Decimal(10 + year - 2020))
        for indicator in indicators
        for year in programme.years
    )
    CouncilDecision.objects.create(
        programme=programme, number="7", date=date(2019, 12, 20), session="IV"
    )
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.IN_IMPLEMENTATION)
    programme.refresh_from_db()
    periods.periods_open(programme=programme, actor=None)
    period = ReportingPeriod.objects.get(programme=programme, year=2021)
    progress = ActivityProgress.objects.bulk_create(
        ActivityProgress(period=period, activity=a, status="in_progress", percent=50)
        for a in created
    )
    ActivitySpending.objects.bulk_create(
        ActivitySpending(progress=p, source="local_budget", amount=Decimal("5.0")) for p in progress
    )
    IndicatorActual.objects.bulk_create(
        IndicatorActual(period=period, indicator=indicator, value=Decimal(12))
        for indicator in indicators
    )
    if periods_handed_in:
        ReportingPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    return programme


@pytest.mark.django_db
def test_a_programme_of_300_activities_validates(client, kok_zhar, tmp_path):
    big_programme(kok_zhar)
    download(client, "kok-zhar", tmp_path)
    report = validate(tmp_path)
    assert_valid(report)
    assert len(csv_rows(tmp_path, "activities")) == 300
    assert len(csv_rows(tmp_path, "activity_costs")) == 1 + 299 * 2
    assert len(csv_rows(tmp_path, "spending")) == 299
    assert len(csv_rows(tmp_path, "indicators")) == 300
    assert len(csv_rows(tmp_path, "indicator_actuals")) == 299
    codes = [row["activity_code"] for row in csv_rows(tmp_path, "activities")]
    assert codes[:3] == ["1.1.1.1", "1.1.1.2", "1.1.1.3"] and codes[-1] == "1.1.1.300"
    rows_of = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows_of["activities"] == 300 and rows_of["activities-json"] == 300


def municipalities(n: int) -> list[Municipality]:
    """`n` municipalities: those of the seeds, and more of other places where they run out."""
    places = list(Municipality.objects.order_by("pk")[:n])
    return places + [MunicipalityFactory() for _ in range(n - len(places))]


def _fetch_everything(client) -> None:
    descriptor = json.loads(client.get("/ru/open-data/datapackage.json").content)
    for resource in descriptor["resources"]:
        _body(client.get(f"/ru/open-data/{resource['path']}"))


@pytest.mark.django_db
def test_the_files_of_all_municipalities_cost_the_same_queries_for_2_and_20(
    client, geography, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    places = municipalities(20)
    for municipality in places[:2]:
        big_programme(municipality, activities=3)
    with CaptureQueriesContext(connection) as two:
        _fetch_everything(client)
    for municipality in places[2:]:
        big_programme(municipality, activities=3)
    assert Programme.objects.filter(status=ProgrammeStatus.IN_IMPLEMENTATION).count() == 20
    # the package one query, each of its 16 files six at most (and the requests' savepoints)
    queries = [q for q in two.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(queries) <= 1 + 16 * 6
    with django_assert_num_queries(len(two.captured_queries)):
        _fetch_everything(client)
    programmes = _body(client.get("/ru/open-data/psep-all-programmes.csv")).decode()
    assert len(list(csv.DictReader(io.StringIO(programmes)))) == 20


# --- the demo ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_validates(client, geography, tmp_path):
    from demo.loader import demo_programmes_create
    from demo.users import demo_users_create

    demo_users_create()
    demo_programmes_create()
    download(client, None, tmp_path / "all")
    assert_valid(validate(tmp_path / "all"))
    slugs = [row["municipality"] for row in csv_rows(tmp_path / "all", "programmes")]
    assert "kok-zhar" in slugs and "ak-tal" not in slugs and "bulolu" not in slugs
    kok_zhar = next(
        row for row in csv_rows(tmp_path / "all", "programmes") if row["municipality"] == "kok-zhar"
    )
    in_force = (
        Programme.objects.filter(
            municipality__slug="kok-zhar", status__in=["approved", "in_implementation"]
        )
        .order_by("-start_year", "-version")
        .first()
    )
    assert kok_zhar["version"] == str(in_force.version)
    for slug in slugs:
        download(client, slug, tmp_path / slug, lang="ky")
        assert_valid(validate(tmp_path / slug))
    assert csv_rows(tmp_path / "kok-zhar", "spending")
    assert csv_rows(tmp_path / "kok-zhar", "indicator_actuals")


# --- the page, the menu and the public page ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_page_lists_the_files_and_explains_every_column(client, kok_zhar_open, lang):
    response = client.get(f"/{lang}/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/{lang}/open-data/m/kok-zhar/psep-kok-zhar-activities.csv"' in html
    assert f'href="/{lang}/open-data/psep-all-activities.csv"' in html
    assert f'href="/{lang}/open-data/datapackage.json"' in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    # every column of every file, explained in both languages, as in the package
    package = json.loads(client.get("/ru/open-data/datapackage.json").content)
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert f"<code>{field['name']}</code>" in html
    amount = TABLES["activity_costs"].columns[-1]
    assert amount.describe("ru", codes=False) in html
    assert amount.describe("ky", codes=False) in html
    assert '<span lang="ky">жергиликтүү бюджет</span>' in html


@pytest.mark.django_db
def test_the_page_says_when_nothing_is_approved_yet(client, programme):
    fill(programme)
    html = client.get("/ru/open-data/").content.decode()
    assert "Пока ни одна программа не утверждена кенешем" in html
    assert "psep-all-activities.csv" not in html
    # the files exist all the same, empty but valid
    rows = _body(client.get("/ru/open-data/psep-all-activities.csv")).decode()
    assert rows.strip() == ",".join(TABLES["activities"].names)
    assert json.loads(_body(client.get("/ru/open-data/psep-all-activities.json"))) == []


@pytest.mark.django_db
def test_the_page_is_paginated(client, geography):
    for municipality in municipalities(23):
        big_programme(municipality, activities=1)
    first = client.get("/ru/open-data/").content.decode()
    second = client.get("/ru/open-data/?page=2").content.decode()
    assert first.count('<li class="card" id="m-') == 20
    assert second.count('<li class="card" id="m-') == 3
    assert "Страница 1 из 2" in first


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "label"), [("ru", "Открытые данные")])
def test_everyone_finds_it_in_the_menu(client, geography, lang, label):
    html = client.get(f"/{lang}/").content.decode()
    menu = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]
    assert f'<a href="/{lang}/open-data/">{label}</a>' in menu


@pytest.mark.django_db
def test_an_approved_programme_links_to_its_files(client, kok_zhar_open, not_public):
    html = client.get(reverse("planning:public", kwargs={"pk": kok_zhar_open.pk})).content.decode()
    assert '<a href="#open-data">Открытые данные</a>' in html
    assert 'href="/ru/open-data/m/kok-zhar/psep-kok-zhar-activities.csv"' in html
    assert 'href="/ru/open-data/"' in html
    consulted = not_public["consulted"]
    html = client.get(reverse("planning:public", kwargs={"pk": consulted.pk})).content.decode()
    assert 'id="open-data"' not in html
    with translation.override("ky"):
        url = reverse("planning:public", kwargs={"pk": kok_zhar_open.pk})
    assert 'href="/ky/open-data/m/kok-zhar/psep-kok-zhar-spending.csv"' in (
        client.get(url).content.decode()
    )
