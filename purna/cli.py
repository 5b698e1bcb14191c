"""The `purna` console script: Django's manage.py with Purna's settings preset."""

import os
import secrets
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purna.settings")
    if not os.environ.get("PURNA_SECRET_KEY") and os.environ.get("PURNA_DEBUG") != "1":
        # Commands (migrate, makemigrations, import-assessments...) sign nothing that must
        # outlive the process, so a random key is safe; the web server (wsgi.py) still
        # refuses to start without a real PURNA_SECRET_KEY.
        os.environ["PURNA_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    from purna.audit.channel import audit_channel

    # Threads (runserver's request handlers) start with a fresh context: web stays "web".
    with audit_channel("command"):
        execute_from_command_line(command_line(sys.argv))


def command_line(argv: list[str]) -> list[str]:
    """Purna's commands are spelt with hyphens (`purna import-assessments`), Django's modules
    with underscores; no Django command has a hyphen. `purna help import-assessments` works too."""
    argv = list(argv)
    at = 2 if argv[1:2] == ["help"] else 1
    if len(argv) > at and not argv[at].startswith("-"):
        argv[at] = argv[at].replace("-", "_")
    return argv


if __name__ == "__main__":
    main()
