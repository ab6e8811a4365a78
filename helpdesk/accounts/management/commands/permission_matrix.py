from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from helpdesk.accounts.matrix import render_markdown


class Command(BaseCommand):
    help = "Write docs/permissions.md: every API endpoint × method × role, from the code."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args, check=False, **options):
        path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        text = render_markdown()
        if check:
            if not path.exists() or path.read_text() != text:
                self.stderr.write("docs/permissions.md is stale: run manage.py permission_matrix")
                raise SystemExit(1)
            return
        path.write_text(text)
        self.stdout.write(f"wrote {path}")
