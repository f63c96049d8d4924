// Optional cross-check of a demo form against ODK Web Forms' engine: loads
// the form, applies a sample application (ANSWERS.json as ventanilla-ctl
// reads it), prints every constraint or required violation and then the
// instance XML.  Not part of the build or the test suite.
//
//   mkdir /tmp/odk && cd /tmp/odk && npm init -y && \
//     npm install @getodk/xforms-engine@0.22.0 jsdom
//   cp /path/to/data/forms-source/odk-web-forms-check.mjs . && \
//     node odk-web-forms-check.mjs FORM.xml ANSWERS.json [LANG]
//
// ODK Web Forms has no vt:id-valid(): calls to it are replaced by true()
// (the kiosk's own tests cover them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

// The engine expects a browser: give it jsdom's XML classes, and the CommonJS
// globals its bundled parser looks for.
const dom = new JSDOM('');
for (const k of ['DOMParser', 'XMLSerializer', 'Node', 'Element', 'Document', 'XPathResult',
                 'document', 'Text', 'Attr', 'NodeFilter', 'XMLDocument'])
  globalThis[k] = dom.window[k];
globalThis.__dirname = dirname(fileURLToPath(import.meta.url)) + '/node_modules/@getodk/xforms-engine/dist';
globalThis.require = createRequire(import.meta.url);
const { createInstance } = await import('@getodk/xforms-engine');

const [formPath, answersPath, lang] = process.argv.slice(2);
const xml = readFileSync(formPath, 'utf8').replace(/vt:id-valid\([^)]*\)/g, 'true()');
const { root } = await createInstance(xml);

if (lang) {
  const found = root.languages.find((l) => l.language === lang || l.language.endsWith(`(${lang})`));
  if (!found) throw new Error(`no language ${lang}`);
  root.setLanguage(found);
}

function nodesByReference(node, out = new Map()) {
  out.set(node.currentState.reference, node);
  for (const child of node.currentState.children ?? []) nodesByReference(child, out);
  return out;
}

const answers = JSON.parse(readFileSync(answersPath, 'utf8'));
for (const [path, value] of Object.entries(answers)) {
  // Looked up again each time: an answer may add repeat instances (jr:count).
  const node = nodesByReference(root).get(path);
  if (!node) throw new Error(`${path}: no such node`);
  if (node.nodeType === 'select') {
    if (value.includes(' ')) node.selectValues(value.split(' '));
    else node.selectValue(value);
  } else if (node.nodeType === 'range' || node.valueType === 'int' || node.valueType === 'decimal') {
    node.setValue(Number(value));
  } else {
    node.setValue(value);
  }
}

for (const v of root.validationState.violations)
  console.log(`${v.reference}: ${v.violation.message.asString}`);
console.log(root.instanceState.instanceXML);
