"""Journey: an anonymous person on a phone asks for help and receives a tracking code; a
coordinator (in a second browser) acknowledges the request and replies; the person opens
the status page with the code and the last four digits of the phone, reads the reply and,
once the request is resolved, rates the help.
In Indonesian (the default): elements are found by data-testid, ids and names."""

import pytest

from purna.accounts.models import Role
from purna.helpdesk.models import Message, State, Ticket
from purna.helpdesk.services import ticket_transition
from purna.notifications.models import OutboxMessage
from tests.e2e.conftest import PHONE
from tests.factories import PONOROGO, make_user, village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-koordinator"
REQUEST = "Warung saya sepi sejak pasar dipindah. Saya butuh modal untuk pindah tempat."
REPLY = "Ibu Sri, silakan datang ke balai desa hari Senin jam 9. Kami bantu ajukan KUR."


def no_sideways_scroll(page, screen: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{screen}: {width}px wide on a {PHONE['width']}px phone"


def tappable(page, selector: str, screen: str) -> None:
    """Every match is at least 44 px high: fingers, not mouse pointers."""
    boxes = [element.bounding_box() for element in page.query_selector_all(selector)]
    assert boxes, f"{screen}: nothing matches {selector}"
    low = [round(box["height"]) for box in boxes if box["height"] < 44]
    assert not low, f"{screen}: {selector} only {low} px high"


def choose(page, select: str, value: str) -> None:
    """Pick an option once htmx has loaded it."""
    page.wait_for_selector(f"{select} option[value='{value}']", state="attached")
    page.select_option(select, value)


def test_a_request_for_help_is_answered(live_server, phone, browser, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    coordinator = make_user(
        "koordinator", Role.COORDINATOR, regencies=[PONOROGO], password=PASSWORD
    )
    home_village = village("35.02.17")
    page = phone

    # The public form, without logging in.
    page.goto(f"{live_server.url}/help/")
    assert page.get_attribute("html", "lang") == "id"
    page.wait_for_selector("[data-testid=help-form]")
    no_sideways_scroll(page, "help form")
    assert page.locator("[data-testid=privacy-note]").is_visible()
    # The honeypot: off the screen, out of the tab order, hidden from screen readers.
    honeypot = page.locator("#id_homepage").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0
    assert page.get_attribute("#homepage-field", "aria-hidden") == "true"
    assert not page.locator("[data-testid=topic-block]").is_visible()
    page.click("[data-testid=kind-help]")
    assert page.locator("[data-testid=topic-block]").is_visible()
    tappable(page, "[data-testid=topic-block] label", "help form topics")
    page.check("input[name=topic][value=capital]")
    page.fill("#id_description", REQUEST)
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_phone", "0812 3456 7890")
    page.select_option("#id_village_province", "35")
    choose(page, "#id_village_regency", "35.02")
    choose(page, "#id_village_district", "35.02.17")
    choose(page, "#id_village", home_village.code)
    no_sideways_scroll(page, "help form filled in")
    page.click("[data-testid=send-request]")

    # The tracking code, on the page (never in its address) and by SMS.
    page.wait_for_selector("[data-testid=tracking-code]")
    no_sideways_scroll(page, "tracking code")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    assert page.url == f"{live_server.url}/help/sent/"
    ticket = Ticket.objects.get(code=code)
    assert (ticket.kind, ticket.topic, ticket.village) == ("help", "capital", home_village)
    assert "7890" in page.inner_text("[data-testid=code-sent-by]")
    assert OutboxMessage.objects.filter(dedupe_key=f"ticket-code:{ticket.pk}").exists()

    # A coordinator, on another device, acknowledges and replies.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    try:
        staff.goto(f"{live_server.url}/login/")
        staff.fill("#id_username", "koordinator")
        staff.fill("#id_password", PASSWORD)
        staff.click("main button[type=submit]")
        staff.wait_for_url(f"{live_server.url}/**")
        staff.goto(f"{live_server.url}/helpdesk/")
        staff.wait_for_selector(f"[data-testid=ticket-{ticket.pk}]")
        no_sideways_scroll(staff, "staff queue")
        staff.click(f"[data-testid=open-{ticket.pk}]")
        staff.wait_for_selector("[data-testid=ticket-code]")
        assert staff.inner_text("[data-testid=description]") == REQUEST
        no_sideways_scroll(staff, "ticket page")
        staff.click("[data-testid=to-acknowledged]")
        staff.wait_for_selector("[data-testid=state][data-state=acknowledged]")
        staff.fill("#id_reply-body", REPLY)
        staff.click("[data-testid=send-reply]")
        staff.wait_for_selector("[data-testid=message-reply]")
        assert REPLY in staff.inner_text("[data-testid=message-reply]")
    finally:
        context.close()
    reply = Message.objects.get(ticket=ticket, kind=Message.Kind.REPLY)
    assert reply.body == REPLY
    notice = OutboxMessage.objects.get(dedupe_key=f"ticket-reply:{reply.pk}")
    assert REPLY not in notice.body

    # The person opens the status page with the code and the last four digits.
    page.goto(f"{live_server.url}/help/status/")
    page.wait_for_selector("[data-testid=status-form]")
    no_sideways_scroll(page, "status form")
    tappable(page, "[data-testid=new-request]", "status form")
    page.fill("#id_code", code.lower().replace("-", " "))  # typed loosely
    page.fill("#id_suffix", "7890")
    page.click("[data-testid=open-request]")
    page.wait_for_selector("[data-testid=conversation]")
    no_sideways_scroll(page, "status page")
    assert code not in page.url
    assert page.get_attribute("[data-testid=state]", "data-state") == "acknowledged"
    assert REPLY in page.inner_text("[data-testid=message-reply]")
    assert "koordinator" not in page.content().lower()

    # Resolved: the five scores sit in one row of equal buttons, the two ends explained below.
    ticket_transition(actor=coordinator, ticket=ticket, state=State.RESOLVED)
    page.reload()
    page.wait_for_selector("[data-testid=rate-form]")
    no_sideways_scroll(page, "rating")
    labels = [page.locator(f"label[for=id_satisfaction_{i}]").bounding_box() for i in range(5)]
    assert len({round(box["y"]) for box in labels}) == 1, labels
    assert max(box["width"] for box in labels) - min(box["width"] for box in labels) < 2
    tappable(page, "[data-testid=rate-form] .scale-choice label", "rating")
    page.click("label[for=id_satisfaction_3]")  # 4
    page.click("[data-testid=send-rating]")
    page.wait_for_selector("[data-testid=rated]")
    assert Ticket.objects.get(pk=ticket.pk).satisfaction == 4
