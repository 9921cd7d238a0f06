// Makes the reference outputs the citation tests compare against, with citeproc-js (the CSL
// engine inside Zotero): an engine independent of the project's, run once by hand, its output
// committed as expected.json. Run from the repository root:
//
//   npm install --prefix /tmp/citeproc-js citeproc@2.4.63
//   NODE_PATH=/tmp/citeproc-js/node_modules node tests/sources/reference/generate.js
//
// Inputs: items.json (source-1 is the demo catalogue's article) and cites.json beside this file, the bundled styles and the en-US locale
// under archive_app/resources/csl. Output: expected.json beside this file.
'use strict';
const fs = require('fs');
const path = require('path');
const CSL = require('citeproc');

const here = __dirname;
const resources = path.join(here, '..', '..', '..', 'archive_app', 'resources', 'csl');
const styles = [
  'chicago-notes-bibliography',
  'chicago-author-date',
  'apa',
  'modern-language-association',
  'harvard-cite-them-right',
];
const items = JSON.parse(fs.readFileSync(path.join(here, 'items.json'), 'utf8'));
const cites = JSON.parse(fs.readFileSync(path.join(here, 'cites.json'), 'utf8'));
const locale = fs.readFileSync(path.join(resources, 'locales-en-US.xml'), 'utf8');
const byId = Object.fromEntries(items.map((item) => [item.id, item]));

function engine(style, format) {
  const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };
  const xml = fs.readFileSync(path.join(resources, `${style}.csl`), 'utf8');
  const processor = new CSL.Engine(sys, xml, 'en-US', true);
  processor.setOutputFormat(format);
  processor.opt.development_extensions.wrap_url_and_doi = format === 'html';
  return processor;
}

function bibliography(style, format, ids = items.map((item) => item.id)) {
  const processor = engine(style, format);
  processor.updateItems(ids);
  const [meta, entries] = processor.makeBibliography();
  return meta.entry_ids.map((ids, index) => ({
    id: ids[0],
    entry: entries[index].trim().replace(/^<div class="csl-entry">([\s\S]*)<\/div>$/, '$1').trim(),
  }));
}

function notes(style, format) {
  const processor = engine(style, format);
  const citations = cites.map((cite, index) => ({
    citationID: `c${index + 1}`,
    citationItems: [cite],
    properties: { noteIndex: index + 1 },
  }));
  return processor.rebuildProcessorState(citations, format).map((row) => row[2]);
}

const expected = { engine: `citeproc-js ${CSL.PROCESSOR_VERSION}`, locale: 'en-US', styles: {} };
for (const style of styles) {
  expected.styles[style] = {
    bibliography: { text: bibliography(style, 'text'), html: bibliography(style, 'html') },
    citations: { text: notes(style, 'text'), html: notes(style, 'html') },
    // the demo catalogue's one source on its own (the article on Vlasov)
    demo: { text: bibliography(style, 'text', ['source-1']), html: bibliography(style, 'html', ['source-1']) },
  };
}
fs.writeFileSync(path.join(here, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
console.log(`wrote ${path.join(here, 'expected.json')} with ${expected.engine}`);
