#!/usr/bin/env bash
# Checks a manual page: it renders without groff warnings, and it documents exactly the
# options the program's --help lists (for every subcommand, when the program has any).
# usage: check_manpage.sh PAGE.1 PROGRAM
set -euo pipefail
page=$1 program=$2

warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
if [ -n "$warnings" ]; then
    echo "$page: groff warnings:"; echo "$warnings"; exit 1
fi

# Option names in --help: the "  -x,--name ..." lines, both spellings of a flag pair.
options_of() { "$program" "$@" --help | grep -E '^ +-' | grep -oE -- '--[a-z0-9][a-z0-9-]*' || true; }
helped=$(options_of)
subcommands=$("$program" --help | sed -n '/^Subcommands:/,$p' | grep -oE '^  [a-z][a-z0-9-]*' || true)
for sub in $subcommands; do helped+=$'\n'$(options_of "$sub"); done
helped=$(sort -u <<<"$helped" | grep -v '^$')

# Option names in the page's source ("\-\-name" in roff).
documented=$(sed 's/\\-/-/g' "$page" | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u)

status=0
missing=$(comm -23 <(echo "$helped") <(echo "$documented"))
stale=$(comm -13 <(echo "$helped") <(echo "$documented"))
if [ -n "$missing" ]; then echo "$page does not document:" $missing; status=1; fi
if [ -n "$stale" ]; then echo "$page documents options $program does not have:" $stale; status=1; fi
[ $status -eq 0 ] && echo "$page: renders cleanly, documents all $(wc -l <<<"$helped") options"
exit $status
