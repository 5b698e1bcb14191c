"""Journey: a field officer on a phone registers a returnee, records the identification
instrument, and sees the quadrant and the pathway, in Indonesian and in English."""

import pytest

from purna.accounts.models import Role
from purna.people.models import Person
from tests.factories import PONOROGO_CITY_DISTRICT, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "id": {
        "register": "Daftarkan PMI purna",
        "record": "Catat asesmen",
        "quadrant": "Kuadran III",
        "first_module": "Pola pikir kewirausahaan",
    },
    "en": {
        "register": "Register a returnee",
        "record": "Record assessment",
        "quadrant": "Quadrant III",
        "first_module": "Entrepreneurship mindset",
    },
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_field_officer_registers_and_assesses(live_server, phone, language, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user(
        "petugas",
        Role.FIELD_OFFICER,
        districts=[PONOROGO_CITY_DISTRICT],
        password="rahasia-petugas",
    )
    words = TEXT[language]
    page = phone
    page.goto(f"{live_server.url}/login/")
    if language == "en":
        page.select_option("#language", "en")
        page.click("footer button[type=submit]")
    page.fill("#id_username", "petugas")
    page.fill("#id_password", "rahasia-petugas")
    page.click("main button[type=submit]")

    page.click(f"text={words['register']}")
    page.fill("#id_nik", "3502175503900007")
    page.fill("#id_full_name", "Sulastri")
    page.check("#id_sex_1")  # P
    page.fill("#id_birth_date", "1990-03-15")
    page.select_option("#id_village_district", PONOROGO_CITY_DISTRICT)
    page.wait_for_selector("#id_village option[value='35.02.17.1001']", state="attached")
    page.select_option("#id_village", "35.02.17.1001")
    page.fill("#id_phone", "081331234567")
    page.check("input[name=consent_scopes][value=registration]")
    page.check("input[name=consent_scopes][value=assessment]")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Sulastri')")

    page.click(f"text={words['record']}")
    # Quadrant III: business low, sakinah high (E05, E07 and S06 are reversed items).
    answers = {f"E{i:02d}": 2 for i in range(1, 11)} | {"E05": 4, "E07": 4}
    answers |= {f"S{i:02d}": 5 for i in range(1, 9)} | {"S06": 1}
    for code, value in answers.items():
        page.click(f"fieldset[data-item={code}] label:text-is('{value}')")
    page.click("main button[type=submit]")

    page.wait_for_selector("[data-testid=quadrant]")
    assert page.inner_text("[data-testid=quadrant]").strip() == words["quadrant"]
    steps = page.inner_text("[data-testid=pathway]")
    assert words["first_module"] in steps and "TRAINING_BUSINESS" in steps
    assert "SAKINAH" not in steps
    person = Person.objects.get(nik="3502175503900007")
    assert person.quadrant == "III" and person.status == "identified"

    page.click("main a.btn-success")  # back to the person page
    assert page.inner_text("[data-testid=quadrant]").strip() == words["quadrant"]
    assert page.locator("#quadrant-chart").is_visible()
