"""Reference geography of the portal: oblasts, districts and municipalities (plain data).

Three lists of tuples, read by whatever loads the places into the database:

* ``OBLASTS`` – all 7 oblasts of Kyrgyzstan (alphabetically by Russian name), then the two
  cities of republican significance, Bishkek and Osh;
* ``DISTRICTS`` – every district (район) of Chui, Osh and Naryn oblasts, plus the few districts
  of Jalal-Abad and Issyk-Kul oblasts that hold a municipality listed below;
* ``MUNICIPALITIES`` – every municipality (айылный аймак) named in the seed texts
  (shared/seeds/), in its real district.

Where the names come from: Kyrgyz forms follow the shared GLOSSARY.md ("Places in the
seeds"); Russian names of aiyl aimaks follow the State Classifier of Administrative-Territorial
Units (СОАТЕ) as used in a public State Tax Service payment-terminal list (codes 417…), where a
unit is found there; otherwise the seed's own wording. Placements that could not be confirmed
by a source say so in a comment on their line.
"""

from __future__ import annotations

OBLASTS = [  # (slug, kind, name_ru, name_ky); kind is "oblast" or "city"
    ("batken", "oblast", "Баткенская область", "Баткен облусу"),
    ("jalal-abad", "oblast", "Джалал-Абадская область", "Жалал-Абад облусу"),
    ("issyk-kul", "oblast", "Иссык-Кульская область", "Ысык-Көл облусу"),
    ("naryn", "oblast", "Нарынская область", "Нарын облусу"),
    ("osh", "oblast", "Ошская область", "Ош облусу"),
    ("talas", "oblast", "Таласская область", "Талас облусу"),
    ("chui", "oblast", "Чуйская область", "Чүй облусу"),
    ("bishkek", "city", "город Бишкек", "Бишкек шаары"),
    ("osh-city", "city", "город Ош", "Ош шаары"),
]

DISTRICTS = [  # (oblast_slug, slug, name_ru, name_ky)
    # Chui oblast: all 8 districts
    ("chui", "alamudun", "Аламудунский район", "Аламүдүн району"),
    ("chui", "zhaiyl", "Жайылский район", "Жайыл району"),
    ("chui", "kemin", "Кеминский район", "Кемин району"),
    ("chui", "moskva", "Московский район", "Москва району"),
    ("chui", "panfilov", "Панфиловский район", "Панфилов району"),
    ("chui", "sokuluk", "Сокулукский район", "Сокулук району"),
    ("chui", "chui-district", "Чуйский район", "Чүй району"),
    ("chui", "ysyk-ata", "Ысык-Атинский район", "Ысык-Ата району"),
    # Osh oblast: all 7 districts
    ("osh", "alai", "Алайский район", "Алай району"),
    ("osh", "aravan", "Араванский район", "Араван району"),
    ("osh", "kara-kulzha", "Кара-Кульджинский район", "Кара-Кулжа району"),
    ("osh", "kara-suu", "Кара-Суйский район", "Кара-Суу району"),
    ("osh", "nookat", "Ноокатский район", "Ноокат району"),
    ("osh", "uzgen", "Узгенский район", "Өзгөн району"),
    ("osh", "chon-alai", "Чон-Алайский район", "Чоң-Алай району"),
    # Naryn oblast: all 5 districts
    ("naryn", "ak-talaa", "Ак-Талинский район", "Ак-Талаа району"),
    ("naryn", "at-bashy", "Ат-Башинский район", "Ат-Башы району"),
    ("naryn", "zhumgal", "Жумгальский район", "Жумгал району"),
    ("naryn", "kochkor", "Кочкорский район", "Кочкор району"),
    ("naryn", "naryn-district", "Нарынский район", "Нарын району"),
    # Jalal-Abad oblast: only the districts needed below
    ("jalal-abad", "bazar-korgon", "Базар-Коргонский район", "Базар-Коргон району"),
    ("jalal-abad", "suzak", "Сузакский район", "Сузак району"),
    # Issyk-Kul oblast: only the district needed below
    ("issyk-kul", "ton", "Тонский район", "Тоң району"),
]

