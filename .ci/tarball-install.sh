#!/bin/sh
# Installs keyshelf from this folder for the current user: the program in ~/.local/bin (or
# $XDG_BIN_HOME), the menu entry, icons, man pages and completions in ~/.local/share. This is
# `keyshelf install`, the same as the app's Install button: profiles keyshelf already serves are
# pointed at the installed copy. For another place: ./install.sh --prefix DIR
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/bin/keyshelf" install "$@"
