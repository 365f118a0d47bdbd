"""The open data of approved programmes: what each file holds, declared once.

Each file (`Table`) and each of its columns (`Column`) is declared here with its name, type,
unit, codes and explanation in Russian and Kyrgyz. The same declaration gives the Frictionless
Data Package (`datapackage.json`: a resource per file with its table schema, primary and
foreign keys, `constraints.enum` for codes), the CSV and JSON writers (the order of the columns
and how each cell is written) and the open-data page that explains every column, so that the
page and the package never disagree.

The explanations are written here in both languages, not through the message catalogs: the
package carries both at once whatever the language of the page, and a catalog entry missing
must not turn its Kyrgyz into Russian. The meanings of the codes are the labels the portal
shows everywhere (the models' choices), read in each language.

Every file holds the rows of each municipality's programme in force, approved by its council
(approved or in implementation): never a draft, a version in review or in consultation, nor a
superseded version; and of the monitoring, only the periods the ГСМиО has handed in (submitted
or closed by the council): an open period is still being typed and checked."""

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation

from municipalities.models import Municipality
from planning.models import FundingSource, Indicator, ProgrammeStatus
from planning.selectors.listing import APPROVED_STATUSES

from .models import ActivityStatus, PeriodStatus

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
# the periods whose data is published: what the ГСМиО handed in
PUBLISHED_PERIODS = (PeriodStatus.SUBMITTED, PeriodStatus.CLOSED)
FORMATS = ("csv", "json")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


@dataclass(frozen=True)
class Text:
    """A text in both languages."""

    ru: str
    ky: str

    def get(self, lang: str) -> str:
        return self.ky if lang == "ky" else self.ru


# --- codes ---------------------------------------------------------------------------------------


# what an indicator measures: a goal or an objective of the plan
LEVEL_GOAL, LEVEL_OBJECTIVE = "goal", "objective"
LEVEL_LABELS = {
    LEVEL_GOAL: Text("цель", "максат"),
    LEVEL_OBJECTIVE: Text("задача", "милдет"),
}


@dataclass(frozen=True)
class Codes:
    """A list of codes used in the files, with the meaning of each in both languages."""

    key: str
    values: tuple[str, ...]
    labels: Mapping[str, object]  # code → a lazy translation or a Text

    def label(self, code: str, lang: str) -> str:
        label = self.labels[code]
        if isinstance(label, Text):
            return label.get(lang)
        with translation.override(lang):
            return str(label)

    def meanings(self, lang: str) -> str:
        """«code — meaning; …», for the descriptions of the package."""
        return "; ".join(f"{code} — {self.label(code, lang)}" for code in self.values)


def _codes(key: str, choices, values=None) -> Codes:
    labels = dict(choices.choices)
    values = tuple(values if values is not None else choices.values)
    return Codes(key, values, {value: labels[value] for value in values})


PROGRAMME_STATUS = _codes("programme_status", ProgrammeStatus, APPROVED_STATUSES)
MUNICIPALITY_KIND = _codes("municipality_kind", Municipality.Kind)
FUNDING_SOURCE = _codes("funding_source", FundingSource)
ACTIVITY_STATUS = _codes("activity_status", ActivityStatus)
PERIOD_STATUS = _codes("period_status", PeriodStatus, PUBLISHED_PERIODS)
INDICATOR_UNIT = _codes("indicator_unit", Indicator.Unit)
CHANGE_DIRECTION = _codes("change_direction", Indicator.Direction)
INDICATOR_LEVEL = Codes("indicator_level", (LEVEL_GOAL, LEVEL_OBJECTIVE), LEVEL_LABELS)

CODE_LISTS = (
    PROGRAMME_STATUS,
    MUNICIPALITY_KIND,
    FUNDING_SOURCE,
    ACTIVITY_STATUS,
    PERIOD_STATUS,
    INDICATOR_UNIT,
    CHANGE_DIRECTION,
    INDICATOR_LEVEL,
)


# --- columns and files ---------------------------------------------------------------------------

