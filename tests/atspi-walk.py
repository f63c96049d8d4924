#!/usr/bin/python3
# What a blind citizen gets, over the real AT-SPI bus (run by
# test-atspi-walk.sh under its own Xvfb, D-Bus and AT-SPI bus): every page
# of every demo service walked as a screen reader walks it, and each
# application completed with AT-SPI alone (Action.do_action,
# EditableText.set_text_contents), in Spanish.  On every page: a heading,
# no interactive object without a name (or named by its GTK class), choices
# and date parts that say their question; on pages with required
# questions, Continue pressed first with nothing answered: each required
# control then says it is required, is invalid and carries the error text.
# It ends on the receipt, where what has the focus says the reference code.
# TAP output.
#   atspi-walk.py FORMS-DIR ANSWERS-DIR ES.PO
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

TIMEOUT_S = 60
forms_dir, answers_dir, po_path = sys.argv[1:4]
tests = []
XF = "{http://www.w3.org/2002/xforms}"
INTERACTIVE = {"push button", "toggle button", "radio button", "check box", "text",
               "password text", "spin button", "combo box", "menu item", "slider",
               "scroll pane", "list item", "link", "entry"}


def ok(passed, what):
    tests.append((passed, what))
    print(("ok" if passed else "not ok") + f" {len(tests)} - {what}", flush=True)
    return passed


class Node:
    """One object as the walk saw it: reading the tree over D-Bus, object
    by object, is slow, so each look at the screen reads it once."""

    def __init__(self, acc, depth):
        self.acc = acc
        self.role = acc.get_role_name()
        self.name = acc.get_name() or ""
        self.desc = acc.get_description() or ""
        self.states = {Atspi.StateType(int(i)).value_nick for i in acc.get_state_set().get_states()}
        self.children = []
        # GTK 4.8 sets VISIBLE, never SHOWING.
        if (depth == 0 or "visible" in self.states) and depth < 80:
            for i in range(acc.get_child_count()):
                child = acc.get_child_at_index(i)
                if child is not None:
                    node = Node(child, depth + 1)
                    if "visible" in node.states:
                        self.children.append(node)

    def get_role_name(self):
        return self.role

    def get_name(self):
        return self.name

    def get_description(self):
        return self.desc


_tree = []


def look():
    """Forgets what was read: the screen may have changed."""
    _tree.clear()


def states(node):
    return node.states


def dump(root):
    for node in walk(root):
        print(f"# {node.role}: {node.name!r} {node.desc!r} "
              f"{sorted(node.states - {'visible', 'sensitive', 'enabled'})}", flush=True)


def bail(why):
    look()
    try:
        dump(kiosk())
    except GLib.Error:
        pass
    print(f"Bail out! {why}", flush=True)
    sys.exit(1)


def wait_for(what, condition, timeout=TIMEOUT_S):
    """Runs the main loop until condition() returns something, or fails."""
    context = GLib.MainContext.default()
    timed_out = []
    tick = GLib.timeout_add(100, lambda: True)
    deadline = GLib.timeout_add_seconds(timeout, lambda: timed_out.append(True) or False)
    try:
        while True:
            look()
            try:
                found = condition()
            except GLib.Error:
                found = None  # the tree changed under us: look again
            if found:
                return found
            if timed_out:
                bail(f"timed out after {timeout} s waiting for {what}")
            context.iteration(True)
    finally:
        GLib.source_remove(tick)
        if not timed_out:
            GLib.source_remove(deadline)


def walk(node):
    if node is None:
        return
    yield node
    for child in node.children:
        yield from walk(child)


def kiosk():
    if not _tree:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_name() in ("ventanilla", "org.ventanilla.Kiosk"):
                _tree.append(Node(app, 0))
                break
    return _tree[0] if _tree else None


def page():
    """The page under the top bar: the window's scrolled pane."""
    for node in walk(kiosk()):
        if node.get_role_name() == "scroll pane":
            return node
    return None


def find(role, name=None, contains=None, within=None):
    for node in walk(within or kiosk()):
        if role is not None and node.get_role_name() != role:
            continue
        label = node.get_name() or ""
        if name is not None and label != name:
            continue
        if contains is not None and squash(contains) not in squash(label):
            continue
        return node
    return None


