from django.utils.translation import gettext_lazy as _

from ..models import Programme
from .base import PlanningForm


class ProgrammeCreateForm(PlanningForm):
    class Meta:
        model = Programme
        fields = ["title_ru", "title_ky", "start_year", "end_year"]
        help_texts = {"end_year": _("Период программы — от 3 до 10 лет, например 2020–2024.")}


class ProgrammeHeaderForm(ProgrammeCreateForm):
    pass


class VisionForm(PlanningForm):
    class Meta:
        model = Programme
        fields = ["vision_ru", "vision_ky", "vision_year", "overall_goal_ru", "overall_goal_ky"]
        help_texts = {
            "vision_year": _("До какого года видение, например 2030."),
        }
