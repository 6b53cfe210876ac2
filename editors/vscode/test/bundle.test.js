// The bundle the packaged extension runs: one file holding the language client, needing only vscode.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

test('esbuild bundles the extension into one file that requires nothing but vscode', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netc-bundle-')), 'extension.js');
  require('esbuild').buildSync({ entryPoints: [path.join(__dirname, '..', 'extension.js')], bundle: true, outfile: out,
    external: ['vscode'], format: 'cjs', platform: 'node', target: 'node18', logLevel: 'silent' });
  const bundle = fs.readFileSync(out, 'utf8');
  const required = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]
    .filter((name) => !name.startsWith('node:') && !require('module').builtinModules.includes(name));
  assert.deepStrictEqual(required, ['vscode']);
  assert.match(bundle, /netc language server/);
});

test('the package runs the bundle and leaves the sources and node_modules out', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  assert.strictEqual(manifest.main, './dist/extension.js');
  assert.strictEqual(manifest.dependencies, undefined, 'everything the extension needs is bundled');
  const ignored = fs.readFileSync(path.join(__dirname, '..', '.vscodeignore'), 'utf8').split('\n');
  for (const entry of ['node_modules/**', 'extension.js', 'launcher.js', 'graph.js', 'test/**']) {
    assert.ok(ignored.includes(entry), entry);
  }
});
