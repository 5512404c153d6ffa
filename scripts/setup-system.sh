#!/usr/bin/env bash
# Installs the Debian packages Layers Desk needs to build, run and test on Linux.
# Idempotent: skips apt entirely when every package is already present.
set -euo pipefail

packages=(
  # Tauri's WebKitGTK stack
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev build-essential pkg-config libssl-dev
  # video previews play through GStreamer: MP4 and VP9 in the "good" plugins, H.264 (what
  # most posts are) in libav; without libav WebKitGTK plays no MP4 at all
  gstreamer1.0-plugins-good gstreamer1.0-libav
  # keychain (Secret Service over D-Bus)
  libdbus-1-dev gnome-keyring libsecret-tools dbus-x11 at-spi2-core
  # headless window, WebDriver and screenshots for the end-to-end test
  xvfb xauth procps webkit2gtk-driver imagemagick xdotool fonts-noto-color-emoji
  # a notification server, to click a notification in the end-to-end test
  dunst dbus-daemon
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