THOUSANDS_OF_SOM = Text("тыс. сом", "миң сом")
PERCENT = Text("%", "%")
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
ACTIVITY_CODE_PATTERN = r"^\d+\.\d+\.\d+\.\d+$"
PERIOD_PATTERN = r"^\d{4}(-H[12]|-Q[1-4])?$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date
    title: Text
    description: Text
    unit: Text | None = None
    codes: Codes | None = None
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    format: str | None = None  # e.g. "uri" for a string

    def schema(self) -> dict:
        field_ = {
            "name": self.name,
            "type": self.type,
            "title": self.title.ru,
            "title_ky": self.title.ky,
            "description": self.describe("ru"),
            "description_ky": self.describe("ky"),
        }
        if self.format:
            field_["format"] = self.format
        if self.type == "number":
            field_["decimalChar"] = "."
            field_["groupChar"] = ""
        if self.type == "boolean":
            field_["trueValues"] = ["true"]
            field_["falseValues"] = ["false"]
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.codes is not None:
            constraints["enum"] = list(self.codes.values)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            field_["constraints"] = constraints
        return field_

    def describe(self, lang: str, *, codes: bool = True) -> str:
        """The explanation with its unit and the meaning of its codes (the package's text; the
        page lists the codes apart)."""
        text = self.description.get(lang)
        ru = lang != "ky"
        if self.unit is not None:
            text += (
                (" Единица измерения: " if ru else " Өлчөө бирдиги: ") + self.unit.get(lang) + "."
            )
        if codes and self.codes is not None:
            text += (" Коды: " if ru else " Коддор: ") + self.codes.meanings(lang) + "."
        return text


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # the table referred to
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: Text
    description: Text
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def resource_name(self, fmt: str) -> str:
        return self.name if fmt == "csv" else f"{self.name}-json"

    def schema(self, fmt: str) -> dict:
        schema = {
            "fields": [column.schema() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(key.fields),
                    "reference": {
                        "resource": TABLES[key.resource].resource_name(fmt),
                        "fields": list(key.reference),
                    },
                }
                for key in self.foreign_keys
            ]
        return schema


def _c(name, type_, title_ru, title_ky, description_ru, description_ky, **options) -> Column:
    return Column(
        name, type_, Text(title_ru, title_ky), Text(description_ru, description_ky), **options
    )


MUNICIPALITY = _c(
    "municipality",
    "string",
    "Муниципалитет (код)",
    "Муниципалитет (коду)",
    "Код муниципалитета в адресах портала (латиницей): связывает строки всех файлов.",
    "Муниципалитеттин порталдын даректериндеги коду (латын тамгалары менен): бардык "
    "файлдардын саптарын байланыштырат.",
    required=True,
    pattern=SLUG_PATTERN,
)
ACTIVITY_CODE = _c(
    "activity_code",
    "string",
    "Номер мероприятия",
    "Иш-чаранын номери",
    "Номер мероприятия в плане: направление.цель.задача.мероприятие, как в документе "
    "программы (например, 1.2.1.3).",
    "Иш-чаранын пландагы номери: багыт.максат.милдет.иш-чара, программанын документиндегидей "
    "(мисалы, 1.2.1.3).",
    required=True,
    pattern=ACTIVITY_CODE_PATTERN,
)
INDICATOR_NUMBER = _c(
    "indicator_number",
    "integer",
    "Номер индикатора",
    "Көрсөткүчтүн номери",
    "Номер индикатора в программе (1, 2, 3, …), как в документе программы.",
    "Көрсөткүчтүн программадагы номери (1, 2, 3, …), программанын документиндегидей.",
    required=True,
    minimum=1,
)
YEAR = _c(
    "year",
    "integer",
    "Год",
    "Жыл",
    "Календарный год.",
    "Календардык жыл.",
    required=True,
    minimum=2000,
    maximum=2100,
)
SOURCE = _c(
    "source",
    "string",
    "Источник финансирования",
    "Каржылоо булагы",
    "Источник финансирования (код).",
    "Каржылоо булагы (коду).",
    codes=FUNDING_SOURCE,
    required=True,
)
PERIOD = _c(
    "period",
    "string",
    "Отчётный период",
    "Отчеттук мезгил",
    "Отчётный период мониторинга: год (2023), полугодие (2023-H1, 2023-H2) или квартал "
    "(2023-Q1 … 2023-Q4).",
    "Мониторингдин отчеттук мезгили: жыл (2023), жарым жыл (2023-H1, 2023-H2) же чейрек "
    "(2023-Q1 … 2023-Q4).",
    required=True,
    pattern=PERIOD_PATTERN,
)
PERIOD_START = _c(
    "period_start",
    "date",
    "Начало периода",
    "Мезгилдин башталышы",
    "Первый день отчётного периода (ГГГГ-ММ-ДД).",
    "Отчеттук мезгилдин биринчи күнү (ЖЖЖЖ-АА-КК).",
    required=True,
)
PERIOD_END = _c(
    "period_end",
    "date",
    "Окончание периода",
    "Мезгилдин аягы",
    "Последний день отчётного периода (ГГГГ-ММ-ДД).",
    "Отчеттук мезгилдин акыркы күнү (ЖЖЖЖ-АА-КК).",
    required=True,
)
PERIOD_STATUS_COLUMN = _c(
    "period_status",
    "string",
    "Состояние периода",
    "Мезгилдин абалы",
    "Сдан ли период ГСМиО или уже закрыт кенешем (код). Данные открытых периодов не публикуются.",
    "Мезгилди БМБТ тапшырдыбы же кеңеш аны жаптыбы (коду). Ачык мезгилдердин маалыматтары "
    "жарыяланбайт.",
    codes=PERIOD_STATUS,
    required=True,
)


