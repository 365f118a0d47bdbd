"""The rows of the public page's tables of indicators, written in one pass over the selector's
rows (selectors/public.py) instead of by template loops: a programme may have an indicator
under each of dozens of goals and objectives, each with a target in every year. Every text from
the database is escaped as the template escapes it (`public_rows.h`, as the plan's rows); the
labels come translated from the template, as it shows them elsewhere on the page."""

from django import template
from django.utils.safestring import SafeString

from ..selectors.public_rows import h

register = template.Library()


@register.simple_tag
def indicator_rows(rows, years, by_sex) -> SafeString:
    """`{% indicator_rows group.rows indicators.years by_sex %}`: the `<tr>` of each indicator
    of a group (`selectors.public.public_indicators`), its number and name (marked when it is
    split by sex), unit, baseline, target in each year and means of verification. The numbers
    come written by `common.numbers.Numbers`."""
    sex = f'<br><span class="muted">{h(by_sex)}</span>'
    shown = []
    for row in rows:
        targets = "".join(f'<td class="num">{target}</td>' for target in row["targets"])
        shown.append(
            f'<tr><th scope="row">{row["number"]}. {h(row["name"])}'
            f"{sex if row['sex'] else ''}</th><td>{h(row['unit'])}</td>"
            f'<td class="num">{h(row["baseline"])}</td>{targets}<td>{h(row["means"])}</td></tr>\n'
        )
    return SafeString("".join(shown))


@register.simple_tag
def year_cells(years) -> SafeString:
    """`{% year_cells indicators.years as cells %}`: the heading cell of each programme year
    (as `year|unlocalize`), written once for the page and placed in every table of
    indicators."""
    return SafeString("".join(f'<th scope="col" class="num">{int(year)}</th>' for year in years))
