// The page of the "netc: Show Model Graph" webview: the SVG the server's netc.showGraph command
// returns, inline, under a policy that allows no script and loads nothing. Kept apart from
// extension.js, which needs VS Code, so that node's test runner can check it.
'use strict';

const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// svg: the command's answer, or null when the document has no model to draw (or the server none yet).
function graphPage(title, svg) {
  const body = svg
    ? svg.replace(/^<\?xml[^>]*>\s*/, '')
    : '<p>No model to draw: the document defines none, or netc could not analyse it yet.</p>';
  return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
    + `<meta http-equiv="Content-Security-Policy" content="${POLICY}">\n`
    + `<title>${escapeHtml(title)}</title>\n`
    + '<style>body { background: #ffffff; margin: 0; padding: 8px; } p { font-family: sans-serif; color: #333; }</style>\n'
    + `</head>\n<body>\n${body}</body>\n</html>\n`;
}

module.exports = { graphPage };
