"""The activity rows of the plan page, written in one pass rather than by a template loop.

The page a working group edits its plan on may show hundreds of activities (every direction
open), each a row of a dozen values with its controls; placed by the template, a row cost
a dozen lookups and escapes, about half of what the page took to build. Here each value is
escaped exactly as the template would escape it (`public_rows.h`) and a row is one f-string;
the repeated labels (`L`, translated once per page by the view) are escaped once. A row opened
for editing is still drawn by its template (`_title_form.html`: a form)."""

from django import template
from django.utils.safestring import SafeString

from ..selectors.public_rows import h

register = template.Library()

LABELS = ("joint_action", "joint_action_short", "edit", "responsible", "dates", "place", "cost")


@register.simple_tag(takes_context=True)
def plan_rows(context, rows) -> SafeString:
    """`{% plan_rows rows %}`: the `<tr>` of each activity (`PlanActivity`), one a line."""
    labels = {key: h(context["L"][key]) for key in LABELS}
    can_edit = context.get("can_edit")
    joint = f' <abbr class="badge badge--ok" title="{labels["joint_action"]}">'
    joint += f"{labels['joint_action_short']}</abbr>"
    responsible, dates, place, cost = (
        labels[key] for key in ("responsible", "dates", "place", "cost")
    )
    title_form = None
    out = []
    for a in rows:
        if a.edit_form:
            if title_form is None:
                title_form = context.template.engine.get_template("planning/plan/_title_form.html")
            with context.push(node=a):
                out.append(title_form.render(context))
            out.append("\n")
            continue
        anchor, number = h(a.anchor), h(a.number)
        row = (
            f'<tr id="{anchor}"><th scope="row">{number}</th><td><a href="{h(a.page_url)}">'
            f"{h(a.title)}</a>"
        )
        if a.is_joint_action:
            row += joint
        if can_edit:
            url = h(a.url)
            row += (
                f'&nbsp;<a class="plan-pencil" href="{url}edit/#{anchor}" hx-get="{url}edit/" '
                f'aria-label="{labels["edit"]} {number}"{" autofocus" if a.focus else ""}>✎</a>'
            )
        row += (
            f'</td><td data-label="{responsible}">{h(a.responsible)}</td>'
            f'<td data-label="{dates}">{h(a.dates)}</td><td data-label="{place}">{h(a.place)}</td>'
        )
        if a.has_cost:
            row += f'<td class="num" data-label="{cost}">{h(a.total_text)}</td></tr>\n'
        else:
            row += f'<td class="num muted" data-label="{cost}">—</td></tr>\n'
        out.append(row)
    return SafeString("".join(out))
