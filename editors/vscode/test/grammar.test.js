// Tokenizes the samples and a snippet of every construct with the TextMate grammar, as VS Code
// does, and checks the scope of representative tokens.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', 'syntaxes', 'netc.tmLanguage.json');
const SAMPLES = path.join(__dirname, '..', '..', '..', 'samples');

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => (scopeName === 'source.netc'
      ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  return registry.loadGrammar('source.netc');
}

let grammar;
test.before(async () => {
  grammar = await loadGrammar();
});

/** Every token of a text: its line (0-based), text and innermost scope. */
function tokenize(text) {
  const tokens = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, number) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ line: number, text: line.slice(token.startIndex, token.endIndex),
        scope: token.scopes[token.scopes.length - 1] });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The innermost scope of the n-th token (0-based) on `line` whose text, trimmed, is `text`. */
function scopeOf(tokens, line, text, nth = 0) {
  const found = tokens.filter((t) => t.line === line && t.text.trim() === text);
  assert.ok(found.length > nth, `no token ${JSON.stringify(text)} on line ${line}: `
    + JSON.stringify(tokens.filter((t) => t.line === line)));
  return found[nth].scope;
}

function sample(name) {
  return fs.readFileSync(path.join(SAMPLES, name), 'utf8');
}

test('simple.net: keywords, model name, labels, layers, keyword arguments, numbers, F., comments', () => {
  const tokens = tokenize(sample('simple.net'));
  assert.equal(scopeOf(tokens, 0, '//'), 'punctuation.definition.comment.netc');
  assert.equal(scopeOf(tokens, 0, 'The model of the torchsummary example: relu and max-pool are functional calls (F.), as in its'),
    'comment.line.double-slash.netc');
  assert.equal(scopeOf(tokens, 2, 'model'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 2, 'SimpleModel'), 'entity.name.type.model.netc');
  assert.equal(scopeOf(tokens, 3, 'input'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 3, '3'), 'constant.numeric.integer.netc');
  assert.equal(scopeOf(tokens, 5, 'conv1'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 5, ':'), 'punctuation.separator.label.netc');
  assert.equal(scopeOf(tokens, 5, 'conv2d'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 5, 'k'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 5, '->'), 'keyword.operator.arrow.netc');
  assert.equal(scopeOf(tokens, 5, 'F'), 'entity.name.namespace.functional.netc');
  assert.equal(scopeOf(tokens, 5, '.'), 'punctuation.accessor.netc');
  assert.equal(scopeOf(tokens, 5, 'relu'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 5, 'maxpool'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 8, '*'), 'keyword.operator.arithmetic.netc');
});

test('vgg11.net: model parameters, groups, floats, labels of groups', () => {
  const tokens = tokenize(sample('vgg11.net'));
  assert.equal(scopeOf(tokens, 2, 'classes'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 2, '1000'), 'constant.numeric.integer.netc');
  assert.equal(scopeOf(tokens, 5, 'features'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 6, 's'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 15, 'avgpool'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 15, 'adaptiveavgpool'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 16, 'flatten'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 17, 'classifier'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 18, 'dropout'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 18, '0.5'), 'constant.numeric.float.netc');
});

test('every sample: each -> is an arrow or in a comment, each label at a line start a label, model a keyword', () => {
  for (const name of fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.net'))) {
    const text = sample(name);
    const tokens = tokenize(text);
    for (const arrow of tokens.filter((t) => t.text.trim() === '->')) {
      assert.equal(arrow.scope, 'keyword.operator.arrow.netc', `${name}:${arrow.line + 1}`);
    }
    for (const comment of tokens.filter((t) => t.text.includes('->') && t.text.trim() !== '->')) {
      assert.equal(comment.scope, 'comment.line.double-slash.netc', `${name}:${comment.line + 1}`);
    }
    text.split('\n').forEach((line, number) => {
      const label = /^\s*([A-Za-z_]\w*)\s*:/.exec(line);
      if (label && label[1] !== 'input') {
        assert.equal(scopeOf(tokens, number, label[1]), 'entity.name.label.netc', `${name}:${number + 1}`);
      }
    });
    assert.equal(tokens.find((t) => t.text === 'model').scope, 'keyword.control.netc', name);
  }
});

