"""Drives keyshelf's real window through the accessibility tree, as a screen reader does.

Usage: atspi.py tree | wait NAME | dialog | focus NAME | text NAME | text-is NAME TEXT | press NAME
Waits up to 20 s for the app, and for what it looks for, to appear on the accessibility bus.
The tree changes while it is read (a menu closes, a dialog opens): a node that vanished midway
is skipped, and a search that met one is simply tried again.
"""
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

LIMIT = 20.0


def walk(node, depth=0):
    """Every node under `node`, with its depth, as (node, role, name); vanished ones skipped."""
    try:
        role, name, count = node.get_role_name(), node.get_name(), node.get_child_count()
    except GLib.Error:
        return
    yield node, depth, role, name
    if depth > 60:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        try:
            candidate = desktop.get_child_at_index(i)
            if candidate is not None and candidate.get_name() == "keyshelf":
                return candidate
        except GLib.Error:
            continue
    return None


def search(matches, what):
    """The first node for which `matches(role, name)` holds, waiting up to LIMIT."""
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        root = app()
        if root is not None:
            for node, _, role, name in walk(root):
                if matches(role, name):
                    return node
        time.sleep(0.2)
    sys.exit(f"no {what} in keyshelf's window after {LIMIT:.0f} s")


def find(name):
    return search(lambda role, n: n == name and role != "label", f"control named {name!r}")


def retrying(action):
    """Runs `action` on a node found again each time, while the node vanishes under it."""
    deadline = time.time() + LIMIT
    while True:
        try:
            return action()
        except GLib.Error:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def main():
    command = sys.argv[1]
    if command == "tree":
        deadline = time.time() + LIMIT
        root = app()
        while root is None and time.time() < deadline:
            time.sleep(0.2)
            root = app()
        if root is None:
            sys.exit("keyshelf never appeared on the accessibility bus")
        for _, depth, role, name in walk(root):
            print(f"{depth}\t{role}\t{name}")
    elif command == "wait":
        find(sys.argv[2])
    elif command == "dialog":
        print(retrying(lambda: search(lambda role, _: role == "dialog", "dialog").get_name()))
    elif command == "focus":
        if not retrying(lambda: Atspi.Component.grab_focus(find(sys.argv[2]))):
            sys.exit(f"{sys.argv[2]!r} refused focus")
    elif command == "text":
        print(retrying(lambda: Atspi.Text.get_text(find(sys.argv[2]), 0, -1)))
    elif command == "text-is":
        # Typing reaches the app a key at a time: wait for the whole text, then say what is there.
        deadline = time.time() + LIMIT
        text = retrying(lambda: Atspi.Text.get_text(find(sys.argv[2]), 0, -1))
        while text != sys.argv[3] and time.time() < deadline:
            time.sleep(0.1)
            text = retrying(lambda: Atspi.Text.get_text(find(sys.argv[2]), 0, -1))
        print(text)
    elif command == "press":
        retrying(lambda: Atspi.Action.do_action(find(sys.argv[2]), 0))
    else:
        sys.exit(f"unknown command {command!r}")


main()
