import factory

from municipalities.models import District, Membership, Municipality, Oblast, Role, User
from planning.models import Programme

PASSWORD = "correct-horse-battery-2019"


class OblastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Oblast

    slug = factory.Sequence(lambda n: f"oblast-{n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-облус")
    name = factory.SelfAttribute("name_ru")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    oblast = factory.SubFactory(OblastFactory)
    slug = factory.Sequence(lambda n: f"district-{n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-району")
    name = factory.SelfAttribute("name_ru")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    slug = factory.Sequence(lambda n: f"aa-{n}")
    name_ru = factory.Sequence(lambda n: f"Айылный аймак {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-айылдык аймагы")
    name = factory.SelfAttribute("name_ru")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@psep.example")
    full_name = factory.Sequence(lambda n: f"Участник {n}")
    sex = User.Sex.FEMALE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.WG_MEMBER
    municipality = factory.SubFactory(MunicipalityFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    title_ru = "Программа социально-экономического развития на 2020–2024 годы"
    title_ky = "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы"
    title = factory.SelfAttribute("title_ru")
    start_year = 2020
    end_year = 2024


def programme_for(municipality, chair, **kwargs):
    """A draft programme created the way the portal creates it (with its working group and
    passport), by the chair of the working group."""
    from planning.services.programme import programme_create

    values = {
        "title_ru": "Программа социально-экономического развития на 2020–2024 годы",
        "title_ky": "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы",
        "start_year": 2020,
        "end_year": 2024,
    }
    values.update(kwargs)
    return programme_create(municipality=municipality, actor=chair, **values)
