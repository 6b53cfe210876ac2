// Starts `netc lsp --stdio` for .net files. Plain JavaScript, so the extension needs no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('netc').get('path', 'netc');
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('netc', 'netc language server', server, {
    documentSelector: [{ language: 'netc' }],
  });
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('netc.path')) {
      vscode.window.showInformationMessage('netc.path changed: reload the window to use the new launcher.');
    }
  }));
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
