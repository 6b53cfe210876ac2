// The launcher's resolution and the server's environment (launcher.js), without VS Code.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { resolveLauncher, notFoundMessage, serverEnvironment } = require('../launcher');

function folderWithLauncher() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'netc-launcher-'));
  const launcher = path.join(folder, 'netc');
  fs.writeFileSync(launcher, '#!/bin/sh\n');
  fs.chmodSync(launcher, 0o755);
  fs.writeFileSync(path.join(folder, 'not-executable'), '');
  return { folder, launcher };
}

test('a bare command is found on the PATH', () => {
  const { folder, launcher } = folderWithLauncher();
  assert.strictEqual(resolveLauncher('netc', { PATH: ['/nonexistent', folder].join(path.delimiter) }, '/'), launcher);
  assert.strictEqual(resolveLauncher('netc', { PATH: '/nonexistent' }, '/'), null);
  assert.strictEqual(resolveLauncher('netc', {}, '/'), null);
});

test('a path is taken from the workspace and must be an executable file', () => {
  const { folder, launcher } = folderWithLauncher();
  assert.strictEqual(resolveLauncher(launcher, { PATH: '' }, '/'), launcher);
  assert.strictEqual(resolveLauncher('./netc', { PATH: '' }, folder), launcher);
  assert.strictEqual(resolveLauncher('./not-executable', { PATH: '' }, folder), null);
  assert.strictEqual(resolveLauncher(folder, { PATH: '' }, '/'), null, 'a folder is no launcher');
});

test('the message says what was looked for and how to fix it', () => {
  assert.strictEqual(notFoundMessage('netc'), 'netc: cannot start the language server: netc is not on the PATH. '
    + 'Set netc.path to the netc launcher at the root of the netc repository (such as /home/me/netc/netc), or put '
    + 'that folder on the PATH, then reload the window.');
  assert.match(notFoundMessage('/opt/netc/netc'), /^netc: cannot start the language server: there is no executable file \/opt\/netc\/netc\. /);
});

test('java and its options reach the launcher through the environment', () => {
  assert.deepStrictEqual(serverEnvironment({ PATH: '/bin' }, '/usr/lib/jvm/java-21/bin/java', ['-Xmx4g', '-Dx=1']),
    { PATH: '/bin', NETC_JAVA: '/usr/lib/jvm/java-21/bin/java', NETC_JAVA_OPTIONS: '-Xmx4g -Dx=1' });
  assert.deepStrictEqual(serverEnvironment({ PATH: '/bin' }, '', []), { PATH: '/bin' });
});
