"""A part of a programme that only the test suite has. The model and its declaration are all
there is: the freeze, the history page and the copy into a new version come from the
declaration alone, as they will for the models of monitoring."""

from django.db import models

from planning.models import Programme, Section
from planning.parts import programme_part


@programme_part(path="programme", section=Section.PLAN, copied=True)
class CommunityPledge(models.Model):
    """What the people of a village promised to bring to the plan: days of unpaid work."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    village = models.CharField("village", max_length=120)
    labour_days = models.PositiveIntegerField("labour days")

    def __str__(self) -> str:
        return f"{self.village}: {self.labour_days}"
