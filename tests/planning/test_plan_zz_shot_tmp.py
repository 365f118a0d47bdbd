import pytest
from datetime import date
from decimal import Decimal
from tests.browser.conftest import _geography, browser, log_in, page  # noqa
from planning.models import Village
from planning.services.plan import *

pytestmark = pytest.mark.browser

def test_shot(page, programme, aibek):
    v = Village.objects.create(passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар")
    d = direction_create(programme=programme, actor=aibek, title_ru="Питьевое водоснабжение", title_ky="Ичүүчү суу")
    g = goal_create(direction=d, actor=aibek, title_ru="Обеспечить все сёла чистой питьевой водой", title_ky="Таза суу")
    o = objective_create(goal=g, actor=aibek, title_ru="Реконструировать водопровод")
    activity_create(objective=o, actor=aibek, title_ru="Замена 3 км труб водопровода в селе Кок-Жар", responsible_ru="Айыл окмоту", start_date=date(2021,3,1), end_date=date(2021,10,31), village=v, is_joint_action=True, costs={(2021,"local_budget"): Decimal("150.5"), (2021,"population"): Decimal("30"), (2022,"donor"): Decimal("1500")})
    activity_create(objective=o, actor=aibek, title_ky="Суу эсептегичтерин орнотуу")
    o2 = objective_create(goal=g, actor=aibek, title_ru="Обучить водный комитет")
    d2 = direction_create(programme=programme, actor=aibek, title_ru="Дороги")
    log_in(page, aibek.email)
    page.goto(f"/ru/p/{programme.pk}/plan/")
    page.screenshot(path="/tmp/plan1.png", full_page=True)
    page.get_by_role("link", name="Изменить 1.1", exact=True).click()
    page.locator("form.plan-edit").wait_for()
    page.locator("details.plan-add").nth(2).locator("summary").click()
    page.screenshot(path="/tmp/plan2.png", full_page=True)
    page.goto(f"/ru/p/{programme.pk}/activities/1/")
    page.screenshot(path="/tmp/plan3.png", full_page=True)
