"""The `samen` console command: one entry point for everything an operator does.

    samen serve | migrate | load-directory | generate-demo | export-hsds | setup | <any manage.py>

Hyphenated names map to Django management commands (load-directory -> load_directory).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "samen"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
