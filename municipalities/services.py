"""Writes of the municipalities app."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import District, Membership, Municipality, Oblast, Role, User


@transaction.atomic
def geography_load(
    *, oblast_model=Oblast, district_model=District, municipality_model=Municipality
):
    """Create or update the oblasts, districts and municipalities of `geography.py`.

    Idempotent: run it again and nothing is duplicated; names are brought up to date. The model
    classes can be passed in so that a data migration uses its historical models.
    """
    from . import geography

    # "name" (the untranslated column, needed by the historical models of a data migration)
    # comes first: on the real models modeltranslation writes it into the current language,
    # and name_ru / name_ky then set both languages right whatever language is active.

    oblasts = {}
    for position, (slug, kind, name_ru, name_ky) in enumerate(geography.OBLASTS):
        oblasts[slug], _ = oblast_model.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "position": position,
                "name": name_ru,
                "name_ru": name_ru,
                "name_ky": name_ky,
            },
        )
    districts = {}
    for oblast_slug, slug, name_ru, name_ky in geography.DISTRICTS:
        districts[slug], _ = district_model.objects.update_or_create(
            slug=slug,
            defaults={
                "oblast": oblasts[oblast_slug],
                "name": name_ru,
                "name_ru": name_ru,
                "name_ky": name_ky,
            },
        )
    for district_slug, slug, kind, is_target, name_ru, name_ky in geography.MUNICIPALITIES:
        municipality_model.objects.update_or_create(
            slug=slug,
            defaults={
                "district": districts[district_slug],
                "kind": kind,
                "is_target": is_target,
                "name": name_ru,
                "name_ru": name_ru,
                "name_ky": name_ky,
            },
        )
    return len(oblasts), len(districts), len(geography.MUNICIPALITIES)


@transaction.atomic
def user_ensure(
    *,
    email: str,
    full_name: str,
    password: str,
    sex: str = "",
    position: str = "",
    is_superuser: bool = False,
) -> User:
    """Create the user, or bring an existing one (same e-mail) up to date; sets the password."""
    user = User.objects.filter(email__iexact=email).first() or User(email=email.lower())
    user.full_name = full_name
    user.sex = sex
    user.position = position
    user.is_active = True
    user.is_staff = is_superuser
    user.is_superuser = is_superuser
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def membership_grant(
    *, user: User, role: str, municipality: Municipality | None = None, oblast: Oblast | None = None
) -> Membership:
    """Give the user a role in a municipality (or, for a reviewer, an oblast); idempotent."""
    role = Role(role)
    lookup = {"user": user, "role": role}
    if role == Role.REVIEWER:
        lookup["oblast"] = oblast
    else:
        lookup["municipality"] = municipality
    existing = Membership.objects.filter(**lookup).first()
    if existing:
        return existing
    membership = Membership(**lookup)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Deactivate a person instead of deleting them (municipalities.people): they can no longer
    log in (their open sessions end with their next request), and every record that names
    them stays as it was. Only an administrator who may change users does it, never to
    themselves (an administrator who locked themselves out would need the database)."""
    if not (actor.is_active and actor.has_perm("municipalities.change_user")):
        raise PermissionDenied(_("Отключать пользователей может только администратор портала."))
    if user.pk == actor.pk:
        raise ValidationError(
            _("Свою учётную запись отключить нельзя: попросите об этом другого администратора.")
        )
    if user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
    return user


@transaction.atomic
def user_profile_update(*, user: User, actor: User, full_name: str, position: str) -> User:
    """A person changes their own name and position (shown in the working groups, the history
    and the documents); nobody else does it here (an administrator uses the admin)."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Свой профиль меняет только сам человек."))
    user.full_name = " ".join(full_name.split())
    user.position = " ".join(position.split())
    if not user.full_name:
        raise ValidationError({"full_name": _("Напишите фамилию и имя.")})
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["full_name", "position"])
    return user