test('blocks, strings, booleans, block comments, floor division, comparisons and control keywords', () => {
  const tokens = tokenize([
    '/* a block',
    '   comment */',
    'block Pair(c, bias = true) {',
    '    input x',
    '    y = conv2d(c, c // 2, k=3, padding="same") -> relu  // halves the channels',
    '    if c >= 8 && !false { y } else { x } -> Pair(c)',
    '    repeat i in 2 { norm: layernorm(c) }',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 0, '/*'), 'punctuation.definition.comment.netc');
  assert.equal(scopeOf(tokens, 1, 'comment'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 2, 'block'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 2, 'Pair'), 'entity.name.type.block.netc');
  assert.equal(scopeOf(tokens, 2, 'bias'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 2, 'true'), 'constant.language.boolean.netc');
  assert.equal(scopeOf(tokens, 4, '='), 'keyword.operator.assignment.netc');
  assert.equal(scopeOf(tokens, 4, '//'), 'keyword.operator.arithmetic.netc');
  assert.equal(scopeOf(tokens, 4, 'same'), 'string.quoted.double.netc');
  assert.equal(scopeOf(tokens, 4, 'padding'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 4, '//', 1), 'punctuation.definition.comment.netc');
  assert.equal(scopeOf(tokens, 4, 'halves the channels'), 'comment.line.double-slash.netc');
  assert.equal(scopeOf(tokens, 5, 'if'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 5, '>='), 'keyword.operator.comparison.netc');
  assert.equal(scopeOf(tokens, 5, '&&'), 'keyword.operator.logical.netc');
  assert.equal(scopeOf(tokens, 5, '!'), 'keyword.operator.logical.netc');
  assert.equal(scopeOf(tokens, 5, 'false'), 'constant.language.boolean.netc');
  assert.equal(scopeOf(tokens, 5, 'else'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 5, 'Pair'), 'entity.name.type.block.netc');
  assert.equal(scopeOf(tokens, 6, 'repeat'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 6, 'in'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 6, 'norm'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 6, 'layernorm'), 'support.function.layer.netc');
});

test('block comments wherever a blank may stand, and // after one that follows an operand still divides', () => {
  const tokens = tokenize([
    '/**/ model M(c = 8) { input x: [3, /* h */ 8, 8] /* a */ relu',
    '    conv2d(3, /* out */ c, k=3 /* // */) -> /* between',
    '       steps */ relu',
    '    g: ( /* in a group */ linear(c /* a */, c /* half */ // 2) )',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 0, '/*'), 'punctuation.definition.comment.netc');
  assert.equal(scopeOf(tokens, 0, 'model'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 0, 'h'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 0, '8'), 'constant.numeric.integer.netc');
  assert.equal(scopeOf(tokens, 0, 'a'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 0, 'relu'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 1, 'out'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 1, '//'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 1, ')'), 'punctuation.section.arguments.end.netc');
  assert.equal(scopeOf(tokens, 1, '->'), 'keyword.operator.arrow.netc');
  assert.equal(scopeOf(tokens, 1, 'between'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 2, 'steps'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 2, 'relu'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 3, 'g'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 3, 'in a group'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 3, 'linear'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 3, 'half'), 'comment.block.netc');
  assert.equal(scopeOf(tokens, 3, '//'), 'keyword.operator.arithmetic.netc');
  assert.equal(scopeOf(tokens, 3, '2'), 'constant.numeric.integer.netc');
});

test('PyTorch spellings: nn.Conv2d, torch.nn.ReLU, F.max_pool2d, torch.flatten', () => {
  const tokens = tokenize([
    'model T {',
    '    c: torch.nn.Conv2d(3, 4, k=3) -> nn.ReLU() -> F.max_pool2d(2) -> torch.flatten',
    '    F.log_softmax(dim=1) -> nn.functional.relu',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, 'c'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 1, 'torch.nn'), 'entity.name.namespace.module.netc');
  assert.equal(scopeOf(tokens, 1, 'Conv2d'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 1, 'k'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 1, 'nn'), 'entity.name.namespace.module.netc');
  assert.equal(scopeOf(tokens, 1, 'ReLU'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 1, 'F'), 'entity.name.namespace.functional.netc');
  assert.equal(scopeOf(tokens, 1, 'max_pool2d'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 1, 'torch'), 'entity.name.namespace.functional.netc');
  assert.equal(scopeOf(tokens, 1, 'flatten'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 2, 'log_softmax'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 2, 'dim'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 2, 'nn.functional'), 'entity.name.namespace.functional.netc');
  assert.equal(scopeOf(tokens, 2, 'relu'), 'support.function.layer.netc');
});

test('methods and attributes: x.view(b, ...), x.size(0), x.shape[2], (a + b).softmax(-1), F. still a qualifier', () => {
  const tokens = tokenize([
    'model T {',
    '    b = x.size(0)',
    '    y = x.view(b, 2, x.shape[1] // 2, -1).transpose(1, 2)',
    '    (y + y).softmax(dim=-1) -> F.relu',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, '.'), 'punctuation.accessor.netc');
  assert.equal(scopeOf(tokens, 1, 'size'), 'entity.name.function.method.netc');
  assert.equal(scopeOf(tokens, 2, 'view'), 'entity.name.function.method.netc');
  assert.equal(scopeOf(tokens, 2, 'shape'), 'variable.other.property.netc');
  assert.equal(scopeOf(tokens, 2, '//'), 'keyword.operator.arithmetic.netc');
  assert.equal(scopeOf(tokens, 2, 'transpose'), 'entity.name.function.method.netc');
  assert.equal(scopeOf(tokens, 3, 'softmax'), 'entity.name.function.method.netc');
  assert.equal(scopeOf(tokens, 3, 'dim'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 3, 'F'), 'entity.name.namespace.functional.netc');
  assert.equal(scopeOf(tokens, 3, 'relu'), 'support.function.layer.netc');
});

test('a group holds statements: a binding at a line start in a group is no keyword argument', () => {
  const tokens = tokenize([
    'model G {',
    '    g: (',
    '        y = conv2d(3, 4, k=1)',
    '        y -> relu',
    '    )',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 2, 'y'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 2, '='), 'keyword.operator.assignment.netc');
  assert.equal(scopeOf(tokens, 2, 'conv2d'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 2, 'k'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 3, '->'), 'keyword.operator.arrow.netc');
  assert.equal(scopeOf(tokens, 3, 'relu'), 'support.function.layer.netc');
});

test('param, buffer and super are words only where they declare or call', () => {
  const tokens = tokenize([
    'block LayerNorm2d(c) : LayerNorm(c) {',
    '    param gamma: [c, 1, 1] = 1e-6',
    '    buffer mask: [1, 8]',
    '    x -> super',
    '    param: relu',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, 'param'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 1, 'gamma'), 'variable.other.state.netc');
  assert.equal(scopeOf(tokens, 2, 'buffer'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 2, 'mask'), 'variable.other.state.netc');
  assert.equal(scopeOf(tokens, 3, 'super'), 'variable.language.super.netc');
  assert.notEqual(scopeOf(tokens, 4, 'param'), 'keyword.control.netc');
});

test('functions and the operators @ and **: attention written by hand', () => {
  const tokens = tokenize([
    'model A {',
    '    s = q @ transpose(k, 1, 2) / sqrt(d) + x ** 2',
    '    torch.masked_fill(s, s > 0, -1e9) -> einsum("bij,bjd->bid", v)',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, '@'), 'keyword.operator.arithmetic.netc');
  assert.equal(scopeOf(tokens, 1, '**'), 'keyword.operator.arithmetic.netc');
  assert.equal(scopeOf(tokens, 1, 'sqrt'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 2, 'masked_fill'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 2, 'einsum'), 'support.function.layer.netc');
});

