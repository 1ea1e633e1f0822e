"""Review dates, as GOV.UK's technical documentation keeps them: a page is reviewed on a date
and is due again by `review_by`, or by default a set number of months after `reviewed`."""

from __future__ import annotations

import datetime


def due(meta: dict, months: int) -> datetime.date | None:
    """When the page must next be reviewed, or None if it has no review dates."""
    if meta.get("review_by"):
        return meta["review_by"]
    reviewed = meta.get("reviewed")
    if not reviewed:
        return None
    month = reviewed.month - 1 + months
    year, month = reviewed.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(reviewed.day, 28))


def overdue(meta: dict, months: int, on: datetime.date) -> datetime.date | None:
    """The date the page fell due for review, if that is before `on`; otherwise None."""
    by = due(meta, months)
    return by if by and by < on else None
