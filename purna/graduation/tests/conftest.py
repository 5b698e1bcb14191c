import pytest
from django.utils import timezone

from .helpers import TODAY


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Services, selectors, views and the API read today through timezone.localdate."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY
