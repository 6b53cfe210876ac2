// Finds the netc launcher the settings name, and the environment it runs with: no dependency on
// vscode, so node --test checks it.
'use strict';

const fs = require('fs');
const path = require('path');

// The file a command runs: a path as it is (relative to the workspace), a bare name on the PATH.
function resolveLauncher(command, env, workspace) {
  if (command.includes('/') || command.includes(path.sep)) {
    const file = path.resolve(workspace || process.cwd(), command);
    return isExecutable(file) ? file : null;
  }
  for (const folder of (env.PATH || '').split(path.delimiter)) {
    const file = path.join(folder || '.', command);
    if (folder && isExecutable(file)) {
      return file;
    }
  }
  return null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch (error) {
    return false;
  }
}

// What the user reads when the launcher cannot be found: what was looked for, where, and the fix.
function notFoundMessage(command) {
  const where = command.includes('/') ? `there is no executable file ${command}` : `${command} is not on the PATH`;
  return `netc: cannot start the language server: ${where}. Set netc.path to the netc launcher at the root of `
    + 'the netc repository (such as /home/me/netc/netc), or put that folder on the PATH, then reload the window.';
}

// The launcher reads the java to run and its options from the environment (see the netc script).
function serverEnvironment(env, java, jvmOptions) {
  const result = { ...env };
  if (java) {
    result.NETC_JAVA = java;
  }
  if (jvmOptions && jvmOptions.length > 0) {
    result.NETC_JAVA_OPTIONS = jvmOptions.join(' ');
  }
  return result;
}

module.exports = { resolveLauncher, notFoundMessage, serverEnvironment };
