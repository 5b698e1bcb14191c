"""Where a change came from ("web", "api", "command", "import"), kept for the request or
command under way so that services need not pass it along. No model import here: the
console script sets it before Django starts."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_channel: ContextVar[str] = ContextVar("audit_channel", default="web")


def current_channel() -> str:
    return _channel.get()


@contextmanager
def audit_channel(name: str) -> Iterator[None]:
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)
