#!/usr/bin/env bash
# Builds the Debian package from a configured and built folder (default ./build), installs
# it with apt as a user would, runs the installed programs from /usr/bin, and removes it.
# Fails on the first step that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

rm -f "$build"/lstm-studio_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/lstm-studio_*.deb)
echo "package: $deb, $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --field "$deb" Package Version Installed-Size Depends Recommends

# A previously installed lstm-studio stays if this script installed nothing new.
was_installed=no
dpkg-query -W -f='${Status}' lstm-studio 2>/dev/null | grep -q "install ok installed" && was_installed=yes
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ "$was_installed" = no ]; then $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq lstm-studio >/dev/null; fi
}
trap cleanup EXIT

data=/usr/share/lstm-studio/datasets
/usr/bin/lstm-studio-cli --version
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
/usr/bin/lstm-studio-cli train --data "$data/sunspots_monthly.csv" --target sunspots --epochs 2 --out "$work/sunspots" |
    tail -n 4
/usr/bin/lstm-studio-cli evaluate --project "$work/sunspots" >/dev/null
man -w lstm-studio-cli >/dev/null

if [ -x /usr/bin/lstm-studio ]; then
    # The GUI opens its installed default data set, trains one epoch and saves a screenshot.
    HOME=$work XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work QT_QPA_PLATFORM=offscreen \
        /usr/bin/lstm-studio --train --epochs 1 --screenshot "$work/window.png" --quit >"$work/gui.log" 2>&1 ||
        { cat "$work/gui.log"; exit 1; }
    grep -q '^event_loop_p99_ms=' "$work/gui.log" || { echo "the GUI did not train"; cat "$work/gui.log"; exit 1; }
    [ -s "$work/window.png" ]
    # The Chinese interface: its translation installed, and the installed GUI starting in it.
    [ -s /usr/share/lstm-studio/translations/lstm-studio_zh_CN.qm ] || { echo "no Chinese translation installed"; exit 1; }
    dpkg-deb --field "$deb" Depends | grep -q qt6-translations-l10n
    HOME=$work XDG_CONFIG_HOME=$work/config-zh XDG_RUNTIME_DIR=$work QT_QPA_PLATFORM=offscreen LANG=zh_CN.UTF-8 \
        /usr/bin/lstm-studio --screenshot "$work/window-zh_CN.png" --quit >"$work/gui-zh.log" 2>&1 ||
        { cat "$work/gui-zh.log"; exit 1; }
    [ -s "$work/window-zh_CN.png" ]
    grep -q 'Name\[zh_CN\]' /usr/share/applications/*lstm_studio*.desktop
    grep -q 'xml:lang="zh_CN"' /usr/share/metainfo/*lstm_studio*.metainfo.xml
    desktop-file-validate /usr/share/applications/*lstm_studio*.desktop
    appstreamcli validate --no-net /usr/share/metainfo/*lstm_studio*.metainfo.xml >/dev/null
    ls /usr/share/icons/hicolor/scalable/apps/*lstm_studio*.svg >/dev/null
fi
echo "package: installed and ran"
