// pcp-portale.test.mjs - the public tender page shows where the call was
// published through ANAC's PCP (issue 17, item 7): GET /api/v1/gare/{id}
// carries `pcp` once the lifecycle's notice is published (pcp_ciclo rows
// written here as ciclo.c writes them: id_avviso, stato_avviso PUBB), with
// ANAC's link in production only, and for an EU call the eForms notice id
// TED knows it by - checked against the BT-701 of the eForm 16 that
// `areavasta pcp eforms` generates for the same tender.  Nothing is shown
// before publication, nor for a draft (404, no leak), nor in a test
// environment as a legal publication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, assertEnvelope, cli, sql as sqlOn, sqlRows } from '../lib/server.mjs';

let srv, db;
const dir = mkdtempSync(join(tmpdir(), 'pcp-portale-'));
before(async () => {
  srv = await startServer();
  db = srv.db;
  const c = cli(['istanza', 'set', '--db', db, 'codice_fiscale', '00496080243']);
  assert.equal(c.status, 0, c.stderr);
});
after(async () => { await srv.stop(); });

const rows = (q) => sqlRows(db, q);
// 2027-03-02 10:00 Rome: the sub-central threshold of 2026-2027 applies.
const PUBBLICATA = 1803978000;

// A tender as the SUA stores it, published (or a draft when pubblicata is null).
function gara({ importo, stato = 'pubblicata', pubblicata = PUBBLICATA, cig = 'K00003EC3A' }) {
  sqlOn(db, `INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura, criterio, termine_offerte, pubblicata_at, created, updated)
    VALUES ('024', '${stato}', 'Pulizia degli uffici provinciali', 'servizi', 'aperta', 'prezzo', 1900000000, ${pubblicata ?? 'NULL'}, 0, 0)`);
  const id = Number(rows('SELECT MAX(id) AS id FROM sua_gara')[0].id);
  sqlOn(db, `INSERT INTO sua_lotto (gara_id, numero, oggetto, cig, cpv, importo_cents, sicurezza_cents, comune)
    VALUES (${id}, 1, 'Pulizia sede centrale', '${cig}', '90910000-9', ${importo}, 0, '024116')`);
  return id;
}
// The lifecycle's row of tender id (as ciclo.c writes it).
function ciclo(id, { ambiente = 'esercizio', avviso, stato }) {
  sqlOn(db, `INSERT INTO pcp_ciclo (gara_id, ente, ambiente, stato, rup_cf, rup_ruolo, rup_loa, rup_idp, id_appalto, id_avviso, stato_avviso, created, updated)
    VALUES (${id}, 'provincia:024', '${ambiente}', 'attesa_gara', 'RSSMRA85T10A562S', 'RP', '3', 'SPID', 'a1b2c3d4-0000-4000-8000-000000000001', ${avviso ? `'${avviso}'` : 'NULL'}, ${stato ? `'${stato}'` : 'NULL'}, 0, 0)`);
}
const get = async (id) => api(srv.url, `/api/v1/gare/${id}`);

test('an EU call published in production: ANAC link with PCP\'s idAvviso, TED notice id = the eForm 16\'s BT-701', async () => {
  const id = gara({ importo: 21600000 });
  const avviso = 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6';
  ciclo(id, { avviso, stato: 'PUBB' });
  const r = await get(id);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const p = r.body.pcp;
  assert.equal(p.ambiente, 'esercizio');
  assert.equal(p.id_avviso, avviso);
  assert.equal(p.stato_avviso, 'PUBB');
  assert.equal(p.anac_url, `https://pubblicitalegale.anticorruzione.it/bandi/${avviso}`);
  // The eForm the P1_16 of this tender embeds names the same notice.
  const out = join(dir, `eform-${id}.xml`);
  const c = cli(['pcp', 'eforms', '--db', db, '--gara', String(id), '--tipo', '16', '--out', out]);
  assert.equal(c.status, 0, c.stderr);
  const bt701 = readFileSync(out, 'utf8').match(/<cbc:ID schemeName="notice-id">([^<]+)<\/cbc:ID>/)[1];
  assert.deepEqual(p.ted, { notice_id: bt701, url: null });
  assert.deepEqual(r.body.lotti.map((l) => l.cig), ['K00003EC3A']);
});

test('a national call, a test environment, an unpublished notice, no lifecycle, a draft: no link that is not one', async () => {
  // 215,999.99 euro: national, no TED; collaudo: no ANAC link.
  const naz = gara({ importo: 21599999, cig: 'L00003DC3A' });
  ciclo(naz, { ambiente: 'collaudo', avviso: '00000000-0000-4000-8000-0000000000aa', stato: 'PUBB' });
  const n = (await get(naz)).body.pcp;
  assert.deepEqual(n, { ambiente: 'collaudo', id_avviso: '00000000-0000-4000-8000-0000000000aa', stato_avviso: 'PUBB', anac_url: null, ted: null });
  // Waiting for publication (TED can take days): nothing yet.
  const wait = gara({ importo: 21600000 });
  ciclo(wait, { avviso: '00000000-0000-4000-8000-0000000000bb', stato: 'IN_ATT_PUBB' });
  assert.equal((await get(wait)).body.pcp, null);
  // Created on PCP but no notice id yet; no lifecycle at all.
  const noAvviso = gara({ importo: 21600000 });
  ciclo(noAvviso, { stato: 'PUBB' });
  assert.equal((await get(noAvviso)).body.pcp, null);
  const none = gara({ importo: 21600000 });
  const r = await get(none);
  assert.equal(r.status, 200);
  assert.equal(r.body.pcp, null);
  // A draft with a lifecycle row (never published on the portal): 404, nothing of it.
  const draft = gara({ importo: 21600000, stato: 'bozza', pubblicata: null });
  ciclo(draft, { avviso: '00000000-0000-4000-8000-0000000000cc', stato: 'PUBB' });
  const d = await get(draft);
  assertEnvelope(assert, d, 404);
  assert.ok(!JSON.stringify(d.body).includes('0000000000cc'));
});
