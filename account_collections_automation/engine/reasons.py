# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reasons: why the engine decided something, as a translatable message.

A ``Reason`` is a message id, an English format string with named
``%(name)s`` placeholders, and its parameters as plain values: numbers,
strings, ``date`` objects, or other reasons (a part of a sentence, such as
"3 days past due"). The Odoo layer translates the message with ``_()`` in the
reader's language and formats the dates and numbers in that language; here
``str(reason)`` renders it in plain English (ISO dates), for tests and logs.

Message ids are module-level constants wrapped in the marker ``_()``, an
identity function, so that Odoo's translation extractor finds them.
"""

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple


def _(message):
    """Mark ``message`` for translation; the Odoo layer translates it."""
    return message


class Reason(NamedTuple):
    """A message id and its parameters, hashable (decisions are dict keys).

    >>> reason = Reason.of('due on %(date)s, %(when)s', date=date(2024, 5, 2),
    ...                    when=Reason.of('%(days)s days past due', days=3))
    >>> str(reason)
    'due on 2024-05-02, 3 days past due'
    >>> reason.kwargs()['date']
    datetime.date(2024, 5, 2)
    """

    message: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, message: str, **params: Any) -> "Reason":
        return cls(message, tuple(sorted(params.items())))

    def kwargs(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)

    def render(self, translate=None, fmt=None) -> str:
        """Fill the message: ``translate(message)`` gives its translation and
        ``fmt(value)`` formats a plain value (both default to plain English)."""
        translate = translate or (lambda message: message)
        fmt = fmt or plain
        values = {
            name: value.render(translate, fmt) if isinstance(value, Reason) else fmt(value)
            for name, value in self.params
        }
        message = translate(self.message)
        return message % values if values else message

    def __str__(self) -> str:
        return self.render()


def plain(value: Any) -> Any:
    """Plain English formatting: ISO dates, one decimal for floats.

    >>> plain(date(2024, 1, 31)), plain(12.345), plain(Decimal('40.00')), plain(7)
    ('2024-01-31', '12.3', '40.00', 7)
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, Decimal):
        return str(value)
    return value


def to_json(reason: Reason) -> dict:
    """A JSON-serializable form of ``reason`` (dates as ISO strings, tagged).

    >>> to_json(Reason.of('on %(date)s', date=date(2024, 1, 2)))
    {'message': 'on %(date)s', 'params': {'date': {'date': '2024-01-02'}}}
    >>> from_json(to_json(Reason.of('on %(date)s', date=date(2024, 1, 2))))
    Reason(message='on %(date)s', params=(('date', datetime.date(2024, 1, 2)),))
    """

    def encode(value):
        if isinstance(value, Reason):
            return to_json(value)
        if isinstance(value, date):
            return {"date": value.isoformat()}
        if isinstance(value, Decimal):
            return {"decimal": str(value)}
        return value

    return {"message": reason.message,
            "params": {name: encode(value) for name, value in reason.params}}


def from_json(data: dict | None) -> Reason | None:
    """The ``Reason`` of :func:`to_json`'s output (None for None)."""
    if not data:
        return None

    def decode(value):
        if isinstance(value, dict):
            if "message" in value:
                return from_json(value)
            if "date" in value:
                return date.fromisoformat(value["date"])
            if "decimal" in value:
                return Decimal(value["decimal"])
        return value

    return Reason.of(data["message"],
                     **{name: decode(value) for name, value in data.get("params", {}).items()})