def _pair(name, title_ru, title_ky, what_ru, what_ky, **options) -> tuple[Column, Column]:
    """A text typed in the portal in both languages: one column per language (empty where it
    was not written in that language)."""
    return (
        _c(
            f"{name}_ru",
            "string",
            f"{title_ru} (рус.)",
            f"{title_ky} (орусча)",
            f"{what_ru} — на русском языке.",
            f"{what_ky} — орус тилинде.",
            **options,
        ),
        _c(
            f"{name}_ky",
            "string",
            f"{title_ru} (кырг.)",
            f"{title_ky} (кыргызча)",
            f"{what_ru} — на кыргызском языке (пусто, если не написано).",
            f"{what_ky} — кыргыз тилинде (жазылбаса, бош).",
            **options,
        ),
    )


PROGRAMMES = Table(
    "programmes",
    Text("Программы", "Программалар"),
    Text(
        "Одна строка на муниципалитет: его действующая программа социально-экономического "
        "развития (ПСЭР), утверждённая айылным кенешем, с решением кенеша.",
        "Ар бир муниципалитетке бир сап: анын айылдык кеңеш бекиткен, күчүндөгү "
        "социалдык-экономикалык өнүгүү программасы (СЭӨП), кеңештин токтому менен.",
    ),
    (
        MUNICIPALITY,
        *_pair(
            "municipality_name",
            "Муниципалитет",
            "Муниципалитет",
            "Название муниципалитета",
            "Муниципалитеттин аталышы",
            required=True,
        ),
        _c(
            "municipality_kind",
            "string",
            "Вид муниципалитета",
            "Муниципалитеттин түрү",
            "Айылный аймак или город (код).",
            "Айылдык аймак же шаар (коду).",
            codes=MUNICIPALITY_KIND,
            required=True,
        ),
        *_pair("oblast", "Область", "Облус", "Название области", "Облустун аталышы"),
        *_pair("district", "Район", "Район", "Название района", "Райондун аталышы"),
        *_pair(
            "title",
            "Название программы",
            "Программанын аталышы",
            "Название программы",
            "Программанын аталышы",
        ),
        _c(
            "start_year",
            "integer",
            "Период: с",
            "Мезгил: башталышы",
            "Первый год периода программы.",
            "Программанын мезгилинин биринчи жылы.",
            required=True,
            minimum=2000,
            maximum=2100,
        ),
        _c(
            "end_year",
            "integer",
            "Период: по",
            "Мезгил: аягы",
            "Последний год периода программы.",
            "Программанын мезгилинин акыркы жылы.",
            required=True,
            minimum=2000,
            maximum=2100,
        ),
        _c(
            "version",
            "integer",
            "Версия",
            "Версия",
            "Номер версии программы: изменённая программа утверждается кенешем как новая версия.",
            "Программанын версиясынын номери: өзгөртүлгөн программаны кеңеш жаңы версия катары "
            "бекитет.",
            required=True,
            minimum=1,
        ),
        _c(
            "status",
            "string",
            "Статус",
            "Абалы",
            "Статус программы (код).",
            "Программанын абалы (коду).",
            codes=PROGRAMME_STATUS,
            required=True,
        ),
        _c(
            "council_decision_number",
            "string",
            "Решение кенеша: №",
            "Кеңештин токтому: №",
            "Номер решения айылного кенеша, утвердившего программу.",
            "Программаны бекиткен айылдык кеңештин токтомунун номери.",
        ),
        _c(
            "council_decision_date",
            "date",
            "Решение кенеша: дата",
            "Кеңештин токтому: күнү",
            "Дата решения айылного кенеша (ГГГГ-ММ-ДД).",
            "Айылдык кеңештин токтомунун күнү (ЖЖЖЖ-АА-КК).",
        ),
        _c(
            "public_url",
            "string",
            "Страница программы",
            "Программанын бети",
            "Адрес публичной страницы программы на портале.",
            "Программанын порталдагы ачык бетинин дареги.",
            required=True,
            format="uri",
        ),
    ),
    ("municipality",),
)

