// identita.test.mjs - the installation's identity (issue 10, item 5):
// `areavasta istanza set|show`, GET/PUT /api/v1/istanza/identita (admin only,
// audited) and the served HTML carrying it without any JavaScript (the
// static server renders the layout's {{@key}} placeholders).
import { test, before, after } from 'node:test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, cli, newDatabase, sqlRows } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const CF = '01234567897';

// A 1x1 PNG and a small SVG, as files and as data: URIs.
function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="gold"/></svg>';
const files = mkdtempSync(join(tmpdir(), 'areavasta-stemma-'));

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function html(path, headers = {}) {
  // fetch decodes a gzip body itself; the ETag says which variant came.
  const r = await fetch(srv.url + path, { headers });
  return { status: r.status, etag: r.headers.get('etag'), text: await r.text() };
}

test('defaults come from the instance Province, in the API and in the HTML', async () => {
  const r = await api(srv.url, '/api/v1/istanza/identita');
  assert.equal(r.status, 200);
  assert.equal(r.body.ente, 'Provincia di Vicenza');
  assert.equal(r.body.ente_padre, 'Regione Veneto');
  assert.equal(r.body.colore, 'blu');
  assert.equal(r.body.pec, '');
  assert.deepEqual(r.body.da_completare, ['accessibilita_url', 'privacy_url', 'note_legali_url']);
  const h = await html('/');
  assert.equal(h.status, 200);
  assert.doesNotMatch(h.text, /\{\{@/);
  assert.match(h.text, /<body class="tema-blu">/);
  // No URL for the Region: its name as plain text, the link hidden, no '#'.
  assert.match(h.text, /<span class=" "><span class="d-lg-block navbar-brand" data-istanza-regione>Regione Veneto<\/span>/);
  assert.match(h.text, /<span class=" d-none"><a class="d-lg-block navbar-brand" href="" data-istanza-regione>/);
  assert.doesNotMatch(h.text, /href="#"/);
  assert.match(h.text, /data-istanza-ente>Provincia di Vicenza</);
  // A missing legal link is not offered to visitors (no empty link).
  assert.match(h.text, /<li class="list-inline-item d-none"><a href="">Privacy<\/a>/);
  // No contact set: no empty "Contatti" column.
  assert.match(h.text, /<div class="col-lg-3 col-md-6 pb-2 d-none">\s*<h2 class="footer-heading">Contatti<\/h2>/);
  assertEnvelope(assert, await api(srv.url, '/api/v1/istanza/identita?x=1'), 400);
});

test('istanza set validates, stores and is served by a server started on the database', async () => {
  const { db, drop } = newDatabase();
  try {
    for (const [k, v] of [['pec', 'protocollo@pec.provincia.example.it'], ['codice_fiscale', CF],
      ['telefono', '+39 0444 908111'], ['ente_padre_url', 'https://www.regione.veneto.it'],
      ['accessibilita_url', 'https://form.agid.gov.it/view/prova'], ['colore', 'verde']]) {
      const c = cli(['istanza', 'set', '--db', db, k, v]);
      assert.equal(c.status, 0, c.stderr);
      assert.equal(JSON.parse(c.stdout)[k], v);
    }
    for (const [k, v] of [['pec', 'nope'], ['codice_fiscale', '01234567890'], ['colore', 'fucsia'],
      ['privacy_url', 'javascript:alert(1)'], ['telefono', 'chiamare'], ['ente', 'a\u0001b'], ['sconosciuta', 'x']]) {
      const c = cli(['istanza', 'set', '--db', db, k, v]);
      assert.equal(c.status, 1, `${k}=${v}`);
      assert.match(c.stderr, /^areavasta: /);
    }
    // The crest from a file: PNG or SVG sniffed from the bytes, 48 KiB at most.
    writeFileSync(join(files, 'stemma.png'), png());
    writeFileSync(join(files, 'grande.png'), Buffer.concat([png(), Buffer.alloc(50 * 1024)]));
    writeFileSync(join(files, 'testo.png'), 'non sono un\'immagine');
    let c = cli(['istanza', 'set', '--db', db, 'stemma', join(files, 'stemma.png')]);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).stemma, `data:image/png;base64,${png().toString('base64')}`);
    for (const f of ['grande.png', 'testo.png', 'manca.png']) {
      c = cli(['istanza', 'set', '--db', db, 'stemma', join(files, f)]);
      assert.equal(c.status, 1, f);
    }
    assert.equal(cli(['istanza', 'set', '--db', db, 'pec']).status, 2);
    assert.equal(cli(['istanza', 'boh', '--db', db]).status, 2);
    assert.equal(cli(['istanza', '--help']).status, 0);
    const show = JSON.parse(cli(['istanza', 'show', '--db', db]).stdout);
    assert.deepEqual(show.da_completare, ['privacy_url', 'note_legali_url']);
    const rows = sqlRows(db, "SELECT actor, object_id FROM audit_log WHERE action = 'istanza.set' ORDER BY seq");
    assert.equal(rows.length, 7);
    assert.ok(rows.every((x) => x.actor === 'system'));
    const s2 = await startServer({ db });
    try {
      const t = await (await fetch(`${s2.url}/rete.html`)).text();
      assert.match(t, /<body class="tema-verde">/);
      assert.match(t, /PEC: protocollo@pec\.provincia\.example\.it/);
      assert.match(t, /<div class="col-lg-3 col-md-6 pb-2 ">\s*<h2 class="footer-heading">Contatti<\/h2>/);
      assert.match(t, new RegExp(`Codice fiscale: ${CF}`));
      assert.match(t, /<span class=" "><a class="d-lg-block navbar-brand" href="https:\/\/www\.regione\.veneto\.it" data-istanza-regione>Regione Veneto</);
      assert.match(t, /<span class=" d-none"><span class="d-lg-block navbar-brand" data-istanza-regione>Regione Veneto</);
      assert.match(t, /<a href="https:\/\/form\.agid\.gov\.it\/view\/prova">Dichiarazione di accessibilità<\/a>/);
      assert.match(t, new RegExp(`<img class="icon stemma " src="data:image/png;base64,${png().toString('base64').replace(/[+/]/g, '\\$&')}"`));
      assert.match(t, /<svg class="icon d-none" aria-hidden="true" focusable="false"><use href="[^"]*#it-pa">/);
      // A 404 page is rendered too.
      const nf = await fetch(`${s2.url}/non-esiste.html`);
      assert.equal(nf.status, 404);
      assert.match(await nf.text(), /PEC: protocollo@pec/);
    } finally { await s2.stop(); }
  } finally { drop(); }
});

