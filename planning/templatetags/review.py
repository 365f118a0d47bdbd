"""Template helpers of the review: who sees the dashboard link, open comments of a section."""

from django import template

from ..selectors.review import is_reviewer
from ..selectors.review import open_comment_count as _open_comment_count

register = template.Library()


@register.filter
def reviews(user) -> bool:
    """`{% if user|reviews %}`: a reviewer of some oblast, or a superuser. Uses the user's
    memberships already loaded for the request (one query at most)."""
    return is_reviewer(user)


@register.simple_tag
def open_comment_count(programme, section: str) -> int:
    """`{% open_comment_count programme "plan" as n %}`: open review threads on a section."""
    return _open_comment_count(programme, section)
