// A stand-in for the `vscode` module, so a plain node process can load dist/extension.js:
// `node --require ./scripts/vscode-stub.cjs`. `npm run bench -- start` times that load, and
// test/unit/lazy-start.test.ts checks what it loads. Every property is a class whose properties are
// classes, and so on: enough for the bundle's top level to run, nothing more.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
const fs = require('node:fs');
const Module = require('node:module');

const stub = () => new Proxy(class {}, { get: (target, key) => (key in target ? target[key] : (target[key] = stub())) });
const api = new Proxy({}, { get: (target, key) => (key in target ? target[key] : (target[key] = stub())) });
// esbuild's ESM interop copies the module's own properties: create every name @types/vscode declares.
const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
for (const m of declarations.matchAll(/^\s*export (?:class|enum|namespace|function|const|let|var) (\w+)/gm)) void api[m[1]];

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
