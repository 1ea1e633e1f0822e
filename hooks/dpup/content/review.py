"""Review dates, as GOV.UK's technical documentation keeps them: a page is reviewed on a date
and is due again by `review_by`, or by default a set number of months after `reviewed`
(mkdocs.yml's `extra.review_months`, whose default settings.py holds). Entries in data/laws.yml
are checked against the Act on a date and due again the same way."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from .schema import Act, FrontMatter


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it is shorter: 31 Jan + 1 -> 28 Feb."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > datetime.MAXYEAR:  # a date near the year 9999: never due within the calendar
        return datetime.date.max
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due(meta: FrontMatter, months: int) -> datetime.date | None:
    """When the page must next be reviewed, or None if it has no review dates (`meta`: its front matter)."""
    if meta.review_by:
        return meta.review_by
    return add_months(meta.reviewed, months) if meta.reviewed else None


def overdue(meta: FrontMatter, months: int, on: datetime.date) -> datetime.date | None:
    """The date the page fell due for review, if that is before `on`; otherwise None."""
    by = due(meta, months)
    return by if by and by < on else None


def stale_laws(laws: Iterable[Act], months: int, on: datetime.date) -> list[str]:
    """'<law id>: checked <date>' for each Act or provision whose last check is over `months` old."""
    out: list[str] = []
    for act in laws:
        for law_id, checked in [
            (act.id, act.checked),
            *((f"{act.id}/{p.id}", p.checked or act.checked) for p in act.provisions),
        ]:
            if add_months(checked, months) < on:
                out.append(f"{law_id}: checked {checked:%-d %B %Y}")
    return out
