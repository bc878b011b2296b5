// The public page of the published audit checkpoints (/registro.html): the
// installation's public key, every checkpoint newest first with pagination
// from the keyboard, the links to the feed and the JSON list; and the Atom
// feed read by the browser's own XML parser (a real, strict one: no extra
// package needed) with the elements RFC 4287 requires.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, WAIT } from './support.mjs';
import { cli } from '../lib/server.mjs';

let env;
before(async () => {
  env = await setup();
  // The server published one at start; two pages' worth more.
  for (let i = 0; i < 22; i++) {
    const r = cli(['audit', 'checkpoint', '--db', env.db]);
    assert.equal(r.status, 0, r.stderr);
  }
});
after(async () => { await env?.close(); });

test('registro: plain words first; the key and the checkpoints behind "Per chi verifica", newest first, a page at a time', async () => {
  const { page, assertClean, close } = await env.open('/registro.html');
  try {
    await page.locator('#stato-ultimo', { hasText: "L'ultima attestazione è stata pubblicata il" }).waitFor(WAIT);
    // What a citizen reads without opening the disclosure: no technique.
    const plain = await page.evaluate(() => {
      const main = document.querySelector('main').cloneNode(true);
      main.querySelector('#per-chi-verifica')?.remove();
      return main.textContent;
    });
    assert.doesNotMatch(plain, /Ed25519|hash|SHA-256|areavasta audit verify|checkpoint\.json/i);
    assert.equal(await page.locator('#per-chi-verifica').getAttribute('open'), null, 'closed by default');
    await page.locator('#tabella-checkpoint:not([hidden])').waitFor({ state: 'attached', ...WAIT });
    assert.ok(!(await page.locator('#tabella-checkpoint').isVisible()));
    await screenshot(page, 'registro-semplice');
    await page.click('#per-chi-verifica summary');
    await page.locator('#tabella-checkpoint').waitFor(WAIT);
    const key = await (await page.request.get('/api/v1/audit/public-key')).json();
    await page.locator('#chiave-pubblica:not([hidden])').waitFor(WAIT);
    assert.equal((await page.textContent('#chiave-pubblica')).trim(), key.public_key);
    assert.match(await page.textContent('#comando-verifica'), new RegExp(`--public-key ${key.public_key}$`));
    const list = await (await page.request.get('/api/v1/audit/checkpoints?limit=20')).json();
    assert.ok(list.total >= 23, `${list.total}`);
    const rows = page.locator('#tabella-checkpoint tbody tr');
    assert.equal(await rows.count(), 20);
    assert.equal(await rows.first().getAttribute('data-seq'), String(list.items[0].seq));
    assert.equal((await rows.first().locator('td').nth(3).textContent()).trim(), list.items[0].signature);
    assert.match(await page.textContent('#stato-elenco'), new RegExp(`^${list.total} checkpoint pubblicati, dal più recente — pagina 1 di 2`));
    assert.equal(await page.locator('a[href="/api/v1/audit/checkpoints.atom"]').count(), 1);
    // Page 2 from the keyboard.
    await page.locator('#paginazione-checkpoint a[data-page="2"]').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/pagina=2/, WAIT);
    assert.notEqual(await page.locator('#per-chi-verifica').getAttribute('open'), null, 'still open');
    await page.locator('#stato-elenco', { hasText: 'pagina 2 di 2' }).waitFor(WAIT);
    assert.equal(await rows.count(), list.total - 20);
    await screenshot(page, 'registro-pagina-2');
    assertClean();
  } finally {
    await close();
  }
});

test('the Atom feed is well-formed XML with the elements Atom requires', async () => {
  const { page, assertClean, close } = await env.open('/registro.html');
  try {
    const feed = await page.evaluate(async () => {
      const res = await fetch('/api/v1/audit/checkpoints.atom');
      const text = await res.text();
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const NS = 'http://www.w3.org/2005/Atom';
      const child = (el, name) => [...el.children].filter((c) => c.namespaceURI === NS && c.localName === name);
      const one = (el, name) => child(el, name).map((c) => c.textContent);
      const root = doc.documentElement;
      return {
        type: res.headers.get('content-type'),
        error: doc.getElementsByTagName('parsererror').length > 0 ? doc.getElementsByTagName('parsererror')[0].textContent : null,
        root: root.localName,
        ns: root.namespaceURI,
        id: one(root, 'id'),
        title: one(root, 'title'),
        updated: one(root, 'updated'),
        authors: child(root, 'author').map((a) => one(a, 'name')[0]),
        self: child(root, 'link').filter((l) => l.getAttribute('rel') === 'self').map((l) => l.getAttribute('href')),
        entries: child(root, 'entry').map((e) => ({
          id: one(e, 'id'),
          title: one(e, 'title'),
          updated: one(e, 'updated'),
          contentType: child(e, 'content')[0]?.getAttribute('type'),
          content: one(e, 'content')[0],
        })),
      };
    });
    assert.equal(feed.error, null, 'well-formed XML');
    assert.equal(feed.type, 'application/atom+xml; charset=utf-8');
    assert.equal(feed.root, 'feed');
    assert.equal(feed.ns, 'http://www.w3.org/2005/Atom');
    // RFC 4287 4.1.1: exactly one id, title and updated; an author.
    const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
    const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.equal(feed.id.length, 1);
    assert.match(feed.id[0], UUID);
    assert.deepEqual(feed.title, ['Registro di audit: checkpoint pubblicati']);
    assert.equal(feed.updated.length, 1);
    assert.match(feed.updated[0], RFC3339);
    assert.deepEqual(feed.authors, ['areavasta']);
    assert.deepEqual(feed.self, ['/api/v1/audit/checkpoints.atom']);
    const list = await (await page.request.get('/api/v1/audit/checkpoints?limit=50')).json();
    assert.equal(feed.entries.length, Math.min(50, list.total));
    const ids = new Set();
    for (const [i, e] of feed.entries.entries()) {
      assert.equal(e.id.length, 1);
      assert.match(e.id[0], UUID);
      ids.add(e.id[0]);
      assert.equal(e.title.length, 1);
      assert.match(e.updated[0], RFC3339);
      assert.equal(e.contentType, 'text');
      assert.deepEqual(JSON.parse(e.content), list.items[i], 'the entry carries the checkpoint');
      assert.equal(e.updated[0], list.items[i].time);
    }
    assert.equal(ids.size, feed.entries.length, 'entry ids are unique');
    assert.equal(feed.updated[0], list.items[0].time);
    assertClean();
  } finally {
    await close();
  }
});

test('registro at phone width (390 px): nothing wider than the screen', async () => {
  const { page, assertClean, close } = await env.open('/registro.html', { viewport: { width: 390, height: 800 } });
  try {
    await page.locator('#stato-ultimo', { hasText: 'pubblicata il' }).waitFor(WAIT);
    let width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide with the disclosure closed`);
    await page.click('#per-chi-verifica summary');
    await page.locator('#tabella-checkpoint:not([hidden])').waitFor(WAIT);
    await page.locator('#chiave-pubblica:not([hidden])').waitFor(WAIT);
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide with the disclosure open`);
    await screenshot(page, 'registro-telefono');
    assertClean();
  } finally {
    await close();
  }
});
