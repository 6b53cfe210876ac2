// Starts `netc lsp` for .net files, and shows a document's model graph beside it. esbuild bundles
// this file and its dependencies into dist/extension.js (npm run bundle), which is what the
// packaged extension runs.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { resolveLauncher, notFoundMessage, serverEnvironment } = require('./launcher');
const { graphPage } = require('./graph');

// Changing one of these takes a new server: the window is reloaded to start it.
const SERVER_SETTINGS = ['netc.path', 'netc.java', 'netc.jvmOptions'];
// How long the text must rest before the graph is drawn again: one picture per pause, not per key.
const GRAPH_DELAY_MS = 400;

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('netc');
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (SERVER_SETTINGS.some((name) => event.affectsConfiguration(name))) {
      vscode.window.showInformationMessage('netc: the server settings changed: reload the window to use them.');
    }
  }));
  context.subscriptions.push(vscode.commands.registerCommand('netc.showModelGraph', showModelGraph));
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

// A webview beside the editor with the graph of its document's model, drawn again after each edit.
function showModelGraph() {
  if (!client) {
    showError(notFoundMessage(vscode.workspace.getConfiguration('netc').get('path', 'netc')));
    return;
  }
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
