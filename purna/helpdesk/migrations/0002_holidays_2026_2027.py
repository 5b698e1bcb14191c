"""Seed the holiday table for 2026 and 2027. ADMINISTRATORS: CHECK THESE EVERY YEAR.

Indonesia fixes its national holidays (hari libur nasional) and collective leave (cuti
bersama) each year by a joint decree of the Ministers of Religious Affairs, Manpower and
Administrative Reform (SKB 3 Menteri), and the Islamic holidays follow the sighting of the
new moon; the government may also amend the decree during the year. The deadline clock
skips what is in the table, so edit it (Django admin or /helpdesk/holidays/) when a decree
is published or amended.

2026: the SKB No. 1497/2025, No. 2/2025, No. 5/2025 (signed 19 September 2025): 17 national
holidays and 8 days of collective leave, copied from the decree as announced. Confident.

2027: NOT FROM A DECREE. No SKB for 2027 was available when this was written, so these are
estimates, marked "(perkiraan)" in their names:
- certain (fixed dates or the Easter computus): 1 January, Good Friday 26 March, Easter
  28 March, 1 May, Ascension 6 May, 1 June, 17 August, 25 December;
- good estimates: Imlek 6 February (Chinese calendar), Nyepi 8 March (Balinese Saka
  calendar tables), Waisak 20 May (full moon);
- uncertain by a day (hisab with the MABIMS criterion the government uses; the decree may
  differ): Isra Mikraj 5 January, Idulfitri 10-11 March, Iduladha 17 May, Tahun Baru Islam
  6 June, Maulid 15 August. A second Isra Mikraj (27 Rajab 1449) falls on 25 or 26
  December, a weekend either way, so it is left out;
- collective leave for 2027 is left out entirely: it is a policy choice, not a calendar
  fact. Until it is added, deadlines around Lebaran 2027 count those days as working days
  (stricter, never looser, than the decree will be).
"""

from datetime import date

from django.db import migrations

HOLIDAYS = [
    # (date, name, collective leave) -- 2026, SKB 3 Menteri No. 1497/2/5 of 2025
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi", False),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", False),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", True),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", False),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", True),
    (date(2026, 3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)", False),
    (date(2026, 3, 20), "Cuti bersama Idulfitri", True),
    (date(2026, 3, 21), "Idulfitri 1447 Hijriah", False),
    (date(2026, 3, 22), "Idulfitri 1447 Hijriah", False),
    (date(2026, 3, 23), "Cuti bersama Idulfitri", True),
    (date(2026, 3, 24), "Cuti bersama Idulfitri", True),
    (date(2026, 4, 3), "Wafat Yesus Kristus", False),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", False),
    (date(2026, 5, 1), "Hari Buruh Internasional", False),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus", False),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus", True),
    (date(2026, 5, 27), "Iduladha 1447 Hijriah", False),
    (date(2026, 5, 28), "Cuti bersama Iduladha", True),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE", False),
    (date(2026, 6, 1), "Hari Lahir Pancasila", False),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah", False),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan", False),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW", False),
    (date(2026, 12, 24), "Cuti bersama Kelahiran Yesus Kristus", True),
    (date(2026, 12, 25), "Kelahiran Yesus Kristus", False),
    # 2027 -- ESTIMATES, no decree yet (see the docstring); check against the SKB.
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi", False),
    (date(2027, 1, 5), "Isra Mikraj Nabi Muhammad SAW (perkiraan)", False),
    (date(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili (perkiraan)", False),
    (date(2027, 3, 8), "Hari Suci Nyepi (Tahun Baru Saka 1949) (perkiraan)", False),
    (date(2027, 3, 10), "Idulfitri 1448 Hijriah (perkiraan)", False),
    (date(2027, 3, 11), "Idulfitri 1448 Hijriah (perkiraan)", False),
    (date(2027, 3, 26), "Wafat Yesus Kristus", False),
    (date(2027, 3, 28), "Kebangkitan Yesus Kristus (Paskah)", False),
    (date(2027, 5, 1), "Hari Buruh Internasional", False),
    (date(2027, 5, 6), "Kenaikan Yesus Kristus", False),
    (date(2027, 5, 17), "Iduladha 1448 Hijriah (perkiraan)", False),
    (date(2027, 5, 20), "Hari Raya Waisak 2571 BE (perkiraan)", False),
    (date(2027, 6, 1), "Hari Lahir Pancasila", False),
    (date(2027, 6, 6), "1 Muharam Tahun Baru Islam 1449 Hijriah (perkiraan)", False),
    (date(2027, 8, 15), "Maulid Nabi Muhammad SAW (perkiraan)", False),
    (date(2027, 8, 17), "Proklamasi Kemerdekaan", False),
    (date(2027, 12, 25), "Kelahiran Yesus Kristus", False),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("helpdesk", "Holiday")
    for day, name, collective_leave in HOLIDAYS:
        # An administrator's own entry for the day wins.
        Holiday.objects.get_or_create(
            date=day, defaults={"name": name, "collective_leave": collective_leave}
        )


def unseed(apps, schema_editor):
    Holiday = apps.get_model("helpdesk", "Holiday")
    for day, name, _collective_leave in HOLIDAYS:
        Holiday.objects.filter(date=day, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
