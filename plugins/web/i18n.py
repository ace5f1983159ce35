"""Message catalogs for the web front: Chinese (zh_CN) is the source language, English comes from a Babel catalog.

Templates and pages write Chinese and wrap it in ``_()``; ``pybabel extract -F
plugins/web/babel.cfg`` collects the strings and ``locale/en/LC_MESSAGES/messages.po``
holds the English. The .po file is read with Babel at start-up, so no compiled
.mo file is shipped.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = ("zh_CN", "en")
DEFAULT = "zh_CN"
LOCALE_DIR = Path(__file__).parent / "locale"
current: ContextVar[str] = ContextVar("crdesk_web_locale", default=DEFAULT)


@cache
def catalog(locale: str) -> dict[str, str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=locale)
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and not m.fuzzy}


def gettext(message: str, **variables: object) -> str:
    """The message in the request's language; ``%(name)s`` placeholders are filled from ``variables``."""
    locale = current.get()
    text = message if locale == DEFAULT else catalog(locale).get(message, message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    return gettext(singular if n == 1 else plural, n=n, **variables)


def pick(requested: str | None) -> str:
    """``?lang=`` or the language cookie when it names a known locale, else Chinese."""
    if requested in LOCALES:
        return requested  # type: ignore[return-value]
    return DEFAULT