ACTIVITIES = Table(
    "activities",
    Text("Мероприятия", "Иш-чаралар"),
    Text(
        "Одна строка на мероприятие плана: где оно в плане (направление, цель, задача), сроки, "
        "ответственный, общая стоимость и последнее состояние по данным мониторинга. "
        "Стоимость по годам и источникам — в файле activity_costs.",
        "Пландагы ар бир иш-чарага бир сап: пландагы орду (багыт, максат, милдет), мөөнөттөрү, "
        "жооптуусу, жалпы наркы жана мониторингдин маалыматы боюнча акыркы абалы. Жылдар жана "
        "булактар боюнча наркы — activity_costs файлында.",
    ),
    (
        MUNICIPALITY,
        _c(
            "direction_code",
            "string",
            "Номер направления",
            "Багыттын номери",
            "Номер направления развития в плане (1, 2, …).",
            "Өнүгүү багытынын пландагы номери (1, 2, …).",
            required=True,
        ),
        *_pair(
            "direction",
            "Направление развития",
            "Өнүгүү багыты",
            "Название направления",
            "Багыттын аталышы",
        ),
        _c(
            "goal_code",
            "string",
            "Номер цели",
            "Максаттын номери",
            "Номер цели: направление.цель (например, 1.2).",
            "Максаттын номери: багыт.максат (мисалы, 1.2).",
            required=True,
        ),
        *_pair("goal", "Цель", "Максат", "Формулировка цели", "Максаттын аталышы"),
        _c(
            "objective_code",
            "string",
            "Номер задачи",
            "Милдеттин номери",
            "Номер задачи: направление.цель.задача (например, 1.2.1).",
            "Милдеттин номери: багыт.максат.милдет (мисалы, 1.2.1).",
            required=True,
        ),
        *_pair("objective", "Задача", "Милдет", "Формулировка задачи", "Милдеттин аталышы"),
        ACTIVITY_CODE,
        *_pair("title", "Мероприятие", "Иш-чара", "Название мероприятия", "Иш-чаранын аталышы"),
        *_pair(
            "responsible",
            "Ответственный",
            "Жооптуу",
            "Ответственный за мероприятие",
            "Иш-чара үчүн жооптуу",
        ),
        _c(
            "start_date",
            "date",
            "Начало",
            "Башталышы",
            "Плановая дата начала (ГГГГ-ММ-ДД).",
            "Пландалган башталыш күнү (ЖЖЖЖ-АА-КК).",
        ),
        _c(
            "end_date",
            "date",
            "Окончание",
            "Аягы",
            "Плановая дата окончания (ГГГГ-ММ-ДД).",
            "Пландалган аяктоо күнү (ЖЖЖЖ-АА-КК).",
        ),
        _c(
            "joint_action",
            "boolean",
            "Совместное действие (ПСД)",
            "Биргелешкен аракет (БАП)",
            "true — мероприятие плана совместных действий ОМСУ и населения (ПСД), false — нет.",
            "true — ЖӨБ органдары менен калктын биргелешкен аракеттер планынын (БАП) "
            "иш-чарасы, false — жок.",
            required=True,
        ),
        _c(
            "planned_total",
            "number",
            "Стоимость, всего",
            "Наркы, бардыгы",
            "Плановая стоимость мероприятия за все годы и из всех источников (сумма строк "
            "activity_costs).",
            "Иш-чаранын бардык жылдар жана бардык булактар боюнча пландалган наркы "
            "(activity_costs саптарынын суммасы).",
            unit=THOUSANDS_OF_SOM,
            required=True,
            minimum=0,
        ),
        _c(
            "status",
            "string",
            "Состояние",
            "Абалы",
            "Состояние мероприятия в последнем сданном отчётном периоде (код); пусто — "
            "ещё не было в отчётах.",
            "Акыркы тапшырылган отчеттук мезгилдеги иш-чаранын абалы (коду); бош — "
            "отчетторго азырынча кирген жок.",
            codes=ACTIVITY_STATUS,
        ),
        _c(
            "percent_complete",
            "integer",
            "Выполнено",
            "Аткарылышы",
            "Процент выполнения в последнем сданном отчётном периоде; пусто — ещё не было в "
            "отчётах.",
            "Акыркы тапшырылган отчеттук мезгилдеги аткарылыш пайызы; бош — отчетторго "
            "азырынча кирген жок.",
            unit=PERCENT,
            minimum=0,
            maximum=100,
        ),
        _c(
            "status_period",
            "string",
            "Период состояния",
            "Абалдын мезгили",
            "Отчётный период, в котором сообщено состояние (см. period в файле spending).",
            "Абалы билдирилген отчеттук мезгил (spending файлындагы period тилкесин караңыз).",
            pattern=PERIOD_PATTERN,
        ),
    ),
    ("municipality", "activity_code"),
    (ForeignKey(("municipality",), "programmes", ("municipality",)),),
)

