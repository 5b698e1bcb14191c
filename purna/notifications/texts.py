"""The texts of the messages Purna sends, in the recipient's language.

One way for every message: a function here builds the text with gettext inside
`translation.override(language)`, so the same catalogue that translates the screens
translates the messages (msgids in English, Indonesian in purna/locale). The text is built
when the message is queued and stored in the outbox: what the screen shows is what is sent.

Texts for SMS use plain ASCII punctuation (a hyphen, not a dash): that keeps an SMS in the
GSM alphabet, where one message holds 160 characters instead of 70.
"""

from datetime import date

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def long_date(day: date, language: str) -> str:
    """Kamis 3 Desember 2026 / Thursday 3 December 2026."""
    with translation.override(language):
        return formats.date_format(day, "l j F Y")


def session_reminder(*, language: str, number: int, module_name: str, on: date, place: str) -> str:
    """The SMS a returnee receives the day before a cohort session."""
    with translation.override(language):
        # Translators: an SMS, keep it short and in plain ASCII (a hyphen, not a dash).
        text = gettext(
            "Reminder: session %(number)s of %(module)s, %(day)s at %(place)s. See you! - Purna"
        )
        return text % {
            "number": number,
            "module": module_name,
            "day": long_date(on, language),
            "place": place,
        }
