"""Participants imported from .xlsx: the template of the page imports as it is filled in,
every bad row is reported with its number, column and reason, and nothing is written until the
whole file is right; the same person twice (in the file or already at the event) is refused."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import client_for
from trainings.models import Attendance, Participant, Sex
from trainings.services.participant_import import ImportRejected, participants_import

from .conftest import add

pytestmark = pytest.mark.django_db

HEADER = [
    "Фамилия, имя",
    "Пол (ж/м)",
    "Категория должности",
    "Должность",
    "Муниципалитет",
    "Электронная почта пользователя портала",
    "День 1: 11.04.2019",
    "День 2: 12.04.2019",
]


def xlsx(rows, header=HEADER, sheet="Участники") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_template_filled_in_imports(training, staff, aibek):
    response = client_for(staff).get(reverse("trainings:participants_template", args=[training.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Участники", "Списки"]
    ws = book["Участники"]
    header = [cell.value for cell in ws[1]]
    assert header[-2:] == ["День 1: 11.04.2019", "День 2: 12.04.2019"]
    lists = [cell.value for cell in book["Списки"]["D"] if cell.value]
    assert "Кок-Жарский айылный аймак" in lists
    column = {name: index + 1 for index, name in enumerate(header)}

    def put(row, **values):
        for name, value in values.items():
            ws.cell(row=row, column=column[name], value=value)

    put(2, **{"Фамилия, имя": "Айгуль Токтогулова", "Пол (ж/м)": "ж"})
    put(2, **{"Категория должности": "член ГСМиО", "Муниципалитет": "Кок-Жарский айылный аймак"})
    put(2, **{"День 1: 11.04.2019": "+", "День 2: 12.04.2019": "+"})
    put(3, **{"Электронная почта пользователя портала": "aibek@psep.example"})
    put(3, **{"Категория должности": "заместитель главы айыл окмоту", "Муниципалитет": "kok-zhar"})
    put(3, **{"День 2: 12.04.2019": "да"})
    put(4, **{"Фамилия, имя": "Нурбек Абдыкалыков", "Пол (ж/м)": "эркек"})
    put(4, **{"Категория должности": "Специалист", "Муниципалитет": "Бүлөлү"})
    put(4, **{"Телефон или электронная почта": "0555 123 456"})
    output = io.BytesIO()
    book.save(output)

    result = participants_import(event=training, file=output.getvalue(), actor=staff)
    assert (result.participants, result.marks) == (3, 3)
    rows = {p.full_name: p for p in Participant.objects.filter(event=training)}
    assert rows["Айгуль Токтогулова"].position_category == "monitoring_member"
    assert rows["Айбек Осмонов"].user == aibek and rows["Айбек Осмонов"].sex == Sex.MALE
    assert rows["Нурбек Абдыкалыков"].municipality.slug == "bulolu"
    assert rows["Нурбек Абдыкалыков"].contact == "0555 123 456"
    assert set(Attendance.objects.values_list("participant__full_name", "day")) == {
        ("Айгуль Токтогулова", date(2019, 4, 11)),
        ("Айгуль Токтогулова", date(2019, 4, 12)),
        ("Айбек Осмонов", date(2019, 4, 12)),
    }
    assert Participant.history.filter(history_user=staff).count() == 3


def test_every_bad_row_is_reported_and_nothing_is_written(training, staff):
    add(training, staff, "Гулзат Маматкулова")
    data = xlsx(
        [
            ["Айгуль Токтогулова", "ж", "специалист", "", "Кок-Жар", "", "+", ""],
            ["", "ж", "специалист", "", "Кок-Жар", "", "", ""],
            ["Бакыт Осмонов", "x", "бухгалтер", "", "Гүлчө", "", "пришёл", ""],
            ["Гулзат Маматкулова", "ж", "специалист", "", "Кок-Жарский айылный аймак", "", "", ""],
            ["айгуль  токтогулова", "ж", "специалист", "", "kok-zhar", "", "", ""],
            ["Мирбек Ормонов", "м", "специалист", "", "Ленинский айылный аймак", "", "", ""],
            ["Нурлан Мамытов", "м", "специалист", "", "Кок-Жар", "nobody@psep.example", "", ""],
            [None] * 8,
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        participants_import(event=training, file=data, actor=staff)
    errors = [(e.row, e.letter, e.reason) for e in rejected.value.errors]
    assert errors == [
        (3, "A", "Укажите фамилию и имя участника."),
        (4, "B", "Непонятный пол «x»: напишите «ж» или «м»."),
        (
            4,
            "C",
            "Неизвестная категория должности «бухгалтер»: выберите из листа «Списки».",
        ),
        (
            4,
            "E",
            "Муниципалитета «Гүлчө» нет в портале. Напишите название, как на листе «Списки» "
            "шаблона.",
        ),
        (
            4,
            "G",
            "Непонятная отметка «пришёл»: поставьте «+» (был на мероприятии) или оставьте пустой.",
        ),
        (5, "A", "«Гулзат Маматкулова» уже записан(а) участником этого мероприятия."),
        (6, "A", "«айгуль токтогулова» уже записан(а) в строке 2 этого файла."),
        (
            7,
            "E",
            "Несколько муниципалитетов называются «Ленинский айылный аймак»: укажите код — "
            "lenin-alai (Алайский район); lenin-suzak (Сузакский район).",
        ),
        (
            8,
            "F",
            "В портале нет активного пользователя с адресом «nobody@psep.example». Оставьте "
            "ячейку пустой, чтобы записать участника только по имени.",
        ),
    ]
    assert rejected.value.errors[0].column == "A — Фамилия, имя"
    assert Participant.objects.filter(event=training).count() == 1


def test_headers_and_values_in_kyrgyz_and_day_numbers(training, staff):
    header = ["Фамилия, имя", "Пол (ж/м)", "Категория должности", "Муниципалитет", "1-күн", "2-күн"]
    data = xlsx(
        [
            ["Айзат Бекмурзаева", "аял", "специалист", "Кашка-Суу айылдык аймагы", "+", ""],
            ["Темирлан Осмоналиев", "эркек", "специалист", "Буудалык", "", "ооба"],
        ],
        header=header,
    )
    participants_import(event=training, file=data, actor=staff)
    rows = dict(
        Participant.objects.values_list("full_name", "municipality__slug"),
    )
    assert rows == {"Айзат Бекмурзаева": "kashka-suu", "Темирлан Осмоналиев": "buudalyk"}
    assert set(Attendance.objects.values_list("participant__full_name", "day")) == {
        ("Айзат Бекмурзаева", date(2019, 4, 11)),
        ("Темирлан Осмоналиев", date(2019, 4, 12)),
    }


def test_a_column_the_event_does_not_have_is_refused(training, staff):
    data = xlsx(
        [["Айгуль Токтогулова", "ж", "специалист", "", "Кок-Жар", "", "+", "+", "+"]],
        header=[*HEADER, "День 3: 13.04.2019"],
    )
    with pytest.raises(ImportRejected) as rejected:
        participants_import(event=training, file=data, actor=staff)
    assert [(e.row, e.letter) for e in rejected.value.errors] == [(1, "I")]
    assert "нет такого дня" in rejected.value.errors[0].reason


def test_a_file_without_the_name_column_is_refused_at_once(training, staff):
    data = xlsx([["ж", "специалист"]], header=["Пол (ж/м)", "Категория должности"])
    with pytest.raises(ImportRejected) as rejected:
        participants_import(event=training, file=data, actor=staff)
    assert [e.reason for e in rejected.value.errors] == ["Нет столбца «Фамилия, имя»."]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"not a workbook", "not_xlsx"), (None, "empty")],
)
def test_a_file_that_is_not_a_filled_workbook(training, staff, content, code):
    data = content if content is not None else xlsx([])
    with pytest.raises(ValidationError) as refused:
        participants_import(event=training, file=data, actor=staff)
    assert refused.value.code == code


def test_a_national_event_takes_organisations(national_event, admin_user):
    header = ["Фамилия, имя", "Пол (ж/м)", "Категория должности", "Организация", "Тип организации"]
    data = xlsx(
        [
            ["Каныбек Осмонкулов", "м", "другое", "Жогорку Кенеш", "Жогорку Кенеш"],
            ["Мира Айтбаева", "ж", "другое", "Независимые эксперты", "эксперт"],
        ],
        header=header,
    )
    participants_import(event=national_event, file=data, actor=admin_user)
    assert dict(Participant.objects.values_list("full_name", "organisation_type")) == {
        "Каныбек Осмонкулов": "parliament",
        "Мира Айтбаева": "expert",
    }


def test_the_page_shows_the_errors_and_imports_a_good_file(training, staff):
    client = client_for(staff)
    url = reverse("trainings:participants_import", args=[training.pk])
    bad = xlsx([["", "ж", "специалист", "", "Кок-Жар", "", "", ""]])
    response = client.post(url, {"file": SimpleUploadedFile("people.xlsx", bad)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "В файле 1 ошибка, ничего не загружено." in page
    assert "Укажите фамилию и имя участника." in page
    good = xlsx([["Айгуль Токтогулова", "ж", "специалист", "", "Кок-Жар", "", "+", ""]])
    response = client.post(url, {"file": SimpleUploadedFile("people.xlsx", good)})
    assert response.status_code == 302
    assert Participant.objects.filter(event=training).count() == 1


def test_a_reviewer_of_another_oblast_imports_nothing(training, naryn_staff):
    data = xlsx([["Айгуль Токтогулова", "ж", "специалист", "", "Кок-Жар", "", "+", ""]])
    response = client_for(naryn_staff).post(
        reverse("trainings:participants_import", args=[training.pk]),
        {"file": SimpleUploadedFile("people.xlsx", data)},
    )
    assert response.status_code == 403
    assert not Participant.objects.exists()