ACTIVITY_COSTS = Table(
    "activity_costs",
    Text("Стоимость мероприятий", "Иш-чаралардын наркы"),
    Text(
        "Плановая стоимость мероприятий по годам и источникам финансирования: одна строка на "
        "мероприятие × год × источник (нет строки — нет денег из этого источника в этом году).",
        "Иш-чаралардын жылдар жана каржылоо булактары боюнча пландалган наркы: иш-чара × жыл × "
        "булак үчүн бир сап (сап жок — ошол жылы ал булактан акча жок).",
    ),
    (
        MUNICIPALITY,
        ACTIVITY_CODE,
        YEAR,
        SOURCE,
        _c(
            "amount",
            "number",
            "Сумма",
            "Суммасы",
            "Плановая сумма за год из этого источника.",
            "Ушул булактан жылдык пландалган сумма.",
            unit=THOUSANDS_OF_SOM,
            required=True,
            minimum=0,
        ),
    ),
    ("municipality", "activity_code", "year", "source"),
    (
        ForeignKey(
            ("municipality", "activity_code"), "activities", ("municipality", "activity_code")
        ),
    ),
)

INDICATORS = Table(
    "indicators",
    Text("Индикаторы", "Көрсөткүчтөр"),
    Text(
        "Одна строка на индикатор плана мониторинга и оценки: что он измеряет, в чём, куда "
        "должен меняться, базовое значение. Целевые значения по годам — в indicator_targets, "
        "фактические по периодам — в indicator_actuals.",
        "Мониторинг жана баалоо планынын ар бир көрсөткүчүнө бир сап: эмнени, эмне менен "
        "өлчөйт, кайсы жакка өзгөрүшү керек, баштапкы мааниси. Жылдар боюнча максаттуу "
        "маанилер — indicator_targets файлында, мезгилдер боюнча иш жүзүндөгү маанилер — "
        "indicator_actuals файлында.",
    ),
    (
        MUNICIPALITY,
        INDICATOR_NUMBER,
        _c(
            "level",
            "string",
            "Уровень",
            "Деңгээли",
            "Индикатор цели или задачи (код).",
            "Максаттын же милдеттин көрсөткүчү (коду).",
            codes=INDICATOR_LEVEL,
            required=True,
        ),
        _c(
            "goal_code",
            "string",
            "Номер цели",
            "Максаттын номери",
            "Номер цели, к которой относится индикатор (для индикатора задачи — цель этой "
            "задачи), как goal_code в activities.",
            "Көрсөткүч тиешелүү максаттын номери (милдеттин көрсөткүчү үчүн — ошол милдеттин "
            "максаты), activities файлындагы goal_code сыяктуу.",
        ),
        _c(
            "objective_code",
            "string",
            "Номер задачи",
            "Милдеттин номери",
            "Номер задачи для индикатора задачи; пусто для индикатора цели.",
            "Милдеттин көрсөткүчү үчүн милдеттин номери; максаттын көрсөткүчү үчүн бош.",
        ),
        *_pair("name", "Индикатор", "Көрсөткүч", "Название индикатора", "Көрсөткүчтүн аталышы"),
        _c(
            "unit",
            "string",
            "Единица измерения",
            "Өлчөө бирдиги",
            "В чём измеряются базовое, целевые и фактические значения (код).",
            "Баштапкы, максаттуу жана иш жүзүндөгү маанилер эмне менен өлчөнөт (коду).",
            codes=INDICATOR_UNIT,
            required=True,
        ),
        _c(
            "change_direction",
            "string",
            "Направление изменения",
            "Өзгөрүү багыты",
            "Каким должно быть изменение значения, чтобы цель достигалась (код).",
            "Максатка жетүү үчүн маани кандай өзгөрүшү керек (коду).",
            codes=CHANGE_DIRECTION,
            required=True,
        ),
        _c(
            "cumulative",
            "boolean",
            "Нарастающим итогом",
            "Өсүп баруучу жыйынтык менен",
            "true — значения периодов одного года складываются и сравниваются с целевым "
            "значением года; false — сравнивается значение последнего периода года.",
            "true — бир жылдын мезгилдеринин маанилери кошулуп, жылдын максаттуу мааниси менен "
            "салыштырылат; false — жылдын акыркы мезгилинин мааниси салыштырылат.",
            required=True,
        ),
        _c(
            "baseline_value",
            "number",
            "Базовое значение",
            "Баштапкы маани",
            "Значение индикатора до начала программы, в единице измерения индикатора (unit).",
            "Программа башталганга чейинки көрсөткүчтүн мааниси, көрсөткүчтүн өлчөө "
            "бирдигинде (unit).",
        ),
        _c(
            "baseline_year",
            "integer",
            "Год базового значения",
            "Баштапкы маанинин жылы",
            "Год, к которому относится базовое значение.",
            "Баштапкы маани тиешелүү жыл.",
            minimum=2000,
            maximum=2100,
        ),
        _c(
            "sex_disaggregated",
            "boolean",
            "В разбивке по полу",
            "Жынысы боюнча бөлүнгөн",
            "true — фактические значения даются также отдельно для женщин и мужчин.",
            "true — иш жүзүндөгү маанилер аялдар жана эркектер үчүн өзүнчө да берилет.",
            required=True,
        ),
        *_pair(
            "means_of_verification",
            "Источник проверки",
            "Текшерүү булагы",
            "Откуда берутся данные для проверки",
            "Текшерүү үчүн маалымат кайдан алынат",
        ),
    ),
    ("municipality", "indicator_number"),
    (ForeignKey(("municipality",), "programmes", ("municipality",)),),
)