test('a change by the CLI (or another node) reaches a running server by itself', async () => {
  const c = cli(['istanza', 'set', '--db', srv.db, 'indirizzo', 'Contrà Gazzolle 1, 36100 Vicenza']);
  assert.equal(c.status, 0, c.stderr);
  let t = '';
  for (let i = 0; i < 50; i++) {
    t = (await html('/rete.html')).text;
    if (t.includes('Contrà Gazzolle 1')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(t, /<li class="">Contrà Gazzolle 1, 36100 Vicenza<\/li>/);
  assert.equal(cli(['istanza', 'set', '--db', srv.db, 'indirizzo', '']).status, 0);
});

test('PUT is for admins, audited, and re-renders the pages at once', async () => {
  addUser(srv.db, 'admin-identita@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'sua-identita@example.org', 'sua_officer', 'provincia:024');
  const body = { pec: 'ente@pec.example.it', privacy_url: 'https://www.example.it/privacy', ente: 'Provincia di <Vicenza> & "C"' };
  assertEnvelope(assert, await api(srv.url, '/api/v1/istanza/identita', {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }), 401);
  const sua = await login(srv.url, 'sua-identita@example.org');
  assertEnvelope(assert, await sua.call('PUT', '/api/v1/istanza/identita', body), 403);
  const admin = await login(srv.url, 'admin-identita@example.org');
  const before1 = await html('/comuni.html');
  const beforeGz = await html('/comuni.html', { 'accept-encoding': 'gzip' });
  let e = assertEnvelope(assert, await admin.call('PUT', '/api/v1/istanza/identita', { pec: 'x@' }), 400, 'invalid_field');
  assert.equal(e.field, 'pec');
  e = assertEnvelope(assert, await admin.call('PUT', '/api/v1/istanza/identita', { colore: 'rosa' }), 400);
  assert.equal(e.field, 'colore');
  assertEnvelope(assert, await admin.call('PUT', '/api/v1/istanza/identita', { ignota: 'x' }), 400);
  assertEnvelope(assert, await admin.call('PUT', '/api/v1/istanza/identita', {}), 400);
  for (const bad of ['data:text/html;base64,PGI+', 'data:image/png;base64,PHN2Zz4=', 'data:image/svg+xml;base64,!!!!',
    `data:image/png;base64,${Buffer.alloc(49 * 1024).toString('base64')}`]) {
    e = assertEnvelope(assert, await admin.call('PUT', '/api/v1/istanza/identita', { stemma: bad }), 400);
    assert.equal(e.field, 'stemma', `${bad.slice(0, 40)}: ${e.message}`);
  }
  const svgUri = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
  const st = await admin.call('PUT', '/api/v1/istanza/identita', { stemma: svgUri });
  assert.equal(st.status, 200, JSON.stringify(st.body));
  assert.ok((await html('/')).text.includes(`<img class="icon stemma " src="${svgUri}" alt="" data-istanza-stemma>`));
  const audit = sqlRows(srv.db, "SELECT details FROM audit_log WHERE action = 'istanza.set' AND object_id = 'stemma'");
  assert.match(JSON.stringify(audit), /immagine SVG/);
  assert.equal((await admin.call('PUT', '/api/v1/istanza/identita', { stemma: '' })).body.stemma, '');
  const r = await admin.call('PUT', '/api/v1/istanza/identita', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.pec, body.pec);
  assert.deepEqual(r.body.da_completare, ['accessibilita_url', 'note_legali_url']);
  const rows = sqlRows(srv.db, "SELECT actor, object_id, details FROM audit_log WHERE action = 'istanza.set' AND actor <> 'system' ORDER BY seq");
  assert.deepEqual(rows.map((x) => x.object_id).sort(), ['ente', 'pec', 'privacy_url', 'stemma', 'stemma']);
  assert.ok(rows.every((x) => x.actor === String(admin.user.id)));
  const after1 = await html('/comuni.html');
  assert.notEqual(after1.etag, before1.etag);
  assert.match(after1.text, /PEC: ente@pec\.example\.it/);
  assert.match(after1.text, /data-istanza-ente>Provincia di &lt;Vicenza&gt; &amp; &quot;C&quot;</);
  assert.match(after1.text, /<li class="list-inline-item "><a href="https:\/\/www\.example\.it\/privacy">Privacy<\/a>/);
  const afterGz = await html('/comuni.html', { 'accept-encoding': 'gzip' });
  assert.match(beforeGz.etag, /-gzip"$/);
  assert.match(afterGz.etag, /-gzip"$/);
  assert.notEqual(afterGz.etag, beforeGz.etag);
  assert.match(afterGz.text, /PEC: ente@pec\.example\.it/);
  // The old ETag no longer matches: a revalidating browser gets the new page.
  const cond = await fetch(`${srv.url}/comuni.html`, { headers: { 'if-none-match': before1.etag } });
  assert.equal(cond.status, 200);
  // "" restores the default.
  const back = await admin.call('PUT', '/api/v1/istanza/identita', { ente: '' });
  assert.equal(back.body.ente, 'Provincia di Vicenza');
  assert.match((await html('/')).text, /data-istanza-ente>Provincia di Vicenza</);
  const g = await api(srv.url, '/api/v1/istanza/identita');
  assert.equal(g.body.pec, body.pec);
});

test("a metropolitan city's default name says so, from the registry's tipologia", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-metro-'));
  const file = join(dir, 'to.db');
  const r = cli(['demo', '--db', file, '--provincia', 'TO']);
  assert.equal(r.status, 0, r.stderr);
  const to = await startServer({ db: file, web: false });
  try {
    const ist = await api(to.url, '/api/v1/istanza');
    assert.equal(ist.body.provincia.tipologia, 'citta_metropolitana');
    const id = await api(to.url, '/api/v1/istanza/identita');
    assert.equal(id.body.ente, 'Città metropolitana di Torino');
    assert.equal(id.body.ente_padre, 'Regione Piemonte');
  } finally {
    await to.stop();
  }
});
