"""The ГСМиО of a municipality: the council decision that set it up, its members (people of the
portal with the ГСМиО role, or names only) and its contact person. Its members keep it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from municipalities.permissions import Need, can
from planning.services.uploads import SCAN_MAX_BYTES, check_scan

from ..models import MonitoringGroup, MonitoringGroupMember

MEMBER_FIELDS = ("full_name", "organisation", "sex", "position")


def _require(actor, municipality: Municipality) -> None:
    if actor is None or not can(actor, municipality, Need.MONITOR):
        raise PermissionDenied(_("Состав ГСМиО изменяют только её члены."))


def group_of(municipality: Municipality) -> MonitoringGroup:
    """The municipality's group (made the first time it is asked for: every municipality may
    have one)."""
    group, _created = MonitoringGroup.objects.get_or_create(municipality=municipality)
    return group


@transaction.atomic
def group_update(
    *,
    group: MonitoringGroup,
    actor,
    decision_number: str = "",
    decision_date=None,
    decision_scan=None,
    contact: MonitoringGroupMember | None = None,
) -> MonitoringGroup:
    _require(actor, group.municipality)
    if contact is not None and contact.group_id != group.pk:
        raise ValidationError({"contact": _("Контактное лицо должно быть членом группы.")})
    group.decision_number = (decision_number or "").strip()
    group.decision_date = decision_date
    group.contact = contact
    if decision_scan:
        check_scan(decision_scan, max_bytes=SCAN_MAX_BYTES, field="decision_scan")
        group.decision_scan = decision_scan
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def member_add(*, group: MonitoringGroup, actor, user=None, **fields) -> MonitoringGroupMember:
    _require(actor, group.municipality)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    member = MonitoringGroupMember(group=group, user=user, **fields)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: MonitoringGroupMember, actor, **fields) -> MonitoringGroupMember:
    _require(actor, member.group.municipality)
    unknown = set(fields) - {*MEMBER_FIELDS, "user"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_delete(*, member: MonitoringGroupMember, actor) -> None:
    _require(actor, member.group.municipality)
    member.delete()


def candidates(municipality: Municipality):
    """The people of the portal who hold the ГСМиО role in the municipality: who may be linked
    to a member of the group."""
    from django.contrib.auth import get_user_model

    from municipalities.models import Role

    return (
        get_user_model()
        .objects.filter(
            memberships__municipality=municipality, memberships__role=Role.MONITORING_MEMBER
        )
        .order_by("full_name", "email")
        .distinct()
    )
