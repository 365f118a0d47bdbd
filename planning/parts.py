"""What a model of a programme is, said once, above the model.

A programme holds many kinds of rows: its working group and members, the passport, the plan and
its costs, the indicators, review comments, citizens' proposals, the council decision … Several
parts of the portal need the same facts about each kind of row:

- the freeze guard (`planning.signals`): whether a save or a delete must be refused now, e.g.
  because the council approved the version the row belongs to;
- the history page (`planning.selectors.history`): whether its changes are kept and shown, and
  under which section of the programme;
- a new version (`planning.services.versions`): whether the row is copied into it (its foreign
  keys are then pointed at the copies);
- the comparison of two versions (`planning.selectors.versions`): how a row is found again in
  the other version, and in which section of the comparison it shows;
- the translation page and the completeness figures: which of its texts exist in Russian and
  Kyrgyz, and who may fill in the missing language.

Each model says these things once, with `@programme_part(...)` above its class; those parts of
the portal read the declarations instead of keeping lists of their own. An app above planning
(monitoring) declares its models the same way and gets the freeze, the history, the version
copy and the translation page for them. A test walks every installed model and fails for one
that reaches a programme through its foreign keys without a declaration."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from municipalities.permissions import Need

# How a row is found again in another version of its programme: by the `lineage` it keeps when
# it is copied, or by the fields that identify it inside its programme (() for the only one).
LINEAGE = "lineage"

FreezeRule = Callable[[models.Model, int | None], bool]


def with_programme(instance, programme_id) -> bool:
    """Frozen once the council approved the version of the programme the row belongs to."""
    return programme_id is not None and root().model.frozen().filter(pk=programme_id).exists()


def with_programme_once_recorded(instance, programme_id) -> bool:
    """Written as the version becomes approved, frozen with it from then on."""
    return instance.pk is not None and with_programme(instance, programme_id)


def never(instance, programme_id) -> bool:
    """Written whatever the state of the programme (the record of its life-cycle, documents)."""
    return False


@dataclass(frozen=True)
class Compared:
    """How the rows of a model are compared between two versions of a programme."""

    section: str  # the section of the comparison page (planning.selectors.versions.SECTIONS)
    group: str  # the key of its group in that section
    match: str | tuple[str, ...] = LINEAGE
    title: object = None  # the group's heading; the model's verbose_name_plural by default
    only: tuple[str, ...] = ()  # compare only these fields (all that can be compared if empty)


@dataclass(frozen=True)
class Part:
    model: type
    # The lookup from the model to its programme: "programme", "activity__programme"; "" for
    # the programme itself.
    path: str
    # The section of the programme (planning.models.Section) it belongs to; None when each row
    # names its own (a `section` field, as comments and proposals have).
    section: str | None
    translated: tuple[str, ...]
    history: bool
    frozen: FreezeRule
    copied: bool
    compared: Compared | None
    # What a person needs in the municipality to fill in a missing language of its texts.
    need: Need
    # What a refused write raises (a class of PermissionDenied); the programme's freeze message
    # when None.
    frozen_error: type | None

    @property
    def is_root(self) -> bool:
        return not self.path

    @property
    def key(self) -> str:
        return self.model._meta.model_name

    @property
    def lookup(self) -> str:
        """`filter(**{part.lookup: programme.pk})` gives the rows of one programme."""
        return self.path or "pk"

    @property
    def is_content(self) -> bool:
        """The text and figures of the programme itself, as opposed to what happens around it
        (comments, proposals, hearings, decision, documents, transitions): what a new version
        copies, and what moves the completeness figures."""
        return self.is_root or self.copied

    @cached_property
    def hops(self) -> list:
        """The foreign keys from the model to its programme, in order."""
        fields = []
        model = self.model
        for name in self.path.split("__") if self.path else []:
            field = model._meta.get_field(name)
            fields.append(field)
            model = field.related_model
        return fields

    @property
    def parent(self):
        """(attname of the foreign key, model) of the row it hangs from, when that is not the
        programme itself: a member's working group, a cost's activity."""
        if len(self.hops) < 2:
            return None
        return self.hops[0].attname, self.hops[0].related_model

    def programme_id(self, instance) -> int | None:
        """The id of the programme of `instance` (None when a nullable link is empty); may raise
        ObjectDoesNotExist while a cascade deletes its parent first."""
        if self.is_root:
            return instance.pk
        obj = instance
        for field in self.hops[:-1]:
            obj = getattr(obj, field.name)
            if obj is None:
                return None
        return getattr(obj, self.hops[-1].attname)


_PARTS: dict[type, Part] = {}


def programme_part(
    *,
    path: str,
    section: str | None = None,
    translated: tuple[str, ...] = (),
    history: bool = True,
    frozen: FreezeRule = with_programme,
    copied: bool = False,
    compared: Compared | None = None,
    need: Need = Need.EDIT,
    frozen_error: type | None = None,
):
    """Declare the model below as a part of a programme (see the module's description).

    `path` leads to the programme; `section` is where it belongs; `translated` names its texts
    in both languages; `history` keeps and shows its changes; `frozen` says when a write must
    be refused; `copied` copies it into a new version; `compared` compares it between versions;
    `need` is what filling in its missing language requires (municipalities.permissions.Need)."""

    def declare(model):
        if model in _PARTS:
            raise ImproperlyConfigured(f"{model.__name__} is declared twice as a programme part.")
        _PARTS[model] = Part(
            model=model,
            path=path,
            section=section,
            translated=tuple(translated),
            history=history,
            frozen=frozen,
            copied=copied,
            compared=compared,
            need=need,
            frozen_error=frozen_error,
        )
        return model

    return declare


def parts(app_label: str | None = None) -> list[Part]:
    """Every declared part, in the order of declaration (planning's models are imported in the
    order of a programme's sections, so the pages that list them follow that order)."""
    return [p for p in _PARTS.values() if app_label is None or p.model._meta.app_label == app_label]


def part_of(model) -> Part | None:
    return _PARTS.get(model)


def root() -> Part:
    return next(p for p in _PARTS.values() if p.is_root)


def undeclare(model) -> Part:
    """Take a declaration back (for tests that show what a missing declaration does)."""
    return _PARTS.pop(model)


def redeclare(part: Part) -> None:
    """Put back a declaration taken with `undeclare`, in its place among the others."""
    _PARTS[part.model] = part


# --- registration with modeltranslation and django-simple-history ------------------------------


def register_translations_and_history(app_label: str) -> None:
    """Called from the app's `translation.py` (modeltranslation imports it while the apps load):
    the translated fields of the app's parts, then their history, which then keeps both
    languages."""
    from modeltranslation.translator import TranslationOptions, translator
    from simple_history import register

    for part in parts(app_label):
        if part.translated:
            options = type(
                f"{part.model.__name__}Translation",
                (TranslationOptions,),
                {"fields": part.translated},
            )
            translator.register(part.model, options)
    for part in parts(app_label):
        if part.history:
            register(part.model, app=part.model._meta.app_config.name)


# --- what every declaration must make sense of -------------------------------------------------


def check_parts(programme_model, comparison_sections) -> None:
    """Refuse a declaration that the freeze, history, copy or comparison could not follow,
    when the portal starts (ImproperlyConfigured, naming the model and the reason)."""
    roots = [p for p in _PARTS.values() if p.is_root]
    if [p.model for p in roots] != [programme_model]:
        raise ImproperlyConfigured("The programme must be the one part declared with path=''.")
    for part in _PARTS.values():
        _check_part(part, programme_model, comparison_sections)


def _check_part(part: Part, programme_model, comparison_sections) -> None:
    name = part.model.__name__

    def fail(reason: str):
        raise ImproperlyConfigured(f"Programme part {name}: {reason}")

    model = part.model
    for hop in part.path.split("__") if part.path else []:
        try:
            field = model._meta.get_field(hop)
        except Exception:
            fail(f"path '{part.path}': {model.__name__} has no field '{hop}'.")
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            fail(f"path '{part.path}': '{hop}' is not a foreign key.")
        model = field.related_model
    if not part.is_root and model is not programme_model:
        fail(f"path '{part.path}' does not end at the programme.")
    for field_name in part.translated:
        try:
            part.model._meta.get_field(field_name)
        except Exception:
            fail(f"translated field '{field_name}' does not exist.")
    if part.section is None and not part.is_root and not _has_field(part.model, "section"):
        fail("without a section, its rows must name their own (a `section` field).")
    parent = part.parent
    if part.history and parent is not None:
        parent_part = part_of(parent[1])
        if parent_part is None or not parent_part.history:
            fail("its history reaches the programme through a parent without history.")
    if part.copied:
        for field in part.model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = part_of(field.related_model)
            if target is None or target.is_root:
                continue
            if target.model is part.model:
                fail(f"'{field.name}' points at the model itself: a copy cannot remap it.")
            if not target.copied:
                fail(
                    f"'{field.name}' points at {target.model.__name__}, which a new version "
                    "does not copy: the copy would point into the old version."
                )
    if part.compared is not None:
        if part.compared.section not in comparison_sections:
            fail(f"comparison section '{part.compared.section}' is not one of the page's.")
        match = part.compared.match
        if match != LINEAGE:
            for field_name in match:
                try:
                    part.model._meta.get_field(field_name)
                except Exception:
                    fail(f"compared by '{field_name}', which it does not have.")
        elif not _has_field(part.model, LINEAGE):
            fail("compared by lineage, which it does not keep.")


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def has_lineage(model) -> bool:
    return _has_field(model, LINEAGE)
