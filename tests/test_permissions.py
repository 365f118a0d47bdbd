"""Per-municipality permissions, each rule from both sides (CONVENTIONS §4)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from municipalities.permissions import Need, can, get_municipality_for, municipalities_for

from .conftest import client_for


@pytest.mark.django_db
class TestHelper:
    def test_chair_may_edit_and_manage_own_municipality(self, aibek, kok_zhar):
        assert can(aibek, kok_zhar, Need.EDIT)
        assert can(aibek, kok_zhar, Need.MANAGE)
        assert not can(aibek, kok_zhar, Need.COUNCIL)

    def test_member_may_edit_but_not_manage(self, gulnara, kok_zhar):
        assert can(gulnara, kok_zhar, Need.EDIT)
        assert not can(gulnara, kok_zhar, Need.MANAGE)

    def test_member_of_another_municipality_may_nothing(self, nurlan, kok_zhar):
        assert not can(nurlan, kok_zhar, Need.VIEW)
        with pytest.raises(PermissionDenied):
            get_municipality_for(nurlan, kok_zhar.slug, Need.VIEW)

    def test_reviewer_sees_own_oblast_only(self, staff, kok_zhar, ak_tal):
        assert can(staff, kok_zhar, Need.REVIEW)  # Кок-Жар is in Osh oblast
        assert not can(staff, kok_zhar, Need.EDIT)
        assert not can(staff, ak_tal, Need.VIEW)  # Ак-Тал is in Naryn oblast
        visible = set(municipalities_for(staff).values_list("slug", flat=True))
        assert "kok-zhar" in visible
        assert "ak-tal" not in visible

    def test_council_secretary_and_monitoring_roles(self, kenesh, shirin, kok_zhar):
        assert can(kenesh, kok_zhar, Need.COUNCIL)
        assert not can(kenesh, kok_zhar, Need.EDIT)
        assert can(shirin, kok_zhar, Need.MONITOR)
        assert not can(shirin, kok_zhar, Need.EDIT)

    def test_superuser_may_everything(self, admin_user, ak_tal):
        assert all(can(admin_user, ak_tal, need) for need in Need)

    def test_inactive_user_may_nothing(self, gulnara, kok_zhar):
        gulnara.is_active = False
        gulnara.save()
        assert not can(gulnara, kok_zhar, Need.VIEW)


@pytest.mark.django_db
class TestTeamPage:
    def url(self, municipality):
        return reverse("municipality_team", kwargs={"slug": municipality.slug})

    def test_member_sees_own_team(self, gulnara, aibek, kok_zhar):
        response = client_for(gulnara).get(self.url(kok_zhar))
        assert response.status_code == 200
        assert "Айбек Осмонов" in response.content.decode()

    def test_member_of_kok_zhar_cannot_open_ak_tal(self, gulnara, nurlan, ak_tal):
        response = client_for(gulnara).get(self.url(ak_tal))
        assert response.status_code == 403
        assert "Нурлан Мамытов" not in response.content.decode()

    def test_member_of_ak_tal_cannot_open_kok_zhar(self, nurlan, kok_zhar):
        assert client_for(nurlan).get(self.url(kok_zhar)).status_code == 403

    def test_reviewer_of_osh_oblast_sees_kok_zhar_not_ak_tal(self, staff, kok_zhar, ak_tal):
        client = client_for(staff)
        assert client.get(self.url(kok_zhar)).status_code == 200
        assert client.get(self.url(ak_tal)).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client, kok_zhar):
        url = self.url(kok_zhar)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "next=" in response.url

    def test_unknown_municipality_is_404(self, gulnara):
        response = client_for(gulnara).get(reverse("municipality_team", kwargs={"slug": "nope"}))
        assert response.status_code == 404


@pytest.mark.django_db
class TestMyMunicipalities:
    def test_lists_own_municipality_only(self, aibek, nurlan):
        response = client_for(aibek).get(reverse("my_municipalities"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Кок-Жар" in body
        assert "Ак-Тал" not in body

    def test_reviewer_lists_the_municipalities_of_the_oblast(self, staff):
        body = client_for(staff).get(reverse("my_municipalities")).content.decode()
        assert "Кок-Жар" in body
        assert "Ошская область" in body
        assert "Ак-Тал" not in body

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(reverse("my_municipalities"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_empty_state_for_user_without_memberships(self, db):
        from .factories import UserFactory

        body = client_for(UserFactory()).get(reverse("my_municipalities")).content.decode()
        assert "нет ни одного муниципалитета" in body


@pytest.mark.django_db
def test_team_lists_the_chair_first(aibek, gulnara, kenesh, shirin, kok_zhar):
    from municipalities.selectors import municipality_team

    roles = [m.role for m in municipality_team(kok_zhar)]
    assert roles == ["wg_chair", "wg_member", "monitoring_member", "council_secretary"]
