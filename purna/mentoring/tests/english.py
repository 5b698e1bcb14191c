from django.conf import settings


def in_english(client):
    """The language cookie, which is what a user's choice sets: translation.override does
    not reach the test client's requests. Set after logging in (logout clears cookies)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
