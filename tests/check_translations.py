#!/usr/bin/env python3
"""Checks the interface translations against the code.

Runs lupdate over ui/ and app/gui_main.cpp into a copy of each translations/*.ts, as the
update_translations target does but keeping what vanished, then fails when the copy has:
- a message without a finished translation: a tr() string new in the code (missing from the
  committed .ts) or one left unfinished there;
- a vanished or obsolete message: kept in the .ts, gone from the code;
- an empty translation, or a numerus message without exactly one form (Chinese has one);
- a translation that drops or adds a placeholder (%1, %L2, %n), an HTML tag, or a mnemonic (&F),
  or loses a leading or trailing space that the code joins on.

usage: check_translations.py LUPDATE SOURCE_DIR
"""
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def placeholders(text):
    return sorted(re.findall(r"%L?(?:\d+|n)", text))


def tags(text):
    return sorted(re.findall(r"</?[a-zA-Z]+", text))


def mnemonics(text):
    # "&F" marks a shortcut; "&&" is a literal ampersand; "&amp;" and the like are entities.
    return len(re.findall(r"&(?![a-z]+;|#)\S", text.replace("&&", "")))


def problems_of(message):
    source = message.findtext("source") or ""
    translation = message.find("translation")
    kind = translation.get("type")
    if kind == "unfinished":
        return ["not translated (new in the code, or unfinished)"]
    if kind in ("vanished", "obsolete"):
        return [f"{kind}: no longer in the code (run the update_translations target)"]
    if message.get("numerus") == "yes":
        texts = [form.text or "" for form in translation.findall("numerusform")]
        if len(texts) != 1:
            return [f"{len(texts)} plural forms; Chinese has one"]
    else:
        texts = [translation.text or ""]
    found = []
    for text in texts:
        if not text.strip():
            found.append("empty translation")
            continue
        if placeholders(source) != placeholders(text):
            found.append(f"placeholders {placeholders(source)} became {placeholders(text)}")
        if tags(source) != tags(text):
            found.append(f"HTML tags {tags(source)} became {tags(text)}")
        if mnemonics(source) != mnemonics(text):
            found.append("the shortcut mnemonic (&) is lost or added")
        if source[:1] == " " and text[:1] != " " or source[-1:] == " " and text[-1:] != " ":
            found.append("a leading or trailing space is lost")
    return found


def main():
    lupdate, source_dir = sys.argv[1], Path(sys.argv[2]).resolve()
    ts_files = sorted((source_dir / "translations").glob("*.ts"))
    if not ts_files:
        print("no translations/*.ts files")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for ts in ts_files:
            copy = Path(tmp) / ts.name
            shutil.copy(ts, copy)
            subprocess.run([lupdate, "-silent", "-locations", "none", str(source_dir / "ui"),
                            str(source_dir / "app" / "gui_main.cpp"), "-ts", str(copy)],
                           cwd=source_dir, check=True)
            root = ET.parse(copy).getroot()
            count = 0
            for context in root.iter("context"):
                name = context.findtext("name")
                for message in context.iter("message"):
                    count += 1
                    for problem in problems_of(message):
                        failures += 1
                        print(f"{ts.name}: {name}: {message.findtext('source')[:80]!r}: {problem}")
            print(f"{ts.name}: {count} messages checked")
    print(f"{failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