INDICATOR_TARGETS = Table(
    "indicator_targets",
    Text("Целевые значения индикаторов", "Көрсөткүчтөрдүн максаттуу маанилери"),
    Text(
        "Целевое значение каждого индикатора на каждый год программы: одна строка на "
        "индикатор × год.",
        "Ар бир көрсөткүчтүн программанын ар бир жылына максаттуу мааниси: көрсөткүч × жыл "
        "үчүн бир сап.",
    ),
    (
        MUNICIPALITY,
        INDICATOR_NUMBER,
        YEAR,
        _c(
            "target",
            "number",
            "Целевое значение",
            "Максаттуу маани",
            "Значение, которого индикатор должен достичь в этом году, в единице измерения "
            "индикатора (unit в indicators).",
            "Көрсөткүч ушул жылы жетиши керек болгон маани, көрсөткүчтүн өлчөө бирдигинде "
            "(indicators файлындагы unit).",
            required=True,
        ),
    ),
    ("municipality", "indicator_number", "year"),
    (
        ForeignKey(
            ("municipality", "indicator_number"),
            "indicators",
            ("municipality", "indicator_number"),
        ),
    ),
)

INDICATOR_ACTUALS = Table(
    "indicator_actuals",
    Text("Фактические значения индикаторов", "Көрсөткүчтөрдүн иш жүзүндөгү маанилери"),
    Text(
        "Фактическое значение индикатора в каждом сданном отчётном периоде, как его нашла "
        "ГСМиО: одна строка на индикатор × период.",
        "Ар бир тапшырылган отчеттук мезгилде БМБТ аныктаган көрсөткүчтүн иш жүзүндөгү "
        "мааниси: көрсөткүч × мезгил үчүн бир сап.",
    ),
    (
        MUNICIPALITY,
        INDICATOR_NUMBER,
        PERIOD,
        PERIOD_START,
        PERIOD_END,
        PERIOD_STATUS_COLUMN,
        _c(
            "value",
            "number",
            "Фактическое значение",
            "Иш жүзүндөгү маани",
            "Значение индикатора в периоде, в единице измерения индикатора (unit в indicators).",
            "Мезгилдеги көрсөткүчтүн мааниси, көрсөткүчтүн өлчөө бирдигинде (indicators "
            "файлындагы unit).",
            required=True,
        ),
        _c(
            "women",
            "number",
            "В том числе женщины",
            "Анын ичинде аялдар",
            "Часть значения, относящаяся к женщинам (для индикаторов в разбивке по полу; "
            "пусто, если не дано). Вместе с men даёт value.",
            "Маанинин аялдарга тиешелүү бөлүгү (жынысы боюнча бөлүнгөн көрсөткүчтөр үчүн; "
            "берилбесе, бош). men менен кошулганда value болот.",
            minimum=0,
        ),
        _c(
            "men",
            "number",
            "В том числе мужчины",
            "Анын ичинде эркектер",
            "Часть значения, относящаяся к мужчинам (пусто, если не дано).",
            "Маанинин эркектерге тиешелүү бөлүгү (берилбесе, бош).",
            minimum=0,
        ),
    ),
    ("municipality", "indicator_number", "period"),
    (
        ForeignKey(
            ("municipality", "indicator_number"),
            "indicators",
            ("municipality", "indicator_number"),
        ),
    ),
)

