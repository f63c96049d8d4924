"""A small XLSForm-to-XForm writer for Ventanilla's demo services.

The demo forms are defined in forms.py as XLSForm rows (survey, choices,
settings).  This module writes, for each form:

  data/forms/<id>.xml                      the ODK XForm, in the shape pyxform
                                           produces (itext translations, choice
                                           lists as secondary instances,
                                           `${name}` references as absolute paths,
                                           siblings inside a repeat as ../name)
  data/forms-source/<id>/survey.csv        the XLSForm sheets, one CSV each,
  data/forms-source/<id>/choices.csv       for authors who want to open the
  data/forms-source/<id>/settings.csv      form in a spreadsheet
  tests/fixtures/answers/<id>.json         a sample application

plus the catalogue entries (vt-title, vt-description, vt-category) that
pyxform cannot produce (docs/FORMS.md).  It covers only the XLSForm features
the demo forms use; it is a development tool, not part of the kiosk.
"""

import csv
import json
import os
import re
from xml.sax.saxutils import escape

NAMESPACES = [
    ('', 'http://www.w3.org/2002/xforms'),
    ('ev', 'http://www.w3.org/2001/xml-events'),
    ('h', 'http://www.w3.org/1999/xhtml'),
    ('jr', 'http://openrosa.org/javarosa'),
    ('odk', 'http://www.opendatakit.org/xforms'),
    ('orx', 'http://openrosa.org/xforms'),
    ('xsd', 'http://www.w3.org/2001/XMLSchema'),
]
VT_NAMESPACE = 'https://ventanilla.org/xforms'

LANG_NAMES = {
    'es': 'Español (es)',
    'pt_BR': 'Português (pt_BR)',
    'en': 'English (en)',
    'fr': 'Français (fr)',
    'ht': 'Kreyòl ayisyen (ht)',
    'qu': 'Runasimi (qu)',
    'gn': "Avañe'ẽ (gn)",
}

BIND_TYPES = {
    'text': 'string',
    'integer': 'int',
    'decimal': 'decimal',
    'date': 'date',
    'time': 'time',
    'dateTime': 'dateTime',
    'select_one': 'string',
    'select_multiple': 'string',
    'note': 'string',
    'calculate': 'string',
    'image': 'binary',
    'file': 'binary',
    'range': 'int',
    'acknowledge': 'string',
    'geopoint': 'geopoint',
}


def attr(value):
    """An XML attribute value, quoted."""
    return '"' + escape(value, {'"': '&quot;'}) + '"'


class Node:
    def __init__(self, row, parent):
        self.row = row
        self.parent = parent
        self.children = []
        self.kind = row['type'].split()[0]
        self.name = row['name']

    @property
    def path(self):
        if self.parent is None:
            return '/' + self.name
        return self.parent.path + '/' + self.name

    def repeat(self):
        p = self
        while p is not None:
            if p.kind == 'begin_repeat':
                return p
            p = p.parent
        return None


