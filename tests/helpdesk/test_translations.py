"""Every user-facing string in the code has a zh-Hans translation, compiled into the catalogue."""

import ast
from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "helpdesk" / "locale"
SOURCES = [Path(settings.BASE_DIR) / name for name in ("helpdesk", "chat", "orders")]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}


def _msgids_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for root in SOURCES:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in GETTEXT_NAMES:
                    continue
                arg = node.args[1] if name.startswith("pgettext") else node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}"
    return found


def _catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def test_every_string_in_the_code_is_in_the_chinese_catalogue():
    po = _catalogue("zh_Hans")
    known = {entry.msgid for entry in po}
    missing = {msgid: where for msgid, where in _msgids_in_code().items() if msgid not in known}
    assert missing == {}, "run `make messages` and translate the new entries"


def test_the_chinese_catalogue_is_complete_and_not_fuzzy():
    po = _catalogue("zh_Hans")
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    po = _catalogue("zh_Hans")
    mo = polib.mofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid
