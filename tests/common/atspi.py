"""Drives keyshelf's real window through the accessibility tree, as a screen reader does.

Usage: atspi.py tree | wait NAME | dialog | focus NAME | text NAME | text-is NAME TEXT | press NAME
Waits up to 20 s for the app, and for a node named NAME, to appear on the accessibility bus.
"""
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

LIMIT = 20.0


def walk(node, depth=0):
    yield node, depth
    if depth > 60:
        return
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from walk(child, depth + 1)


def app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        candidate = desktop.get_child_at_index(i)
        if candidate is not None and candidate.get_name() == "keyshelf":
            return candidate
    return None


def find(name):
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        root = app()
        if root is not None:
            for node, _ in walk(root):
                if node.get_name() == name and node.get_role_name() != "label":
                    return node
        time.sleep(0.2)
    sys.exit(f"no control named {name!r} in keyshelf's window after {LIMIT:.0f} s")


def dialog():
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        root = app()
        if root is not None:
            for node, _ in walk(root):
                if node.get_role_name() == "dialog":
                    return node
        time.sleep(0.2)
    sys.exit(f"no dialog in keyshelf's window after {LIMIT:.0f} s")


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
        for node, depth in walk(root):
            print(f"{depth}\t{node.get_role_name()}\t{node.get_name()}")
    elif command == "wait":
        find(sys.argv[2])
    elif command == "dialog":
        print(dialog().get_name())
    elif command == "focus":
        node = find(sys.argv[2])
        if not Atspi.Component.grab_focus(node):
            sys.exit(f"{sys.argv[2]!r} refused focus")
    elif command == "text":
        node = find(sys.argv[2])
        print(Atspi.Text.get_text(node, 0, -1))
    elif command == "text-is":
        # Typing reaches the app a key at a time: wait for the whole text, then say what is there.
        node = find(sys.argv[2])
        deadline = time.time() + LIMIT
        text = Atspi.Text.get_text(node, 0, -1)
        while text != sys.argv[3] and time.time() < deadline:
            time.sleep(0.1)
            text = Atspi.Text.get_text(node, 0, -1)
        print(text)
    elif command == "press":
        node = find(sys.argv[2])
        Atspi.Action.do_action(node, 0)
    else:
        sys.exit(f"unknown command {command!r}")


main()
