"""Sections of a programme's menu (the left column of its pages) that the apps above planning
add: monitoring adds its pages for a programme in implementation. Registered from the app's
`AppConfig.ready()`; the menu shows them after planning's own, in their `order`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.registry import Registry


@dataclass(frozen=True)
class ProgrammeTab:
    key: str
    label: str  # a lazy translation
    url_name: str  # reversed with the programme's pk
    # (programme, user) → shown? It runs on every page of the programme: no query.
    visible: Callable[[Any, Any], bool]
    order: int = 100

    def template_names(self):
        return ()


programme_tabs: Registry[ProgrammeTab] = Registry("programme tab")
