"""Message texts in the recipient's language, whatever the language of whoever queues them."""

from datetime import date

from django.utils import translation

from purna.notifications.texts import session_reminder

REMINDER = {"number": 2, "module_name": "Pelatihan kewirausahaan", "on": date(2026, 12, 3)}


def test_the_session_reminder_in_english():
    with translation.override("id"):  # the coordinator's language does not matter
        text = session_reminder(language="en", place="Kelurahan Paju", **REMINDER)
    assert text == (
        "Reminder: session 2 of Pelatihan kewirausahaan, Thursday 3 December 2026 at "
        "Kelurahan Paju. See you! - Purna"
    )
    assert text.isascii()  # one GSM-alphabet SMS


def test_the_session_reminder_in_indonesian_has_an_indonesian_date():
    with translation.override("en"):
        text = session_reminder(language="id", place="Kelurahan Paju", **REMINDER)
    assert "Kamis 3 Desember 2026" in text and "Kelurahan Paju" in text


def test_the_session_reminder_reads_in_indonesian():
    text = session_reminder(language="id", place="Kelurahan Paju", **REMINDER)
    assert text == (
        "Pengingat: sesi 2 Pelatihan kewirausahaan, Kamis 3 Desember 2026 di Kelurahan Paju. "
        "Sampai jumpa! - Purna"
    )
