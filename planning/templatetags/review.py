"""Template helpers of the review: the open comments of a section."""

from django import template

from ..selectors.review import open_comment_count as _open_comment_count

register = template.Library()


@register.simple_tag
def open_comment_count(programme, section: str) -> int:
    """`{% open_comment_count programme "plan" as n %}`: open review threads on a section."""
    return _open_comment_count(programme, section)