SPENDING = Table(
    "spending",
    Text("Расходы", "Чыгымдар"),
    Text(
        "Деньги, фактически израсходованные на мероприятия, по данным ГСМиО: одна строка на "
        "мероприятие × сданный отчётный период × источник финансирования.",
        "БМБТнын маалыматы боюнча иш-чараларга иш жүзүндө жумшалган акча: иш-чара × "
        "тапшырылган отчеттук мезгил × каржылоо булагы үчүн бир сап.",
    ),
    (
        MUNICIPALITY,
        ACTIVITY_CODE,
        PERIOD,
        PERIOD_START,
        PERIOD_END,
        PERIOD_STATUS_COLUMN,
        SOURCE,
        _c(
            "amount",
            "number",
            "Израсходовано",
            "Жумшалды",
            "Сумма, израсходованная в периоде из этого источника.",
            "Мезгилде ушул булактан жумшалган сумма.",
            unit=THOUSANDS_OF_SOM,
            required=True,
            minimum=0,
        ),
    ),
    ("municipality", "activity_code", "period", "source"),
    (
        ForeignKey(
            ("municipality", "activity_code"), "activities", ("municipality", "activity_code")
        ),
    ),
)

CODES = Table(
    "codes",
    Text("Коды", "Коддор"),
    Text(
        "Значение каждого кода, который встречается в файлах, на русском и кыргызском языках.",
        "Файлдарда кездешкен ар бир коддун мааниси орус жана кыргыз тилдеринде.",
    ),
    (
        _c(
            "list",
            "string",
            "Список",
            "Тизме",
            "Какой список кодов (по имени столбца или смыслу).",
            "Коддордун кайсы тизмеси (тилкенин аталышы же мааниси боюнча).",
            required=True,
            pattern="^[a-z_]+$",
        ),
        _c(
            "code",
            "string",
            "Код",
            "Код",
            "Код, как он записан в файлах.",
            "Файлдарда жазылгандай код.",
            required=True,
        ),
        _c(
            "label_ru",
            "string",
            "Значение (рус.)",
            "Мааниси (орусча)",
            "Что означает код, на русском языке.",
            "Код эмнени билдирет, орус тилинде.",
            required=True,
        ),
        _c(
            "label_ky",
            "string",
            "Значение (кырг.)",
            "Мааниси (кыргызча)",
            "Что означает код, на кыргызском языке.",
            "Код эмнени билдирет, кыргыз тилинде.",
            required=True,
        ),
    ),
    ("list", "code"),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        PROGRAMMES,
        ACTIVITIES,
        ACTIVITY_COSTS,
        INDICATORS,
        INDICATOR_TARGETS,
        INDICATOR_ACTUALS,
        SPENDING,
        CODES,
    )
}


# --- scopes, names and the package --------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """One municipality (`slug`) or all of them (`slug` None)."""

    slug: str | None = None

    @property
    def key(self) -> str:
        return (self.slug or "all").lower()

    @property
    def package_name(self) -> str:
        return f"psep-{self.key}"

    def file_name(self, table: Table, fmt: str) -> str:
        """The name of a file as the package refers to it and as it is downloaded."""
        return f"psep-{self.key}-{table.name}.{fmt}"

    def parse(self, file_name: str) -> tuple[Table, str] | None:
        """The table and format a file name of this scope stands for (None: not one)."""
        for table in TABLES.values():
            for fmt in FORMATS:
                if self.file_name(table, fmt) == file_name:
                    return table, fmt
        return None


PACKAGE_TITLE = Text("Открытые данные ПСЭР", "СЭӨП ачык маалыматтары")
ALL_MUNICIPALITIES = Text("все муниципалитеты", "бардык муниципалитеттер")
PACKAGE_DESCRIPTION = Text(
    "Программы социально-экономического развития (ПСЭР) муниципалитетов Кыргызской "
    "Республики, утверждённые айылными кенешами, и их мониторинг: мероприятия со "
    "стоимостью по годам и источникам, индикаторы с базовыми, целевыми и фактическими "
    "значениями, расходы. Только действующие утверждённые версии и только отчётные периоды, "
    "сданные ГСМиО. Суммы — в тысячах сомов. Каждый файл есть в CSV (UTF-8) и в JSON с "
    "одинаковыми строками.",
    "Кыргыз Республикасынын муниципалитеттеринин айылдык кеңештер бекиткен "
    "социалдык-экономикалык өнүгүү программалары (СЭӨП) жана алардын мониторинги: жылдар "
    "жана булактар боюнча наркы менен иш-чаралар, баштапкы, максаттуу жана иш жүзүндөгү "
    "маанилери менен көрсөткүчтөр, чыгымдар. Күчүндөгү бекитилген версиялар гана жана БМБТ "
    "тапшырган отчеттук мезгилдер гана. Суммалар миң сом менен. Ар бир файл CSV (UTF-8) жана "
    "JSON түрүндө бирдей саптар менен берилет.",
)