def said(node):
    """What a screen reader says of an object: its name and description."""
    return f"{node.get_name() or ''} {node.get_description() or ''}"


def squash(text):
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def actions(node):
    try:
        return [node.acc.get_action_name(i) for i in range(node.acc.get_n_actions())]
    except GLib.Error:
        return []


def press(node):
    names = actions(node)
    if not names:
        bail(f"“{node.get_name()}” ({node.get_role_name()}) has no action: "
             "a screen reader cannot press it")
    node.acc.do_action(names.index("click") if "click" in names else 0)
    look()


def focused():
    for node in walk(kiosk()):
        if "focused" in node.states:
            return node
    return None


def gone(node):
    return all(n.acc != node.acc for n in walk(page()))


def press_and_wait(button, what):
    press(button)
    wait_for(what, lambda: gone(button))


# ---- the Spanish the kiosk speaks, from its own catalogue ------------------

def read_po(path):
    messages, msgid, msgstr, field = {}, None, None, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("msgctxt"):
            field = None
        elif line.startswith("msgid "):
            if msgid is not None and msgstr:
                messages[msgid] = msgstr
            msgid, msgstr, field = json.loads(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, field = json.loads(line[7:]), "str"
        elif line.startswith('"') and field == "id":
            msgid += json.loads(line)
        elif line.startswith('"') and field == "str":
            msgstr += json.loads(line)
    if msgid is not None and msgstr:
        messages[msgid] = msgstr
    return messages


PO = read_po(po_path)


def es(msgid):
    return PO.get(msgid, msgid)


# ---- the demo forms, as the walk needs them --------------------------------

class Form:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.texts = {}
        for translation in root.iter(XF + "translation"):
            if "(es)" in translation.get("lang", ""):
                for text in translation.iter(XF + "text"):
                    value = text.find(XF + "value")
                    self.texts[text.get("id")] = "".join(value.itertext()) if value is not None else ""
        self.title = self.texts.get("vt-title", root.find(".//{http://www.w3.org/1999/xhtml}title").text)
        self.form_id = next(iter(root.find(".//" + XF + "instance"))).get("id")
        self.required = {}
        self.constraints = {b.get("nodeset"): b.get("constraint", "") for b in root.iter(XF + "bind")}
        for bind in root.iter(XF + "bind"):
            if bind.get("required", "").replace(" ", "") == "true()":
                self.required[bind.get("nodeset")] = self.label(bind.get("jr:requiredMsg") or
                                                                bind.get("{http://openrosa.org/javarosa}requiredMsg"))
        self.items = {}
        for instance in root.iter(XF + "instance"):
            for item in instance.iter(XF + "item"):
                name, itext = item.findtext(XF + "name"), item.findtext(XF + "itextId")
                if name is not None and itext is not None:
                    self.items.setdefault(instance.get("id"), {})[name] = \
                        self.texts.get(itext + ":label", self.texts.get(itext, name))
        self.questions = []
        body = root.find(".//{http://www.w3.org/1999/xhtml}body")
        for control in body.iter():
            kind = control.tag.replace(XF, "")
            if kind not in ("input", "select1", "select", "range", "upload", "trigger"):
                continue
            ref = control.get("ref")
            label = control.find(XF + "label")
            text = self.label(label.get("ref")) if label is not None and label.get("ref") else ""
            choices = {}
            itemset = control.find(XF + "itemset")
            if itemset is not None:
                match = re.search(r"instance\('([^']+)'\)", itemset.get("nodeset"))
                choices = self.items.get(match.group(1), {}) if match else {}
            for item in control.findall(XF + "item"):
                choices[item.findtext(XF + "value")] = self.label(item.find(XF + "label").get("ref"))
            binds = [b for b in root.iter(XF + "bind") if b.get("nodeset") == ref]
            data_type = binds[0].get("type", "string") if binds else "string"
            self.questions.append({"path": ref, "kind": kind, "label": text, "choices": choices,
                                   "type": data_type})

    def valid(self, question, value):
        """The fixture's answer, or for a date that must be to come (an
        appointment), the first open day from tomorrow."""
        constraint = self.constraints.get(question["path"], "").replace(" ", "")
        if question["type"] != "date" or ".>=today()" not in constraint:
            return value
        day = datetime.date.today() + datetime.timedelta(days=1)
        epoch = datetime.date(1970, 1, 1)
        # "round(decimal-date-time(.)) mod 7 != 2 and … != 3": no Saturdays or Sundays.
        while (day - epoch).days % 7 in (2, 3):
            day += datetime.timedelta(days=1)
        return day.isoformat()

    def label(self, ref):
        if ref is None:
            return None
        match = re.match(r"jr:itext\('([^']+)'\)", ref)
        return self.texts.get(match.group(1), ref) if match else ref


def static_parts(label):
    """A label's words without what <output> puts in."""
    return [p for p in re.split(r"\s{2,}", label or "") if p.strip()]


def says_question(node_text, question):
    parts = static_parts(question["label"]) or [question["label"]]
    return all(squash(p) in squash(node_text) for p in parts)


# ---- one page ----------------------------------------------------------------

def shoot(where):
    """With ATSPI_WALK_SHOTS=DIR, a screenshot of each page, to look at."""
    shots = os.environ.get("ATSPI_WALK_SHOTS")
    if shots:
        subprocess.run(["import", "-display", os.environ["DISPLAY"], "-window", "root",
                        os.path.join(shots, re.sub(r"\W+", "-", where) + ".png")], check=False)


def display_settings():
    """ATSPI_WALK_DISPLAY=200,high-contrast: the top bar's settings, as a
    citizen sets them on the welcome page (each citizen's go back at the end)."""
    wanted = os.environ.get("ATSPI_WALK_DISPLAY", "").split(",")
    size = next((w for w in wanted if w.isdigit()), "100")
    larger = es("Larger text: %u%%")
    for step in ("150", "200")[:{"150": 1, "200": 2}.get(size, 0)]:
        press(find("push button", contains=larger.split(":")[0]))
        wait_for(f"{step} % text", lambda: find("push button", larger.replace("%u%%", step + "%")))
    if "high-contrast" in wanted:
        press(find("push button", es("High contrast")))
    look()


def audit(where):
    shoot(where)
    root = kiosk()
    unnamed, classy = [], []
    for node in walk(root):
        role, name = node.get_role_name(), node.get_name() or ""
        interactive = role in INTERACTIVE or "focusable" in states(node)
        if interactive and (not name.strip() or re.fullmatch(r"Gtk[A-Z]\w*", name)):
            unnamed.append(f"{role} {name!r}")
        elif re.fullmatch(r"Gtk[A-Z]\w*", name) and role != "filler":
            classy.append(f"{role} {name!r}")
    ok(not unnamed, f"{where}: every interactive object has a name" +
       (f" (not: {', '.join(unnamed)})" if unnamed else ""))
    ok(not classy, f"{where}: no object is named by its GTK class" +
       (f" (found: {', '.join(classy)})" if classy else ""))
    headings = [n.get_name() for n in walk(page()) if n.get_role_name() == "heading" and n.get_name()]
    ok(bool(headings), f"{where}: the page has a heading ({headings[:1]})")


def question_controls(question):
    """The objects that answer a question: its text field, its date parts,
    its choices."""
    within = page()
    if question["kind"] in ("select1", "select"):
        wanted = {squash(label) for label in question["choices"].values()}
        group = None
        for node in walk(within):
            if node.get_role_name() in ("panel", "grouping", "filler") and says_question(node.get_name() or "", question):
                group = node
                break
        if group is None:
            return []
        choices = [n for n in walk(group) if n.role in ("radio button", "check box", "push button",
                                                          "toggle button")
                   and any(squash(n.name).startswith(w) for w in wanted)]
        # No choices yet (a neighbourhood before its municipality): the group answers.
        return choices or [group]
    if question["type"] in ("date", "dateTime", "time"):
        for node in walk(within):
            if node.get_role_name() in ("panel", "grouping") and says_question(node.get_name() or "", question):
                return [n for n in walk(node) if n.get_role_name() == "text"]
        # Without a named group: the date parts follow the question's label.
        return []
    for node in walk(within):
        if node.get_role_name() in ("text", "spin button", "password text") and says_question(said(node), question):
            return [node]
    return []


def questions_on_page(form):
    texts = [squash(n.get_name()) for n in walk(page()) if n.get_role_name() in ("label", "heading")]
    shown = []
    for question in form.questions:
        if question["kind"] in ("upload", "trigger") or not question["label"]:
            continue
        if question["kind"] == "input" and question["type"] == "string" and question["path"].endswith("intro"):
            continue
        parts = [squash(p) for p in static_parts(question["label"])]
        # The question's own label: the whole of it ("Nombre" is not "Su
        # nombre completo"), or every part of one with <output>s.
        if any(t == parts[0] if len(parts) == 1 else all(p in t for p in parts) for t in texts):
            shown.append(question)
    return shown


def answer_key(question, members):
    path = question["path"]
    for repeat, index in members.items():
        if path.startswith(repeat + "/"):
            return f"{repeat}[{index}]{path[len(repeat):]}"
    return path


def fill(question, value, where):
    controls = question_controls(question)
    if not controls:
        bail(f"{where}: nothing on the bus answers “{question['label']}”")
    if question["kind"] in ("select1", "select"):
        wanted = value.split(" ") if question["kind"] == "select" else [value]
        for choice_value in wanted:
            label = question["choices"].get(choice_value, choice_value)
            choice = next((c for c in controls if squash(c.get_name()).startswith(squash(label))), None)
            if choice is None:
                bail(f"{where}: no choice “{label}” for “{question['label']}”")
            if "checked" not in states(choice):
                press(choice)
                wait_for(f"“{label}” to be checked",
                         lambda: any("checked" in states(c) for c in question_controls(question)
                                     if squash(c.get_name()).startswith(squash(label))))
        return
    if question["type"] in ("date", "dateTime"):
        year, month, day = value[:10].split("-")
        parts = [day, month, year]
        if question["type"] == "dateTime":
            parts += [value[11:13] or "10", value[14:16] or "30"]
        for node, text in zip(controls, parts):
            Atspi.EditableText.set_text_contents(node.acc, text)
        look()
        return
    Atspi.EditableText.set_text_contents(controls[0].acc, value)
    look()


def continue_button():
    return find("push button", es("Continue"), within=page())


def check_required(form, shown, where):
    """Continue with nothing answered: each required control says so."""
    required = [q for q in shown if q["path"] in form.required]
    for question in required:
        controls = question_controls(question)
        ok(bool(controls) and all("required" in states(c) or squash(es("Required")) in squash(said(c))
                                  for c in controls),
           f"{where}: “{question['label']}” says it is required"
           + ("" if controls else " (no control found)"))
    press_and_wait(continue_button(), "the page with its errors")
    wait_for("the error summary", lambda: find("alert", contains=es("There is a problem"), within=page()))
    for question in required:
        message = form.required[question["path"]] or ""
        controls = question_controls(question)
        ok(bool(controls) and all("invalid" in states(c) for c in controls),
           f"{where}: “{question['label']}” is invalid ({len(controls)} objects)")
        ok(bool(controls) and all(squash(message) in squash(said(c)) for c in controls),
           f"{where}: “{question['label']}” carries its error “{message}”")


def check_question_page(form, shown, where):
    for question in shown:
        controls = question_controls(question)
        controls = [c for c in controls if c.role != "grouping" and c.role != "panel"]
        if question["kind"] in ("select1", "select") and controls:
            ok(all(says_question(said(c), question) for c in controls),
               f"{where}: each choice says its question “{question['label']}”")
            ok(all(actions(c) for c in controls),
               f"{where}: each choice of “{question['label']}” has an action")
        elif question["type"] in ("date", "dateTime"):
            ok(len(controls) >= 3 and all(says_question(c.get_name() or "", question) for c in controls),
               f"{where}: each date part is named with its question “{question['label']}”")


def apply_for(form, answers):
    press(wait_for(f"the service “{form.title}”",
                   lambda: find("push button", contains=form.title, within=page())))
    members, seen_pages, count = {}, set(), 0
    repeats = sorted({re.match(r"(.*)\[\d+\]", k).group(1) for k in answers if "[" in k})
    while True:
        wait_for("a page", lambda: page() is not None and (
            continue_button() or find("push button", es("Agree and send application"), within=page()) or
            find(None, contains=es("Application complete"), within=page())))
        count += 1
        where = f"{form.form_id} page {count}"
        if find(None, contains=es("Application complete"), within=page()):
            audit(f"{form.form_id} receipt")
            return
        if find(None, contains=es("Check your answers before sending your application"), within=page()):
            audit(f"{form.form_id} review")
            press_and_wait(continue_button(), "the consent page")
            continue
        agree = find("push button", es("Agree and send application"), within=page())
        if agree is not None:
            audit(f"{form.form_id} consent")
            focus = focused()
            ok(focus is not None and squash(es("The answers you have just checked, and the date and time you "
                                               "send them. Nothing else about you is sent."))
               in squash(said(focus)),
               f"{form.form_id} consent: the consent is said where the focus lands "
               f"({said(focus) if focus else None!r})")
            press_and_wait(agree, "the receipt")
            continue
        audit(where)
        if count == 1:
            intro = form.texts.get("/data/intro:label")
            focus = focused()
            if intro:
                ok(focus is not None and squash(intro) in squash(said(focus)),
                   f"{where}: the introduction is said where the focus lands "
                   f"({said(focus) if focus else None!r})")
        shown = questions_on_page(form)
        # A repeat's first question on a page that is not the same page
        # again with its errors: the next member.
        errors = find("alert", contains=es("There is a problem"), within=page())
        for repeat in repeats:
            if not errors and any(q["path"] == repeat + "/" + answers_first_field(answers, repeat)
                                  for q in shown):
                members[repeat] = members.get(repeat, 0) + 1
        key = (tuple(q["path"] for q in shown), tuple(sorted(members.items())))
        if shown:
            check_question_page(form, shown, where)
        if key not in seen_pages and any(q["path"] in form.required for q in shown):
            check_required(form, shown, where)
        if key in seen_pages and errors:
            bail(f"{where}: the page did not take the answers")
        seen_pages.add(key)
        # An answer can bring a question onto the page: answer until the
        # page shows nothing new.
        answered = set()
        while True:
            todo = [q for q in questions_on_page(form) if q["path"] not in answered]
            if not todo:
                break
            for question in todo:
                answered.add(question["path"])
                value = answers.get(answer_key(question, members))
                if value is not None:
                    fill(question, form.valid(question, value), where)
        button = continue_button()
        press_and_wait(button, "the next page")
        if count > 60:
            bail(f"{form.form_id}: more than 60 pages")


def answers_first_field(answers, repeat):
    for key in answers:
        if key.startswith(repeat + "[1]/"):
            return key[len(repeat) + 4:]
    return ""


def receipt(form):
    code = None
    for node in walk(page()):
        match = re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", (node.get_name() or "").strip()) or \
            re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", node.get_name() or "")
        if node.get_role_name() == "label" and match:
            code = match.group(0)
            break
    ok(code is not None, f"{form.form_id} receipt: a reference code is on the page ({code})")
    focus = focused()
    heard = re.sub(r"\s", "", said(focus)) if focus is not None else ""
    ok(code is not None and code in heard,
       f"{form.form_id} receipt: the reference code is said where the focus lands "
       f"({said(focus) if focus else None!r})")
    press_and_wait(find("push button", es("Finish"), within=page()), "the welcome page")


def main():
    forms = [Form(path) for path in sorted(glob.glob(os.path.join(forms_dir, "*.xml")))]
    # ATSPI_WALK_SERVICES=form_id,…: those alone (to look at a few pages).
    only = [f for f in os.environ.get("ATSPI_WALK_SERVICES", "").split(",") if f]
    forms = [form for form in forms if not only or form.form_id in only]
    wait_for("the kiosk on the AT-SPI bus", kiosk)
    for form in forms:
        with open(os.path.join(answers_dir, form.form_id + ".json"), encoding="utf-8") as f:
            answers = json.load(f)
        languages = wait_for("the welcome page",
                             lambda: find("panel", es("Choose your language to start"), within=page()))
        display_settings()
        audit("welcome")
        press_and_wait(wait_for("Español", lambda: find("push button", "Español", within=languages)),
                       "the services")
        wait_for("the services", lambda: find("push button", contains=form.title, within=page()))
        audit("services")
        apply_for(form, answers)
        receipt(form)
    print(f"1..{len(tests)}", flush=True)
    return 0 if all(passed for passed, _ in tests) else 1


sys.exit(main())
