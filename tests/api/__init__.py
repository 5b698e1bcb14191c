"""Helpers for the JSON API tests: every call goes through a real bearer token."""

from purna.accounts.tokens import token_create


def bearer(user) -> dict[str, str]:
    """Authorization headers for a user; none for the anonymous persona (None)."""
    if user is None:
        return {}
    return {"Authorization": f"Bearer {token_create(user=user, name='test')}"}
