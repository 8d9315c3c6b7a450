// Dev-only: builds the renderer with scripts/preview-renderer.config.ts, serves it locally,
// injects the preview fake window.uploader and takes screenshots in Chromium.
//
//   node scripts/preview-renderer-shots.mjs [outDir]        (default /tmp/renderer-shots)
//
// Needs Debian's /usr/bin/chromium (apt-get install -y chromium).
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname, '..');
const outDir = process.argv[2] ?? '/tmp/renderer-shots';
const only = process.env.SHOTS ? new Set(process.env.SHOTS.split(',')) : null;
const require = createRequire(import.meta.url);
const ts = require('typescript');

await build({ configFile: join(root, 'scripts/preview-renderer.config.ts'), logLevel: 'warn' });
const fakeSource = await readFile(join(root, 'scripts/preview-renderer-fake.ts'), 'utf8');
const fake = ts.transpileModule(fakeSource, {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
}).outputText.replace(/^export \{\};?\s*$/m, '');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join('/tmp/renderer-preview', path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
await mkdir(outDir, { recursive: true });
const problems = [];

async function page(scheme, query, width = 1280, height = 800) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height }, deviceScaleFactor: 1 });
  const p = await context.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${query} ${scheme}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`${query} ${scheme}: ${e.message}`));
  await p.addInitScript(fake);
  await p.goto(`${base}?${query}&frozen=1`);
  await p.waitForSelector('.app-header');
  return p;
}

const shots = {
  async empty(p) {},
  async queue(p) {},
  async 'queue-banner'(p) {
    await p.getByRole('button', { name: 'Review…' }).waitFor();
  },
  async conflict(p) {
    await p.waitForSelector('[role="dialog"]');
  },
  async 'sign-in'(p) {
    await p.getByRole('button', { name: 'Account' }).click();
    await p.getByRole('menuitem', { name: /Sign in/ }).first().click();
    await p.getByLabel('Server address').fill('https://media.northwind-studios.com');
    await p.getByLabel('User name').fill('maria.keller');
    await p.getByLabel('Password').fill('wrong');
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('alert').waitFor();
  },
  async settings(p) {
    await p.getByRole('button', { name: 'Settings' }).click();
    await p.getByRole('dialog').waitFor();
  },
  async 'account-menu'(p) {
    await p.getByRole('button', { name: 'Account' }).click();
  },
  async toasts(p) {
    await p.evaluate(() => {
      window.previewNotice('error', 'Upload of A001_C003_0412.mov paused: the disk is not readable.');
      window.previewNotice('info', 'Resumed 3 uploads left over from the last session.');
    });
  },
  async drop(p) {
    await p.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'clip.mov'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    });
    await p.waitForSelector('.drop-overlay');
  },
  async many(p) {
    await p.locator('.queue-row').first().focus();
    await p.keyboard.press('End');
    await p.waitForTimeout(150);
  },
  async narrow(p) {},
  async 'decide-later'(p) {
    await p.waitForSelector('[role="dialog"]');
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Active (12)' }).click();
  },
  async keyboard(p) {
    await p.locator('.queue-row').first().focus();
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Tab');
  },
  async leftovers(p) {
    await p.getByRole('button', { name: 'Review…' }).click();
    await p.getByRole('dialog').waitFor();
  },
};

const plan = [
  ['empty', 'scenario=empty'],
  ['queue', 'scenario=mixed&leftovers=0'],
  ['queue-banner', 'scenario=mixed'],
  ['leftovers', 'scenario=mixed'],
  ['conflict', 'scenario=conflict'],
  ['sign-in', 'scenario=empty&target=sandbox'],
  ['settings', 'scenario=mixed&leftovers=0'],
  ['account-menu', 'scenario=mixed&leftovers=0'],
  ['toasts', 'scenario=mixed&leftovers=0'],
  ['drop', 'scenario=mixed&leftovers=0'],
  ['many', 'scenario=many'],
  ['decide-later', 'scenario=conflict'],
  ['keyboard', 'scenario=mixed&leftovers=0'],
  ['narrow', 'scenario=mixed&leftovers=0', 900, 640],
];

for (const [name, query, width, height] of plan) {
  if (only && !only.has(name)) continue;
  for (const scheme of ['light', 'dark']) {
    const p = await page(scheme, query, width, height);
    await shots[name](p);
    await p.waitForTimeout(250);
    const file = join(outDir, `${name}-${scheme}.png`);
    await p.screenshot({ path: file });
    console.log(file);
    await p.context().close();
  }
}

await browser.close();
server.close();
if (problems.length > 0) {
  console.log('\nConsole problems:\n' + [...new Set(problems)].join('\n'));
}