def datapackage(scope: Scope, *, names: Text | None = None, homepage: str = "") -> dict:
    """The `datapackage.json` of a scope (`names`: the municipality's name in both languages,
    None for all)."""
    names = names or ALL_MUNICIPALITIES
    package = {
        "name": scope.package_name,
        "title": f"{PACKAGE_TITLE.ru}: {names.ru}",
        "title_ky": f"{PACKAGE_TITLE.ky}: {names.ky}",
        "description": PACKAGE_DESCRIPTION.ru,
        "description_ky": PACKAGE_DESCRIPTION.ky,
        "licenses": [LICENCE],
        "resources": [],
    }
    if homepage:
        package["homepage"] = homepage
    for fmt in FORMATS:
        for table in TABLES.values():
            package["resources"].append(
                {
                    "name": table.resource_name(fmt),
                    "type": "table",
                    "path": scope.file_name(table, fmt),
                    "format": fmt,
                    "mediatype": MEDIA_TYPES[fmt],
                    "encoding": "utf-8",
                    "title": table.title.ru,
                    "title_ky": table.title.ky,
                    "description": table.description.ru,
                    "description_ky": table.description.ky,
                    "schema": table.schema(fmt),
                }
            )
    return package


def code_rows() -> Iterator[dict]:
    """The rows of the `codes` file."""
    for codes in CODE_LISTS:
        for code in codes.values:
            yield {
                "list": codes.key,
                "code": code,
                "label_ru": codes.label(code, "ru"),
                "label_ky": codes.label(code, "ky"),
            }


# --- writing the rows ----------------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json_cell(value):
    if isinstance(value, Decimal):
        # a JSON number: the amounts have 14 digits at most, which a float keeps exactly
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Echo:
    """A file whose `write` gives back what is written: the csv module writes a row at a time."""

    def write(self, value):
        return value


def csv_lines(table: Table, rows: Iterable[Mapping]) -> Iterator[str]:
    """The CSV of the rows, a line at a time: a header with the column names, UTF-8 without a
    byte-order mark, decimals with a dot, dates as ГГГГ-ММ-ДД, true/false."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    names = table.names
    yield writer.writerow(names)
    for row in rows:
        yield writer.writerow([_csv_cell(row.get(name)) for name in names])


def json_chunks(table: Table, rows: Iterable[Mapping]) -> Iterator[str]:
    """The same rows as a JSON array of objects with the same keys (null where the CSV cell is
    empty), a row at a time."""
    names = table.names
    first = True
    yield "["
    for row in rows:
        item = {name: _json_cell(row.get(name)) for name in names}
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


# --- the page that explains the files ------------------------------------------------------------

TYPE_NAMES = {
    "string": Text("текст", "текст"),
    "integer": Text("целое число", "бүтүн сан"),
    "number": Text("число (десятичная точка)", "сан (ондук чекит)"),
    "boolean": Text("true / false", "true / false"),
    "date": Text("дата ГГГГ-ММ-ДД", "күнү ЖЖЖЖ-АА-КК"),
}


@dataclass(frozen=True)
class Said:
    """A text of the page in one language, with its language for the `lang` attribute."""

    lang: str
    title: str
    description: str


@dataclass(frozen=True)
class ExplainedColumn:
    name: str
    type: str
    required: bool
    texts: list[Said]  # the page's language first
    codes: list[tuple[str, list[Said]]]  # code → its meaning in both languages


@dataclass(frozen=True)
class ExplainedTable:
    name: str
    texts: list[Said]
    key: tuple[str, ...]
    columns: list[ExplainedColumn]


def explained_tables(lang: str) -> list[ExplainedTable]:
    """Every file and column as the page explains them, in both languages (the page's own
    first): the same texts as the package's (`Column.describe`)."""
    langs = ("ky", "ru") if lang == "ky" else ("ru", "ky")
    tables = []
    for table in TABLES.values():
        columns = [
            ExplainedColumn(
                column.name,
                TYPE_NAMES[column.type].get(lang),
                column.required,
                [Said(x, column.title.get(x), column.describe(x, codes=False)) for x in langs],
                [
                    (code, [Said(x, column.codes.label(code, x), "") for x in langs])
                    for code in column.codes.values
                ]
                if column.codes
                else [],
            )
            for column in table.columns
        ]
        texts = [Said(x, table.title.get(x), table.description.get(x)) for x in langs]
        tables.append(ExplainedTable(table.name, texts, table.primary_key, columns))
    return tables
