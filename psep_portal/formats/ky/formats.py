"""Kyrgyz number formats as Kyrgyzstan writes them (Unicode CLDR, ky): a comma before the
decimals and a space between thousands, as in Russian. Django's own Kyrgyz formats put a point
there, so that the same amount read «98,0» on a Russian page and «98.0» on a Kyrgyz one, and a
Kyrgyz page's amount field showed a point while people type a comma. The dates stay Django's."""

from django.conf.locale.ky.formats import *  # noqa: F403 — every other format as Django has it

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a no-break space
NUMBER_GROUPING = 3
