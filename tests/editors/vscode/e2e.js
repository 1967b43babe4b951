// Drives the packaged asyncradar extension in a real VS Code (code-server)
// through Debian's chromium. Run by test_vscode.sh, which installs everything
// and passes the locations in the environment:
//   E2E_NODE_MODULES  node_modules holding code-server and playwright-core
//   E2E_VSIX          the packaged extension
//   E2E_SERVER        the asyncradar binary (given as asyncradar.path)
//   E2E_SAMPLE        the Python file to open
//   E2E_WORK          a scratch folder
//   E2E_SCREENSHOT    where to save the screenshot
//   E2E_CHROMIUM      the browser (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS    deadline of each wait (default 30000)
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const nodeModules = env('E2E_NODE_MODULES');
const { chromium } = require(path.join(nodeModules, 'playwright-core'));
const codeServer = path.join(nodeModules, '.bin', 'code-server');
const vsix = env('E2E_VSIX');
const serverBin = env('E2E_SERVER');
const work = env('E2E_WORK');
const screenshot = env('E2E_SCREENSHOT');
const browserPath = env('E2E_CHROMIUM', '/usr/bin/chromium');
const waitMs = Number(env('E2E_TIMEOUT_MS', '30000'));

const t0 = Date.now();
const log = (msg) => console.log(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function check(cond, msg) {
  if (!cond) throw new Error(msg);
  log(`ok: ${msg}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
  });
}

async function poll(what, fn, ms = waitMs) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const dirs = {
  ext: path.join(work, 'extensions'),
  data: path.join(work, 'user-data'),
  xdg: path.join(work, 'xdg'),
  ws: path.join(work, 'workspace'),
};
const baseEnv = {
  ...process.env,
  XDG_CONFIG_HOME: dirs.xdg,
  XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
  EXTENSIONS_GALLERY: '{"serviceUrl":""}',
};

function prepare() {
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.data, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.ignoreRecommendations': true,
    'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.acceptSuggestionOnEnter': 'off',
    'editor.autoClosingBrackets': 'never',
    'editor.autoIndent': 'none',
    'window.commandCenter': false,
  }, null, 2));
  // Workspace settings reach the server as initializationOptions: with
  // ASYNC240 ignored, the sample's os.path.exists must not be reported.
  fs.mkdirSync(path.join(dirs.ws, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dirs.ws, '.vscode', 'settings.json'), JSON.stringify({
    'asyncradar.path': serverBin,
    'asyncradar.ignore': ['ASYNC240'],
    'asyncradar.logLevel': 'info',
    '[python]': { 'editor.codeActionsOnSave': { 'source.fixAll.asyncradar': 'explicit' } },
  }, null, 2));
  fs.copyFileSync(env('E2E_SAMPLE'), path.join(dirs.ws, 'app.py'));

  log('installing the .vsix');
  const inst = spawnSync(codeServer, ['--install-extension', vsix, '--extensions-dir', dirs.ext,
    '--user-data-dir', dirs.data], { env: baseEnv, encoding: 'utf8', timeout: 120000 });
  process.stdout.write(inst.stdout ?? '');
  process.stderr.write(inst.stderr ?? '');
  check(inst.status === 0 && /asyncradar/.test(inst.stdout), 'code-server --install-extension installed the .vsix');
  const installed = spawnSync(codeServer, ['--list-extensions', '--show-versions', '--extensions-dir', dirs.ext,
    '--user-data-dir', dirs.data], { env: baseEnv, encoding: 'utf8', timeout: 60000 });
  check(/^asyncradar\.asyncradar@0\.1\.0$/m.test(installed.stdout ?? ''),
    `the extension is listed as installed (${(installed.stdout ?? '').trim()})`);
}

// The Problems item in the status bar; its accessible label counts
// errors, warnings and infos ("Warnings: 1"), or says "No Problems".
async function warnings(page) {
  const label = await page.locator('#status\\.problems a, #status\\.problems').first()
    .getAttribute('aria-label').catch(() => null);
  const m = /Warnings: (\d+)/.exec(label ?? '');
  if (m) return Number(m[1]);
  return /^No Problems$/i.test(label ?? '') ? 0 : null;
}

async function waitWarnings(page, n) {
  await poll(`the status bar to count ${n} warning(s)`, async () => (await warnings(page)) === n);
  // Settle: another publish must not change the count (e.g. a late
  // diagnostic that the ignore setting failed to suppress).
  await page.waitForTimeout(1500);
  check((await warnings(page)) === n, `the status bar counts exactly ${n} warning(s)`);
}

async function goTo(page, where) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: waitMs });
  await page.keyboard.type(where);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

async function run(page, port) {
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: waitMs });
  await page.locator('.monaco-workbench').waitFor({ timeout: waitMs });
  log('workbench is up');

  // Quick Open is what a user would do, and needs no file-tree knowledge.
  await poll('Quick Open', async () => {
    await page.keyboard.press('Control+P');
    return page.locator('.quick-input-widget input').isVisible();
  });
  await page.keyboard.type('app.py');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: waitMs });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: waitMs });
  log('app.py is open');

  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: waitMs });
  check(true, 'a warning squiggle is drawn in the editor');
  await waitWarnings(page, 1);

  // The Problems panel names the rule, the message and the position.
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await poll('a row in the Problems panel', async () => (await rows.count()) >= 2);
  const text = (await rows.allInnerTexts()).join('\n');
  log(`Problems panel:\n${text}`);
  check(/time\.sleep. blocks the event loop/.test(text), 'the Problems panel shows the time.sleep message');
  check(/ASYNC251/.test(text), 'the Problems panel shows the code ASYNC251');
  check(/\[Ln 7, Col 5\]/.test(text), 'the Problems panel places it at line 7, column 5');
  check(!/ASYNC240/.test(text), 'the ignored ASYNC240 is not shown (settings reached the server)');

  // The hover at the cursor (Ctrl+K Ctrl+I) shows the message in the screenshot.
  await goTo(page, '7:8');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover:has-text("ASYNC251")').first()
    .waitFor({ state: 'visible', timeout: waitMs });
  check(true, 'the hover on time.sleep shows ASYNC251');
  await page.keyboard.press('Escape');

  // Quick fix: Ctrl+. on the call, pick ours by its title, save.
  await goTo(page, '7:5');
  await page.keyboard.press('Control+.');
  const widget = page.locator('.action-widget');
  await widget.waitFor({ state: 'visible', timeout: waitMs });
  const items = widget.locator('.action-item, .monaco-list-row');
  await poll('the quick fix list', async () => (await items.count()) > 0);
  const titles = await items.allInnerTexts();
  log(`quick fixes offered: ${JSON.stringify(titles)}`);
  const title = 'asyncradar (ASYNC251): Use await asyncio.sleep';
  check(titles.includes(title), `the quick fix "${title}" is offered`);
  // The widget takes the keyboard (a pointer block covers it): walk down to
  // our fix and press Enter, as a user would.
  const focused = () => widget.locator('.monaco-list-row.focused').first().getAttribute('aria-label')
    .catch(() => null);
  for (let i = 0; i < titles.length && (await focused()) !== title; i++) await page.keyboard.press('ArrowDown');
  check((await focused()) === title, 'the fix is selected in the quick fix list');
  await page.screenshot({ path: screenshot });
  log(`screenshot saved to ${screenshot}`);
  await page.keyboard.press('Enter');
  await waitWarnings(page, 0);
  await page.keyboard.press('Control+S');
  const file = path.join(dirs.ws, 'app.py');
  const sample = fs.readFileSync(env('E2E_SAMPLE'), 'utf8');
  const onDisk = async (what, text) => {
    await poll(what, async () => fs.readFileSync(file, 'utf8') === text).catch(() => {
      throw new Error(`app.py on disk is not ${what}:\n${fs.readFileSync(file, 'utf8')}\nexpected:\n${text}`);
    });
    check(true, `app.py on disk is ${what}`);
  };
  const fixed = sample.replace('    time.sleep(1)\n', '    await asyncio.sleep(1)\n');
  await onDisk('the sample with `await asyncio.sleep(1)`', fixed);

  // Type a new blocking call: the diagnostic comes back. The Fix All command
  // fixes it.
  await goTo(page, '7');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('    time.sleep(2)');
  await waitWarnings(page, 1);
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: waitMs });
  await page.keyboard.type('asyncradar: Fix All');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fix All Blocking Calls in File' })
    .first().waitFor({ timeout: waitMs });
  await page.keyboard.press('Enter');
  await waitWarnings(page, 0);
  await page.keyboard.press('Control+S');
  const fixedTwice = fixed.replace('    return ', '    await asyncio.sleep(2)\n    return ');
  await onDisk('fixed by the Fix All command (`await asyncio.sleep(2)`)', fixedTwice);

  // Once more, fixed on save through editor.codeActionsOnSave.
  await goTo(page, '8');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('    time.sleep(3)');
  await waitWarnings(page, 1);
  await page.keyboard.press('Control+S');
  await onDisk('fixed on save (`await asyncio.sleep(3)`)',
    fixedTwice.replace('    return ', '    await asyncio.sleep(3)\n    return '));
  await waitWarnings(page, 0);

  // A changed setting reaches the running server: without the ignore,
  // os.path.exists (ASYNC240) is reported.
  const wsSettings = path.join(dirs.ws, '.vscode', 'settings.json');
  const current = JSON.parse(fs.readFileSync(wsSettings, 'utf8'));
  delete current['asyncradar.ignore'];
  fs.writeFileSync(wsSettings, JSON.stringify(current, null, 2));
  await waitWarnings(page, 1);
  await page.keyboard.press('Control+Shift+M');
  await poll('ASYNC240 in the Problems panel', async () =>
    /ASYNC240[\s\S]*\[Ln 10, Col 12\]/.test((await rows.allInnerTexts()).join('\n')));
  check(true, 'with the ignore setting removed, ASYNC240 appears at line 10, column 12');

  // A wrong asyncradar.path: the server is restarted, fails to be found, and
  // the user gets one notification that says what to fix, not a cascade.
  const bogus = path.join(work, 'no-such-dir', 'asyncradar');
  fs.writeFileSync(wsSettings, JSON.stringify({ ...current, 'asyncradar.path': bogus }, null, 2));
  const toasts = page.locator('.notification-toast');
  await poll('a notification about asyncradar.path', async () =>
    (await toasts.filter({ hasText: 'not an executable file' }).count()) > 0);
  await page.waitForTimeout(2000);
  const texts = await toasts.allInnerTexts();
  log(`notifications: ${JSON.stringify(texts)}`);
  check(texts.filter((t) => /asyncradar/i.test(t)).length === 1,
    'exactly one asyncradar notification, naming the bad asyncradar.path');
  check(texts.some((t) => t.includes(bogus)), 'it names the path that was set');
}

async function main() {
  prepare();
  const port = await freePort();
  log(`starting code-server on port ${port}`);
  const cs = spawn(codeServer, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--extensions-dir', dirs.ext, '--user-data-dir', dirs.data,
    dirs.ws], { env: baseEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const csLog = fs.createWriteStream(path.join(work, 'code-server.log'));
  cs.stdout.pipe(csLog);
  cs.stderr.pipe(csLog);
  const killServer = () => {
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  process.on('exit', killServer);
  // test_vscode.sh bounds this run with `timeout`, which sends SIGTERM.
  process.on('SIGTERM', () => {
    console.error('[vscode] FAIL: out of time (SIGTERM)');
    process.exit(1);
  });

  let browser;
  try {
    await poll('code-server to answer', () => httpOk(`http://127.0.0.1:${port}/healthz`));
    log('code-server is up');
    browser = await chromium.launch({
      executablePath: browserPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    try {
      await run(page, port);
    } catch (e) {
      const shot = path.join(work, 'failure.png');
      await page.screenshot({ path: shot }).catch(() => {});
      log(`the page at the failure: ${shot}`);
      throw e;
    }
    log('PASS');
  } finally {
    if (browser) await browser.close().catch(() => {});
    killServer();
  }
}

main().catch((e) => {
  console.error(`[vscode] FAIL: ${e && e.stack ? e.stack : e}`);
  console.error(`[vscode] code-server log: ${path.join(work, 'code-server.log')}`);
  process.exit(1);
});
