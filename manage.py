#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    # manage.py is the developer's door: in a checkout with no secret key it runs in
    # development mode, so `manage.py makemigrations` works as typed. The server's door
    # (registry/wsgi.py, asgi.py) still refuses to start without SECRET_KEY, and an
    # explicit DEBUG=false without a key is refused here too.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
