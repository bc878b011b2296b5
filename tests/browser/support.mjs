// Shared set-up of the browser tests: a real `areavasta serve` (from
// tests/lib/server.mjs), Debian's Chromium driven by playwright-core, and pages
// that record every console error, uncaught exception, failed request and
// HTTP error status, so that a test fails on any of them.
//
// AREAVASTA_TEST_URL=http://host:port runs the tests against a server that is
// already running instead of starting one (handy while developing the UI).
// CHROMIUM overrides the browser path (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCREENS = join(HERE, 'screens');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic',
];

// Timeouts for waits inside a test (the server runs the ASan build in CI).
export const WAIT = { timeout: 15000 };

export async function startApp() {
  if (process.env.AREAVASTA_TEST_URL) {
    return { url: process.env.AREAVASTA_TEST_URL.replace(/\/$/, ''), stop: async () => {} };
  }
  const { startServer } = await import('../lib/server.mjs');
  return startServer();
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

// Start server and browser once per test file: call in before(); returns
// { url, browser, open(path, opts), close() }.
export async function setup() {
  const app = await startApp();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await app.stop();
    throw e;
  }
  return {
    url: app.url,
    db: app.db, // the server's database file (undefined with AREAVASTA_TEST_URL)
    browser,
    open: (path, opts) => openPage(browser, app.url, path, opts),
    async close() {
      await browser.close();
      await app.stop();
    },
  };
}

// A 401 from GET /api/v1/auth/me only says "not logged in" (e.g. an expired
// session): the user menu then shows "Accedi".  Never a problem.
const ANONYMOUS_ME = /\/api\/v1\/auth\/me(\?|$)/;

// Open `path` in a fresh context.  opts.allow: RegExps of problems expected by
// the test (matched against the problem's text, which includes the URL).
// opts.login: {email, password} to log in (POST /api/v1/auth/login through
// the context's cookie jar, like the login page) before opening the page.
// Returns { page, context, problems, response, assertClean() }.
export async function openPage(browser, baseURL, path, { allow = [], viewport, waitUntil = 'load', login } = {}) {
  const context = await browser.newContext({
    baseURL,
    locale: 'it-IT',
    viewport: viewport ?? { width: 1280, height: 900 },
  });
  if (login) {
    const res = await context.request.post('/api/v1/auth/login', { data: { email: login.email, password: login.password } });
    assert.equal(res.status(), 200, `login ${login.email}: ${await res.text()}`);
  }
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url ?? '';
    if (ANONYMOUS_ME.test(where) && /status of 401/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()} [${where}]`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? '';
    // ERR_ABORTED is a cancel by the client, never a server failure: the search
    // aborts its superseded fetches, and a navigation (link, reload) aborts what
    // the previous document was still loading (e.g. the favicon).  A server
    // that fails shows up as another net:: error, an HTTP status or a console error.
    if (why === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() === 401 && ANONYMOUS_ME.test(res.url())) return;
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  const response = await page.goto(path, { waitUntil });
  return {
    page,
    context,
    problems,
    response,
    assertClean() {
      const unexpected = problems.filter((p) => !allow.some((re) => re.test(p)));
      assert.deepEqual(unexpected, [], `unexpected browser problems on ${path}`);
    },
    close: () => context.close(),
  };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

// Accessibility basics common to every page.
// axe-core (npm devDependency) run in the page: evaluated through the
// DevTools protocol, so the server's CSP does not apply to it.  Serious and
// critical violations fail; the rest is left to review.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function checkAxe(page) {
  await page.evaluate(AXE);
  const bad = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(bad, [], `no serious or critical axe-core violation on ${page.url()}`);
}

// The accessibility basics we check by hand, then axe-core.
export async function checkPageBasics(page) {
  const facts = await page.evaluate(() => {
    const labelOf = (el) => {
      if (el.labels && el.labels.length > 0) return [...el.labels].map((l) => l.textContent.trim()).join(' ');
      if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
      const by = el.getAttribute('aria-labelledby');
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim() ?? '').join(' ');
      return '';
    };
    const fields = [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden');
    return {
      lang: document.documentElement.lang,
      title: document.title,
      banner: document.querySelectorAll('header').length,
      main: document.querySelectorAll('main').length,
      contentinfo: document.querySelectorAll('footer').length,
      navLabels: [...document.querySelectorAll('nav')].map((n) => n.getAttribute('aria-label') ?? ''),
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
      skip: [...document.querySelectorAll('.skiplinks a')].map((a) => ({
        text: a.textContent.trim(),
        target: a.getAttribute('href'),
        exists: !!document.querySelector(a.getAttribute('href')),
      })),
      unlabelled: fields.filter((el) => !labelOf(el).trim()).map((el) => el.outerHTML),
      buttonsWithoutName: [...document.querySelectorAll('button, a[href]')]
        .filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label')))
        .map((b) => b.outerHTML),
      duplicateIds: (() => {
        const seen = new Set(); const dup = [];
        for (const el of document.querySelectorAll('[id]')) {
          if (seen.has(el.id)) dup.push(el.id);
          seen.add(el.id);
        }
        return dup;
      })(),
    };
  });
  assert.equal(facts.lang, 'it', 'html lang="it"');
  assert.match(facts.title, /\S+ \| areavasta$/, 'page title');
  assert.equal(facts.banner, 1, 'one <header> landmark');
  assert.equal(facts.main, 1, 'one <main> landmark');
  assert.equal(facts.contentinfo, 1, 'one <footer> landmark');
  assert.ok(facts.navLabels.length >= 1 && facts.navLabels.every((l) => l.length > 0), 'every <nav> has an aria-label');
  assert.equal(facts.h1.length, 1, `exactly one h1, got ${JSON.stringify(facts.h1)}`);
  assert.ok(facts.skip.length >= 1 && facts.skip.every((s) => s.exists), `skip links reach their targets: ${JSON.stringify(facts.skip)}`);
  assert.deepEqual(facts.unlabelled, [], 'every form field has a label');
  assert.deepEqual(facts.buttonsWithoutName, [], 'every button and link has an accessible name');
  assert.deepEqual(facts.duplicateIds, [], 'ids are unique');
  await checkAxe(page);
}

// Press Tab until the element matching `selector` has the focus.
export async function tabTo(page, selector, maxPresses = 40) {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i + 1;
  }
  assert.fail(`${selector} not reached with ${maxPresses} Tab presses`);
}
