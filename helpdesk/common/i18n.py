"""Compile the translation catalogues with polib (no GNU gettext needed to compile).

``python -m helpdesk.common.i18n`` writes each ``django.mo`` beside its ``django.po``.
Extraction (``manage.py makemessages``) still needs xgettext; see ``make messages``.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_all() -> list[Path]:
    written = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path}")
