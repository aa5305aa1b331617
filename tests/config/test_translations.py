"""Every string marked for translation has a bokmål translation, compiled and current."""

import ast
import gettext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "styring" / "locale" / "nb" / "LC_MESSAGES"


def parse_po(path):
    """Return {msgid: (msgstr, fuzzy)} of a .po file; plural entries give their first form."""
    entries, current, field, fuzzy = {}, {"msgid": "", "msgstr": ""}, None, False

    def flush():
        if field is not None and current["msgid"]:
            # A plural entry counts as translated only when its other form is too (read
            # after any continuation lines).
            translated = current["msgstr"] if current.get("other", "x") else ""
            entries[current["msgid"]] = (translated, fuzzy)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            current, field, fuzzy = {"msgid": "", "msgstr": ""}, None, True
        elif line.startswith("msgid "):
            if field in ("msgstr", "other"):
                flush()
                current, fuzzy = {"msgid": "", "msgstr": ""}, False
            field = "msgid"
            current["msgid"] = ast.literal_eval(line[6:])
        elif line.startswith("msgid_plural "):
            field = "plural"
            current["plural"] = ast.literal_eval(line[13:])
        elif line.startswith("msgstr[0] "):
            field = "msgstr"
            current["msgstr"] = ast.literal_eval(line[10:])
        elif line.startswith("msgstr["):
            field = "other"
            current["other"] = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith("msgstr "):
            field = "msgstr"
            current["msgstr"] = ast.literal_eval(line[7:])
        elif line.startswith('"') and field:
            current[field] = current.get(field, "") + ast.literal_eval(line)
    flush()
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = parse_po(CATALOGUE / "django.po")
    assert len(entries) > 50
    untranslated = [k for k, (v, _) in entries.items() if not v]
    fuzzy = [k for k, (_, f) in entries.items() if f]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    entries = parse_po(CATALOGUE / "django.po")
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [k for k, (v, _) in entries.items() if v not in (compiled.gettext(k), "")]
    stale += [k for k in entries if compiled.gettext(k) == k and entries[k][0] != k]
    assert stale == [], "run `make messages` to recompile django.mo"
