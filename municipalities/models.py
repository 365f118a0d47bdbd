"""Territory, people and roles.

Oblast ─ District ─ Municipality are the places; User is a person who logs in; Membership says
what a person may do in one municipality (or, for project reviewers, in one oblast).
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Oblast(models.Model):
    class Kind(models.TextChoices):
        OBLAST = "oblast", _("область")
        CITY = "city", _("город республиканского значения")

    slug = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=120)
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.OBLAST)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("область")
        verbose_name_plural = _("области")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    oblast = models.ForeignKey(
        Oblast, on_delete=models.PROTECT, related_name="districts", verbose_name=_("область")
    )
    slug = models.SlugField(_("код"), max_length=60, unique=True)
    name = models.CharField(_("название"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("район")
        verbose_name_plural = _("районы")
        constraints = [
            models.UniqueConstraint(
                fields=["oblast", "name"], name="district_unique_name_in_oblast"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    class Kind(models.TextChoices):
        AIYL_AIMAK = "aiyl_aimak", _("айылный аймак")
        TOWN = "town", _("город районного значения")
        CITY = "city", _("город областного значения")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("район")
    )
    slug = models.SlugField(_("код"), max_length=60, unique=True)
    name = models.CharField(_("название"), max_length=160)
    kind = models.CharField(_("вид"), max_length=12, choices=Kind.choices, default=Kind.AIYL_AIMAK)
    is_target = models.BooleanField(
        _("целевой муниципалитет проекта"),
        default=True,
        help_text=_("Снимите отметку для гостевого (соседнего нецелевого) муниципалитета."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="municipality_unique_name_in_district"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipality_detail", kwargs={"slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # log-in by e-mail is case-insensitive
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    class Sex(models.TextChoices):
        FEMALE = "female", pgettext_lazy("sex", "женский")
        MALE = "male", pgettext_lazy("sex", "мужской")

    email = models.EmailField(_("электронная почта"), unique=True)
    full_name = models.CharField(_("фамилия, имя"), max_length=160)
    sex = models.CharField(_("пол"), max_length=6, choices=Sex.choices, blank=True)
    position = models.CharField(_("должность"), max_length=160, blank=True)
    is_active = models.BooleanField(_("активен"), default=True)
    is_staff = models.BooleanField(
        _("доступ к администрированию"),
        default=False,
        help_text=_("Может входить в административную часть портала."),
    )
    date_joined = models.DateTimeField(_("дата регистрации"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        # names are written "given name, surname": Айбек Осмонов → Айбек
        return self.full_name.split()[0] if self.full_name.strip() else self.email

    def delete(self, *args, **kwargs):
        # People are deactivated, not deleted (municipalities.people): say why before the
        # database's protected foreign keys refuse it in their own words.
        from .people import refuse_deleting_a_named_person

        refuse_deleting_a_named_person(type(self), self)
        return super().delete(*args, **kwargs)


class Role(models.TextChoices):
    WG_CHAIR = "wg_chair", _("председатель рабочей группы")
    WG_MEMBER = "wg_member", _("член рабочей группы")
    MONITORING_MEMBER = "monitoring_member", _("член ГСМиО")
    COUNCIL_SECRETARY = "council_secretary", _("секретарь айылного кенеша")
    REVIEWER = "reviewer", _("сотрудник проекта (рецензент)")


MUNICIPAL_ROLES = [
    Role.WG_CHAIR,
    Role.WG_MEMBER,
    Role.MONITORING_MEMBER,
    Role.COUNCIL_SECRETARY,
]


class Membership(models.Model):
    """What a person may do: a role in one municipality, or a reviewer's oblast."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("пользователь")
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("муниципалитет"),
    )
    oblast = models.ForeignKey(
        Oblast,
        on_delete=models.CASCADE,
        related_name="reviewer_memberships",
        null=True,
        blank=True,
        verbose_name=_("область"),
        help_text=_("Только для сотрудников проекта: область, которую они рецензируют."),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["role", "municipality__name"]
        verbose_name = _("членство")
        verbose_name_plural = _("членства")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.REVIEWER, oblast__isnull=False, municipality__isnull=True)
                    | (Q(municipality__isnull=False, oblast__isnull=True) & ~Q(role=Role.REVIEWER))
                ),
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Рецензенту укажите область, остальным ролям — муниципалитет."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_role_in_municipality",
                violation_error_message=_("У этого человека уже есть эта роль здесь."),
            ),
            models.UniqueConstraint(
                fields=["user", "oblast"],
                condition=Q(oblast__isnull=False),
                name="membership_unique_reviewer_oblast",
                violation_error_message=_("Этот рецензент уже назначен на эту область."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.municipality or self.oblast}"
