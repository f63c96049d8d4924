#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (tests/fuzz/run-fuzzers.sh calls it).

    make-corpus.py SOURCE_ROOT OUT_DIR

OUT_DIR/<target>/ gets: the seeds kept in tests/fuzz/seeds/<target>/, the
crashes kept in tests/fixtures/fuzz/<target>/, and what the project's forms
give: every XForm of data/forms, tests/fixtures/forms and (when present)
../shared/conformance for fuzz-xform, and every XPath expression in them
(bind calculate/relevant/constraint/required/readonly, jr:count, ref and
nodeset of controls, <output value>, setvalue) for fuzz-xpath."""
import hashlib
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

root, out = sys.argv[1], sys.argv[2]
targets = sorted(os.listdir(os.path.join(root, 'tests', 'fuzz', 'seeds')))


def put(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)


for target in targets:
    for kept in (os.path.join(root, 'tests', 'fuzz', 'seeds', target),
                 os.path.join(root, 'tests', 'fixtures', 'fuzz', target)):
        if os.path.isdir(kept):
            for name in sorted(os.listdir(kept)):
                with open(os.path.join(kept, name), 'rb') as f:
                    put(target, f.read())

forms = []
for d in ('data/forms', 'tests/fixtures/forms', '../shared/conformance'):
    d = os.path.join(root, d)
    for dirpath, _, names in os.walk(d):
        forms += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith('.xml')]

expression_attributes = {'calculate', 'relevant', 'constraint', 'required', 'readonly',
                         'count', 'value', 'ref', 'nodeset', 'jr:count'}
expressions = set()
for path in forms:
    with open(path, 'rb') as f:
        data = f.read()
    put('xform', data)
    try:
        tree = ET.fromstring(data)
    except ET.ParseError:
        continue
    for element in tree.iter():
        for name, value in element.attrib.items():
            local = re.sub(r'^\{[^}]*\}', '', name)
            if local in expression_attributes and value.strip():
                expressions.add(value.strip())

for expression in sorted(expressions):
    put('xpath', expression)

for target in targets:
    d = os.path.join(out, target)
    n = len(os.listdir(d)) if os.path.isdir(d) else 0
    print('%s: %d seeds' % (target, n))
