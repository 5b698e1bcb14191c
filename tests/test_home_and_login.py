import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "persona, target",
    [
        ("admin", "people:list"),
        ("coordinator", "people:list"),
        ("field_officer", "people:list"),
        ("mentor", "mentoring:home"),
        ("peer_mentor", "mentoring:peer_home"),
        ("viewer", "overview:index"),
        ("outsider", "people:list"),
    ],
)
def test_home_sends_each_role_to_its_start(client_for, persona, target):
    response = client_for(persona).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(target)


def test_anonymous_is_asked_to_log_in(client_for, personas):
    response = client_for("anonymous").get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_in_indonesian_by_default_even_for_an_english_browser(client, personas):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="id"' in body and "Masuk" in body


def test_wrong_password_says_so(client, personas):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "nope"})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_login_and_switch_to_english(client, personas):
    client.post(reverse("login"), {"username": "coordinator", "password": "purna-test-pass"})
    client.post(reverse("set_language"), {"language": "en", "next": reverse("people:list")})
    body = client.get(reverse("people:list")).content.decode()
    assert 'lang="en"' in body and "Register a returnee" in body


def test_django_admin_is_for_staff_only(client_for):
    assert client_for("coordinator").get("/admin/").status_code == 302


def test_error_pages_speak_indonesian(client_for, personas):
    body = client_for("coordinator").get("/people/999999/").content.decode()
    assert 'lang="id"' in body and "Purna" in body
    body = client_for("viewer").get("/people/").content.decode()
    assert 'lang="id"' in body
