// The "netc: Show Model Graph" command: its contribution, and the webview page it shows.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { graphPage } = require('../graph');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

test('the command is contributed as "netc: Show Model Graph" for .net files', () => {
  assert.deepEqual(manifest.contributes.commands,
    [{ command: 'netc.showModelGraph', title: 'Show Model Graph', category: 'netc' }]);
  assert.ok(manifest.activationEvents.includes('onCommand:netc.showModelGraph'));
  assert.deepEqual(manifest.contributes.menus.commandPalette,
    [{ command: 'netc.showModelGraph', when: 'editorLangId == netc' }]);
});

test('the page holds the SVG inline, without its XML declaration, under a policy allowing no script', () => {
  const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n';
  const page = graphPage('Graph: a<b>.net', svg);
  assert.equal(page, '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
    + '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">\n'
    + '<title>Graph: a&lt;b&gt;.net</title>\n'
    + '<style>body { background: #ffffff; margin: 0; padding: 8px; } p { font-family: sans-serif; color: #333; }</style>\n'
    + '</head>\n<body>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n</body>\n</html>\n');
});

test('without a model the page says so', () => {
  assert.match(graphPage('Graph: empty.net', null),
    /<body>\n<p>No model to draw: the document defines none, or netc could not analyse it yet.<\/p><\/body>/);
});
