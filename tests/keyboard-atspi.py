#!/usr/bin/python3
# A screen reader's view of the on-screen keyboard, over the real AT-SPI
# bus (run by test-keyboard-atspi.sh): every key a push button with a
# spoken name and a click action, and that action types into the field
# as a tap does.  TAP output.
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

TIMEOUT_S = 30
tests = []


def ok(passed, what):
    tests.append((passed, what))
    print(("ok" if passed else "not ok") + f" {len(tests)} - {what}", flush=True)
    return passed


def bail(why):
    # What the screen reader saw, to tell why.
    try:
        for node in walk(kiosk()):
            states = [Atspi.StateType(int(i)).value_nick for i in node.get_state_set().get_states()]
            print(f"# {node.get_role_name()}: {node.get_name()!r} {states}", flush=True)
    except GLib.Error:
        pass
    print(f"Bail out! {why}", flush=True)
    sys.exit(1)


def wait_for(what, condition):
    """Runs the main loop until condition() returns something, or fails."""
    context = GLib.MainContext.default()
    timed_out = []
    tick = GLib.timeout_add(50, lambda: True)
    deadline = GLib.timeout_add_seconds(TIMEOUT_S, lambda: timed_out.append(True) or False)
    try:
        while True:
            try:
                found = condition()
            except GLib.Error:
                found = None  # the tree changed under us: look again
            if found:
                return found
            if timed_out:
                bail(f"timed out after {TIMEOUT_S} s waiting for {what}")
            context.iteration(True)
    finally:
        GLib.source_remove(tick)
        if not timed_out:
            GLib.source_remove(deadline)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def kiosk():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() in ("ventanilla", "org.ventanilla.Kiosk"):
            return app
    return None


def find(role, name=None, contains=None, within=None, showing=True):
    app = kiosk()
    for node in walk(within or app):
        if node.get_role_name() != role:
            continue
        label = node.get_name() or ""
        if name is not None and label != name:
            continue
        if contains is not None and contains not in label:
            continue
        # GTK 4.8 sets VISIBLE, never SHOWING.
        if showing and not node.get_state_set().contains(Atspi.StateType.VISIBLE):
            continue
        return node
    return None


def actions(node):
    return [node.get_action_name(i) for i in range(node.get_n_actions())]


def click(node):
    names = actions(node)
    if "click" not in names:
        bail(f"“{node.get_name()}” has no click action, only {names}")
    node.do_action(names.index("click"))


def text_of(node):
    # GTK 4.8 answers nothing to an end offset of -1: ask for every character.
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def main():
    wait_for("the kiosk on the AT-SPI bus", kiosk)
    languages = wait_for("the welcome page", lambda: find("panel", "Elija su idioma para empezar"))
    click(wait_for("the Español button", lambda: find("push button", "Español", within=languages)))
    click(wait_for("the residence certificate", lambda: find("push button", "Certificado de residencia")))
    # The introduction's own Continuar: the services page may still be on
    # the bus for a moment after the service's button was pressed.
    wait_for("the introduction", lambda: find("heading", contains="Tarda unos 3 minutos"))
    click(wait_for("Continuar past the introduction", lambda: find("push button", "Continuar")))
    field = wait_for("the name field", lambda: find("text", contains="nombre completo"))
    keyboard = wait_for("the keyboard", lambda: find("panel", "Teclado en pantalla"))

    keys = [node for node in walk(keyboard) if node.get_role_name() == "push button"
            and node.get_state_set().contains(Atspi.StateType.VISIBLE)]
    ok(len(keys) >= 45, f"the keyboard's page shows {len(keys)} keys as push buttons")
    unnamed = [k for k in keys if not k.get_name()]
    ok(not unnamed, "every key has a spoken name")
    no_click = [k.get_name() for k in keys if "click" not in actions(k)]
    ok(not no_click, "every key has a click action" + (f" (not: {no_click})" if no_click else ""))
    names = {k.get_name() for k in keys}
    print(f"# keys: {sorted(names)}", flush=True)
    for expected in ("ñ", "Mayúsculas", "Borrar una letra", "Espacio", "Continuar",
                     "Letras con tilde", "Números y símbolos"):
        ok(expected in names, f"a key is named “{expected}”")

    # The key's action is a tap: it types, where the field's cursor is.
    click(find("push button", "ñ", within=keyboard))
    ok(wait_for("ñ in the field", lambda: text_of(field) == "ñ"), "the ñ key's click types ñ")
    click(find("push button", "Mayúsculas"))
    shift = wait_for("the shift key's new name", lambda: find("push button", "Mayúsculas, para una letra"))
    ok(shift is not None, "shift says it is on for one letter")
    # The page of small letters is gone from what the screen reader reads.
    ok(find("push button", "a", within=keyboard) is None, "the page left behind is hidden from the screen reader")
    click(find("push button", "A", within=keyboard))
    ok(wait_for("ñA in the field", lambda: text_of(field) == "ñA"), "after shift, a capital")
    click(find("push button", "Borrar una letra"))
    ok(wait_for("ñ again", lambda: text_of(field) == "ñ"), "“Borrar una letra” deletes one letter")

    print(f"1..{len(tests)}", flush=True)
    return 0 if all(passed for passed, _ in tests) else 1


sys.exit(main())
