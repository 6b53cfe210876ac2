// Starts `netc lsp --stdio` for .net files, and shows a document's model graph beside it. Plain
// JavaScript, so the extension needs no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { graphPage } = require('./graph');

// How long the text must rest before the graph is drawn again: one picture per pause, not per key.
const GRAPH_DELAY_MS = 400;

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
  context.subscriptions.push(vscode.commands.registerCommand('netc.showModelGraph', showModelGraph));
  return client.start();
}

// A webview beside the editor with the graph of its document's model, drawn again after each edit.
function showModelGraph() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'netc') {
    vscode.window.showInformationMessage('netc: open a .net file to show its model graph.');
    return;
  }
  const document = editor.document;
  const uri = document.uri.toString();
  const title = `Graph: ${document.uri.path.split('/').pop()}`;
  const panel = vscode.window.createWebviewPanel('netcGraph', title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
  let timer;
  const draw = async () => {
    try {
      const svg = await client.sendRequest('workspace/executeCommand', { command: 'netc.showGraph', arguments: [uri] });
      panel.webview.html = graphPage(title, svg);
    } catch (error) {
      panel.webview.html = graphPage(title, null);
    }
  };
  const edits = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document.uri.toString() === uri) {
      clearTimeout(timer);
      timer = setTimeout(draw, GRAPH_DELAY_MS);
    }
  });
  panel.onDidDispose(() => {
    clearTimeout(timer);
    edits.dispose();
  });
  draw();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
