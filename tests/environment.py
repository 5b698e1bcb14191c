"""Loaded by pytest before Django (see `-p` in pyproject): the test environment's settings."""

import os

os.environ.setdefault("PURNA_DEBUG", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same
# tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