class Form:
    def __init__(self, settings, survey, choices, answers):
        self.settings = settings
        self.survey = survey
        self.choices = choices
        self.answers = answers
        self.langs = settings['languages']
        self.root = Node({'type': 'begin_group', 'name': 'data'}, None)
        self.nodes = {}
        self._build_tree()

    # ---- structure --------------------------------------------------------

    def _build_tree(self):
        stack = [self.root]
        for row in self.survey:
            kind = row['type'].split()[0]
            if kind in ('end_group', 'end_repeat'):
                stack.pop()
                continue
            node = Node(row, stack[-1])
            if node.name in self.nodes:
                raise ValueError('duplicate name ' + node.name)
            self.nodes[node.name] = node
            stack[-1].children.append(node)
            if kind in ('begin_group', 'begin_repeat'):
                stack.append(node)
        if len(stack) != 1:
            raise ValueError('unbalanced groups in ' + self.settings['form_id'])

    def all_nodes(self, node=None):
        node = node or self.root
        for child in node.children:
            yield child
            yield from self.all_nodes(child)

    # ---- expressions ------------------------------------------------------

    def expr(self, text, context):
        """${name} as pyxform writes it: absolute, or ../name between
        siblings of the same repeat instance."""
        def ref(match):
            target = self.nodes[match.group(1)]
            here = context.repeat() if context is not None else None
            if here is not None and target.repeat() is here and context is not target:
                return ' ' + self._relative(context, target) + ' '
            return ' ' + target.path + ' '
        return re.sub(r'\$\{([A-Za-z_][A-Za-z0-9_]*)\}', ref, text)

    @staticmethod
    def _relative(context, target):
        # From the context node, go up to the nearest common ancestor, then
        # down to the target: ../age from /data/m/income to /data/m/age.
        ancestors = []
        p = context.parent
        while p is not None:
            ancestors.append(p)
            p = p.parent
        steps = 1
        for a in ancestors:
            if (target.path + '/').startswith(a.path + '/'):
                return '../' * steps + target.path[len(a.path) + 1:]
            steps += 1
        raise ValueError('no common ancestor')

    def text_with_outputs(self, text, context):
        """Label text: ${name} becomes <output value=" path "/>."""
        out = []
        pos = 0
        for m in re.finditer(r'\$\{([A-Za-z_][A-Za-z0-9_]*)\}', text):
            out.append(escape(text[pos:m.start()]))
            out.append('<output value=%s/>' % attr(self.expr(m.group(0), context)))
            pos = m.end()
        out.append(escape(text[pos:]))
        return ''.join(out)

    # ---- itext ------------------------------------------------------------

    def itext_entries(self):
        """(id, {lang: xml text}) in document order."""
        entries = []
        cat = self.settings['catalogue']
        for key in ('vt-title', 'vt-description', 'vt-category'):
            entries.append((key, {l: escape(cat[key][l]) for l in self.langs}))
        for node in self.all_nodes():
            row = node.row
            for col, suffix in (('label', 'label'), ('hint', 'hint'),
                                ('constraint_message', 'jr:constraintMsg'),
                                ('required_message', 'jr:requiredMsg')):
                if col in row:
                    self._check_langs(row[col], node.name + ' ' + col)
                    entries.append(('%s:%s' % (node.path, suffix),
                                    {l: self.text_with_outputs(row[col][l], node)
                                     for l in self.langs}))
        for list_name in self.used_lists():
            for i, choice in enumerate(self.choices[list_name]):
                self._check_langs(choice['label'], list_name + ' ' + choice['name'])
                entries.append(('%s-%d' % (list_name, i),
                                {l: escape(choice['label'][l]) for l in self.langs}))
        return entries

    def _check_langs(self, texts, what):
        missing = [l for l in self.langs if l not in texts or not texts[l].strip()]
        if missing:
            raise ValueError('%s: %s lacks %s' % (self.settings['form_id'], what, missing))

    def used_lists(self):
        seen = []
        for node in self.all_nodes():
            parts = node.row['type'].split()
            if parts[0] in ('select_one', 'select_multiple') and parts[1] not in seen:
                seen.append(parts[1])
        return seen

    # ---- XForm ------------------------------------------------------------

    def uses_vt(self):
        return any('vt:' in str(v) for row in self.survey for v in row.values())

    def xform(self):
        s = self.settings
        ns = list(NAMESPACES)
        if self.uses_vt():
            ns.append(('vt', VT_NAMESPACE))
        decl = ' '.join(('xmlns=%s' % attr(u)) if not p else ('xmlns:%s=%s' % (p, attr(u)))
                        for p, u in ns)
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<h:html %s>' % decl,
               '  <h:head>',
               '    <h:title>%s</h:title>' % escape(s['form_title']),
               '    <model odk:xforms-version="1.0.0">',
               '      <itext>']
        entries = self.itext_entries()
        for lang in self.langs:
            default = ' default="true()"' if lang == s['default_language'] else ''
            out.append('        <translation%s lang=%s>' % (default, attr(LANG_NAMES[lang])))
            for key, texts in entries:
                out.append('          <text id=%s>' % attr(key))
                out.append('            <value>%s</value>' % texts[lang])
                out.append('          </text>')
            out.append('        </translation>')
        out.append('      </itext>')
        # Primary instance.
        out.append('      <instance>')
        out.append('        <data id=%s version=%s>' % (attr(s['form_id']), attr(s['version'])))
        self._instance(self.root, out, 10)
        out.append('          <meta>')
        out.append('            <instanceID/>')
        out.append('          </meta>')
        out.append('        </data>')
        out.append('      </instance>')
        # Choice lists.
        for list_name in self.used_lists():
            out.append('      <instance id=%s>' % attr(list_name))
            out.append('        <root>')
            for i, choice in enumerate(self.choices[list_name]):
                out.append('          <item>')
                out.append('            <itextId>%s-%d</itextId>' % (list_name, i))
                out.append('            <name>%s</name>' % escape(choice['name']))
                for k, v in choice.items():
                    if k not in ('name', 'label'):
                        out.append('            <%s>%s</%s>' % (k, escape(v), k))
                out.append('          </item>')
            out.append('        </root>')
            out.append('      </instance>')
        # Binds.
        for node in self.all_nodes():
            b = self._bind(node)
            if b:
                out.append('      ' + b)
        out.append('      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" '
                   'calculate="concat(\'uuid:\', uuid())"/>')
        out.append('    </model>')
        out.append('  </h:head>')
        out.append('  <h:body>')
        for child in self.root.children:
            self._body(child, out, 4)
        out.append('  </h:body>')
        out.append('</h:html>')
        return '\n'.join(out) + '\n'

    def _instance(self, node, out, indent):
        for child in node.children:
            pad = ' ' * indent
            if child.kind in ('begin_group', 'begin_repeat'):
                tmpl = ' jr:template=""' if child.kind == 'begin_repeat' else ''
                out.append('%s<%s%s>' % (pad, child.name, tmpl))
                self._instance(child, out, indent + 2)
                out.append('%s</%s>' % (pad, child.name))
            else:
                default = child.row.get('default')
                if default is not None:
                    out.append('%s<%s>%s</%s>' % (pad, child.name, escape(default), child.name))
                else:
                    out.append('%s<%s/>' % (pad, child.name))

    def _bind(self, node):
        row = node.row
        kind = node.kind
        a = [('nodeset', node.path)]
        if kind in ('begin_group', 'begin_repeat'):
            if 'relevant' in row:
                a.append(('relevant', self.expr(row['relevant'], node)))
                return '<bind %s/>' % ' '.join('%s=%s' % (k, attr(v)) for k, v in a)
            return None
        if kind in ('start', 'end'):
            return '<bind nodeset=%s type="dateTime" jr:preload="timestamp" jr:preloadParams=%s/>' % (
                attr(node.path), attr(kind))
        a.append(('type', BIND_TYPES[kind]))
        if kind == 'note' or row.get('readonly'):
            a.append(('readonly', 'true()'))
        if row.get('required'):
            # XLSForm's required column is "yes" or an expression.
            req = row['required']
            a.append(('required', 'true()' if req is True else self.expr(req, node)))
            if 'required_message' in row:
                a.append(('jr:requiredMsg', "jr:itext('%s:jr:requiredMsg')" % node.path))
        if 'relevant' in row:
            a.append(('relevant', self.expr(row['relevant'], node)))
        if 'constraint' in row:
            a.append(('constraint', self.expr(row['constraint'], node)))
            if 'constraint_message' in row:
                a.append(('jr:constraintMsg', "jr:itext('%s:jr:constraintMsg')" % node.path))
        if 'calculation' in row:
            a.append(('calculate', self.expr(row['calculation'], node)))
        return '<bind %s/>' % ' '.join('%s=%s' % (k, attr(v)) for k, v in a)

    def _label_hint(self, node, out, pad):
        if 'label' in node.row:
            out.append("%s  <label ref=\"jr:itext('%s:label')\"/>" % (pad, node.path))
        if 'hint' in node.row:
            out.append("%s  <hint ref=\"jr:itext('%s:hint')\"/>" % (pad, node.path))

    def _body(self, node, out, indent):
        pad = ' ' * indent
        row = node.row
        kind = node.kind
        app = (' appearance=%s' % attr(row['appearance'])) if 'appearance' in row else ''
        if kind in ('start', 'end', 'calculate'):
            return
        if kind == 'begin_group':
            out.append('%s<group%s ref=%s>' % (pad, app, attr(node.path)))
            if 'label' in row:
                out.append("%s  <label ref=\"jr:itext('%s:label')\"/>" % (pad, node.path))
            for child in node.children:
                self._body(child, out, indent + 2)
            out.append('%s</group>' % pad)
        elif kind == 'begin_repeat':
            out.append('%s<group ref=%s>' % (pad, attr(node.path)))
            if 'label' in row:
                out.append("%s  <label ref=\"jr:itext('%s:label')\"/>" % (pad, node.path))
            count = ''
            if 'repeat_count' in row:
                count = ' jr:count=%s' % attr(self.expr(row['repeat_count'], node))
            out.append('%s  <repeat%s%s nodeset=%s>' % (pad, app, count, attr(node.path)))
            for child in node.children:
                self._body(child, out, indent + 4)
            out.append('%s  </repeat>' % pad)
            out.append('%s</group>' % pad)
        elif kind in ('select_one', 'select_multiple'):
            tag = 'select1' if kind == 'select_one' else 'select'
            list_name = row['type'].split()[1]
            out.append('%s<%s%s ref=%s>' % (pad, tag, app, attr(node.path)))
            self._label_hint(node, out, pad)
            nodeset = "instance('%s')/root/item" % list_name
            if 'choice_filter' in row:
                nodeset += '[%s]' % self.expr(row['choice_filter'], node)
            out.append('%s  <itemset nodeset=%s>' % (pad, attr(nodeset)))
            out.append('%s    <value ref="name"/>' % pad)
            out.append('%s    <label ref="jr:itext(itextId)"/>' % pad)
            out.append('%s  </itemset>' % pad)
            out.append('%s</%s>' % (pad, tag))
        elif kind in ('image', 'file'):
            media = 'image/*' if kind == 'image' else row.get('mediatype', 'application/pdf')
            out.append('%s<upload%s mediatype=%s ref=%s>' % (pad, app, attr(media), attr(node.path)))
            self._label_hint(node, out, pad)
            out.append('%s</upload>' % pad)
        elif kind == 'range':
            p = row['parameters']
            out.append('%s<range%s end=%s ref=%s start=%s step=%s>' % (
                pad, app, attr(p['end']), attr(node.path), attr(p['start']), attr(p['step'])))
            self._label_hint(node, out, pad)
            out.append('%s</range>' % pad)
        else:
            out.append('%s<input%s ref=%s>' % (pad, app, attr(node.path)))
            self._label_hint(node, out, pad)
            out.append('%s</input>' % pad)

    # ---- XLSForm sheets ---------------------------------------------------

    def sheets(self, directory):
        os.makedirs(directory, exist_ok=True)
        langs = self.langs
        cols = ['type', 'name']
        for base in ('label', 'hint'):
            cols += ['%s::%s' % (base, LANG_NAMES[l]) for l in langs]
        cols += ['required']
        cols += ['required_message::%s' % LANG_NAMES[l] for l in langs]
        cols += ['relevant', 'constraint']
        cols += ['constraint_message::%s' % LANG_NAMES[l] for l in langs]
        cols += ['calculation', 'choice_filter', 'appearance', 'repeat_count', 'parameters',
                 'default']
        with open(os.path.join(directory, 'survey.csv'), 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(cols)
            for row in self.survey:
                line = []
                for c in cols:
                    base, _, lang_name = c.partition('::')
                    v = row.get(base, '')
                    if lang_name:
                        code = [k for k, n in LANG_NAMES.items() if n == lang_name][0]
                        v = v.get(code, '') if v else ''
                    elif base == 'required':
                        v = 'yes' if v is True else (v or '')
                    elif base == 'parameters' and v:
                        v = ' '.join('%s=%s' % kv for kv in v.items())
                    line.append(v)
                w.writerow(line)
        extra = []
        for list_name in self.used_lists():
            for choice in self.choices[list_name]:
                for k in choice:
                    if k not in ('name', 'label') and k not in extra:
                        extra.append(k)
        with open(os.path.join(directory, 'choices.csv'), 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['list_name', 'name'] + ['label::%s' % LANG_NAMES[l] for l in langs] + extra)
            for list_name in self.used_lists():
                for choice in self.choices[list_name]:
                    w.writerow([list_name, choice['name']] + [choice['label'][l] for l in langs]
                               + [choice.get(k, '') for k in extra])
        s = self.settings
        with open(os.path.join(directory, 'settings.csv'), 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['form_title', 'form_id', 'version', 'default_language', 'name', 'namespaces'])
            w.writerow([s['form_title'], s['form_id'], s['version'], LANG_NAMES[s['default_language']],
                        'data', ('vt="%s"' % VT_NAMESPACE) if self.uses_vt() else ''])

    def answers_json(self):
        return json.dumps(dict(self.answers), ensure_ascii=False, indent=2) + '\n'
