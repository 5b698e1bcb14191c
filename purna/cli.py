"""The `purna` console script: Django's manage.py with Purna's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purna.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Purna's commands are documented with hyphens (import-assessments); Django modules
    # cannot have them, and no Django command name contains one.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