MUNICIPALITIES = [  # (district_slug, slug, kind, is_target, name_ru, name_ky)
    # --- target municipalities of the 2019 ПСЭР work (seeds 000, 001, 003) ---
    # District from seed 000 ("Кок-Жарском айылном аймаке Ноокатского района"); the СОАТЕ list
    # consulted shows no Кок-Жар unit under Ноокатский район (only one in Кочкорский, Naryn).
    (
        "nookat",
        "kok-zhar",
        "aiyl_aimak",
        True,
        "Кок-Жарский айылный аймак",
        "Көк-Жар айылдык аймагы",
    ),
    # СОАТЕ 41704210806000, under Ак-Талинский район.
    (
        "ak-talaa",
        "ak-tal",
        "aiyl_aimak",
        True,
        "Ак-Талский айылный аймак",
        "Ак-Тал айылдык аймагы",
    ),
    # СОАТЕ 41706207811000 "Бюлелинский"; the seeds write "Булолунский айылный аймак".
    (
        "alai",
        "bulolu",
        "aiyl_aimak",
        True,
        "Бюлелинский айылный аймак",
        "Бүлөлү айылдык аймагы",
    ),
    # СОАТЕ 41706259851000.
    (
        "chon-alai",
        "chon-alai",
        "aiyl_aimak",
        True,
        "Чон-Алайский айылный аймак",
        "Чоң-Алай айылдык аймагы",
    ),
    # --- neighbouring guest municipalities at the Гүлчө training (seed 001) ---
    # СОАТЕ 41706259824000: in Чон-Алайский район, not Алайский as the glossary line groups it.
    (
        "chon-alai",
        "kashka-suu",
        "aiyl_aimak",
        False,
        "Кашка-Сууский айылный аймак",
        "Кашка-Суу айылдык аймагы",
    ),
    # СОАТЕ 41706207830000.
    (
        "alai",
        "lenin-alai",
        "aiyl_aimak",
        False,
        "Ленинский айылный аймак",
        "Ленин айылдык аймагы",
    ),
    # СОАТЕ 41706207809000.
    (
        "alai",
        "buudalyk",
        "aiyl_aimak",
        False,
        "Будалыкский айылный аймак",
        "Буудалык айылдык аймагы",
    ),
    # --- PSI / USAID «Успешный аймак» speakers at the 2019 exchange visit (seed 003) ---
    # СОАТЕ 41703207815000, under Базар-Коргонский район.
    (
        "bazar-korgon",
        "beshik-zhon",
        "aiyl_aimak",
        False,
        "Бешик-Жонский айылный аймак",
        "Бешик-Жон айылдык аймагы",
    ),
    # СОАТЕ 41703207859000, under Базар-Коргонский район. Not certain: СОАТЕ also has a
    # Кенешский АА in Ноокатский and in Кара-Кульджинский районы (Osh); chosen because the seed
    # presents it with Бешик-Жон under the PSI coordinator for Jalal-Abad oblast.
    (
        "bazar-korgon",
        "kenesh",
        "aiyl_aimak",
        False,
        "Кенешский айылный аймак",
        "Кеңеш айылдык аймагы",
    ),
    # СОАТЕ 41706211807000; the seed writes "Аля Анаровский АА". Kyrgyz form from the glossary;
    # Kyrgyz press writes "Алля Анаров айыл аймагы" (super.kg), so the glossary form needs review.
    (
        "aravan",
        "aly-anar",
        "aiyl_aimak",
        False,
        "Алля Анаровский айылный аймак",
        "Алы-Анар айылдык аймагы",
    ),
    # СОАТЕ 41706242836000.
    (
        "nookat",
        "isanov",
        "aiyl_aimak",
        False,
        "Исановский айылный аймак",
        "Исанов айылдык аймагы",
    ),
    # --- pilot municipalities of 2011 (seed 002) ---
    # СОАТЕ 41708206812000, under Ысык-Атинский район.
    (
        "ysyk-ata",
        "ivanovka",
        "aiyl_aimak",
        False,
        "Ивановский айылный аймак",
        "Ивановка айылдык аймагы",
    ),
    # СОАТЕ 41703220846000, under Сузакский район; suzak.kg lists "Ленин айыл өкмөтү".
    (
        "suzak",
        "lenin-suzak",
        "aiyl_aimak",
        False,
        "Ленинский айылный аймак",
        "Ленин айылдык аймагы",
    ),
    # СОАТЕ 41702220820000 "Терт-Кульский", under Тонский район; the seeds write "Торт-Кульский".
    (
        "ton",
        "tort-kol",
        "aiyl_aimak",
        False,
        "Терт-Кульский айылный аймак",
        "Төрт-Көл айылдык аймагы",
    ),
]
