"""A citizen's proposal is marked with the language it is written in, not the language of the
page it was sent from or is shown on: a Russian proposal on a Kyrgyz page is `lang="ru"`."""

import pytest

from common.languages import text_language
from planning.models import CitizenProposal, Programme, ProgrammeStatus, ProposalStatus
from tests.factories import fill


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Провести воду в верхнюю часть села. Дети носят воду издалека.", "ru"),
        ("Построить спортивную площадку у школы", "ru"),
        ("Жийде айылына да суу түтүгүн тартуу керек: үйлөрдүн жарымында суу жок.", "ky"),
        ("Мектепке жол керек", "ky"),
        ("Щебень на дорогу", "ru"),
        ("Бакыт", "xx"),  # a name says nothing: the language it was sent in
        ("2021", "xx"),
    ],
)
def test_the_language_of_a_text(text, language):
    assert text_language(text, "xx") == language


@pytest.mark.django_db
def test_proposals_are_marked_with_the_language_they_are_written_in(client, programme):
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    common = {"programme": programme, "client_hash": "0" * 64, "status": ProposalStatus.PUBLISHED}
    russian = CitizenProposal.objects.create(
        **common, text="Провести воду в верхнюю часть села.", language="ky"
    )
    kyrgyz = CitizenProposal.objects.create(
        **common, text="Жийде айылына суу түтүгүн тартуу керек.", language="ru"
    )
    for lang in ("ru", "ky"):
        html = client.get(f"/{lang}/public/p/{programme.pk}/").content.decode()
        assert f'lang="ru">{russian.text}</div>' in html
        assert f'lang="ky">{kyrgyz.text}</div>' in html
