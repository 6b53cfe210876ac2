// Starts `netc lsp` for .net files. esbuild bundles this file and its dependencies into
// dist/extension.js (npm run bundle), which is what the packaged extension runs.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { resolveLauncher, notFoundMessage, serverEnvironment } = require('./launcher');

// Changing one of these takes a new server: the window is reloaded to start it.
const SERVER_SETTINGS = ['netc.path', 'netc.java', 'netc.jvmOptions'];

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('netc');
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (SERVER_SETTINGS.some((name) => event.affectsConfiguration(name))) {
      vscode.window.showInformationMessage('netc: the server settings changed: reload the window to use them.');
    }
  }));
  const command = settings.get('path', 'netc');
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const launcher = resolveLauncher(command, process.env, folder && folder.uri.fsPath);
  if (!launcher) {
    showError(notFoundMessage(command));
    return undefined;
  }
  const env = serverEnvironment(process.env, settings.get('java', ''), settings.get('jvmOptions', []));
  const server = { command: launcher, args: ['lsp'], transport: TransportKind.stdio, options: { env } };
  client = new LanguageClient('netc', 'netc language server', server, {
    documentSelector: [{ language: 'netc' }],
    initializationOptions: { inlayShapes: settings.get('inlayShapes', true) },
    synchronize: { configurationSection: 'netc' },
  });
  return client.start().catch((error) => showError(`netc: the language server did not start (${launcher}): ${error.message}`));
}

function showError(message) {
  vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice) {
      vscode.commands.executeCommand('workbench.action.openSettings', 'netc.');
    }
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
