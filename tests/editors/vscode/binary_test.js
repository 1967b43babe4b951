// The extension's server lookup (editors/vscode/src/binary.ts, bundled to
// CommonJS by test_vscode.sh): the asyncradar.path setting, then
// bundled/asyncradar, then PATH; a set but wrong setting is reported, not
// skipped. Run as: node binary_test.js BINARY_JS SCRATCH_DIR
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { findServer } = require(path.resolve(process.argv[2]));
const root = fs.mkdtempSync(path.join(process.argv[3], 'lookup-'));

function executable(file, mode = 0o755) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, mode);
  return file;
}

const ext = path.join(root, 'ext');
const bundled = path.join(ext, 'bundled', 'asyncradar');
const onPath = executable(path.join(root, 'bin', 'asyncradar'));
const configured = executable(path.join(root, 'opt', 'asyncradar'));
const ws = path.join(root, 'ws');
const relative = executable(path.join(ws, 'tools', 'asyncradar'));
fs.mkdirSync(ext, { recursive: true });
process.env.PATH = [path.join(root, 'empty'), path.join(root, 'bin')].join(path.delimiter);

let ok = 0;
function expect(what, actual, expected) {
  assert.deepStrictEqual(actual, expected, what);
  console.log(`[vscode-lookup] ok: ${what}`);
  ok++;
}

expect('only PATH: found on PATH', findServer('', ext), { found: { command: onPath, source: 'PATH' } });
executable(bundled, 0o644);
expect('a bundled file that is not executable is passed over', findServer('', ext),
  { found: { command: onPath, source: 'PATH' } });
fs.chmodSync(bundled, 0o755);
expect('bundled wins over PATH', findServer('', ext), { found: { command: bundled, source: 'bundled' } });
expect('the setting wins over bundled', findServer(configured, ext),
  { found: { command: configured, source: 'setting' } });
expect('${workspaceFolder} in the setting', findServer('${workspaceFolder}/tools/asyncradar', ext, ws),
  { found: { command: relative, source: 'setting' } });
expect('a relative setting is taken from the workspace folder', findServer('tools/asyncradar', ext, ws),
  { found: { command: relative, source: 'setting' } });
expect('a bare name in the setting is looked up on PATH', findServer('asyncradar', ext),
  { found: { command: onPath, source: 'setting' } });
expect('a wrong setting is reported, not replaced by bundled', findServer(path.join(root, 'nope'), ext),
  { badSetting: path.join(root, 'nope') });
expect('a folder is not a binary', findServer(path.join(root, 'bin'), ext), { badSetting: path.join(root, 'bin') });
fs.rmSync(bundled);
process.env.PATH = path.join(root, 'empty');
expect('nothing anywhere: missing', findServer('', ext), { missing: true });

fs.rmSync(root, { recursive: true, force: true });
console.log(`[vscode-lookup] PASS (${ok} checks)`);