test('containers: quoted labels, ModuleList elements, loops over values', () => {
  const tokens = tokenize([
    'model M(sizes = (3, 5)) {',
    '    repeat i, k in enumerate(sizes) {',
    '        convs[i]: conv1d(4, 4, k) -> "block{i + 1}-0": relu',
    '    }',
    '    convs[0] -> x[:, 1:2]',
    '    "stem": conv1d(4, 4, 1, padding="same")',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 2, 'convs'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 2, ':'), 'punctuation.separator.label.netc');
  assert.equal(scopeOf(tokens, 2, '"block{i + 1}-0"'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 2, ':', 1), 'punctuation.separator.label.netc');
  assert.notEqual(scopeOf(tokens, 4, 'convs'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 5, '"stem"'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 5, 'same'), 'string.quoted.double.netc');
  const regnet = tokenize(sample('regnet_x_400mf.net'));
  const line = sample('regnet_x_400mf.net').split('\n').findIndex((l) => l.includes('"block{stage_index}-0":'));
  assert.equal(scopeOf(regnet, line, '"block{stage_index}-0"'), 'entity.name.label.netc');
});

test('lists: for is a keyword in a list comprehension only, and a name elsewhere', () => {
  const tokens = tokenize([
    'model M(sizes = (3, 5)) {',
    '    hs = [F.relu(x -> convs[i]: conv1d(4, 4, k)) for i, (k) in enumerate(sizes) if k > 2]',
    '    for = [hs[0], x // 2]',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, 'for'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 1, 'in'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 1, 'if'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 1, 'convs'), 'entity.name.label.netc');
  assert.equal(scopeOf(tokens, 1, 'conv1d'), 'support.function.layer.netc');
  assert.notEqual(scopeOf(tokens, 2, 'for'), 'keyword.control.netc');
  assert.equal(scopeOf(tokens, 2, '//'), 'keyword.operator.arithmetic.netc');
  const textcnn = tokenize(sample('textcnn.net'));
  const line = sample('textcnn.net').split('\n').findIndex((l) => l.includes(' for i, k in '));
  assert.equal(scopeOf(textcnn, line, 'for'), 'keyword.control.netc');
  assert.equal(scopeOf(textcnn, line, '//'), 'punctuation.definition.comment.netc');
});

test('a destructuring binds each of its names, nested or not, and is no group or keyword argument', () => {
  const tokens = tokenize([
    'model S {',
    '    out, (h, c) = x -> lstm(8, 16, batch_first=true)',
    '    y, _ = out -> decoder: lstm((h, c), 16, 16, batch_first=true)',
    '    y',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 1, 'out'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 1, 'h'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 1, 'c'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 1, '='), 'keyword.operator.assignment.netc');
  assert.equal(scopeOf(tokens, 1, 'lstm'), 'support.function.layer.netc');
  assert.equal(scopeOf(tokens, 1, 'batch_first'), 'variable.parameter.keyword-argument.netc');
  assert.equal(scopeOf(tokens, 2, 'y'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 2, '_'), 'variable.other.binding.netc');
  assert.equal(scopeOf(tokens, 2, 'decoder'), 'entity.name.label.netc');
});

test('import "file": import is a keyword before a quoted path, and a name elsewhere', () => {
  const tokens = tokenize([
    'import "blocks.net"',
    'model T {',
    '    input x: [3]',
    '    import: relu',
    '}',
  ].join('\n'));
  assert.equal(scopeOf(tokens, 0, 'import'), 'keyword.control.import.netc');
  assert.equal(scopeOf(tokens, 0, 'blocks.net'), 'string.quoted.double.netc');
  assert.equal(scopeOf(tokens, 3, 'import'), 'entity.name.label.netc');
});
