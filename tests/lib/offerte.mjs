// offerte.mjs - real sealed bids for the scenario tests (sua-valutazione,
// sua-gara-completa): key holders enrol their passphrases, a tender names
// them before publication, operators (role operator on 'operatore:PIVA')
// upload a file and submit envelopes A, (B), C through the HTTP API, and
// the officer opens them after the deadline with k passphrases - the same
// routes an operator's browser and the public session use, no SQL.
import assert from 'node:assert/strict';
import { addUser, login } from './auth.mjs';
import { PASS, upload } from './buste.mjs';

// Enrols a holder key for each officer session (passphrases PASS[i]) and
// returns [{ user_id, passphrase }] for the opening.
export async function enrolHolders(officers) {
  const keys = [];
  for (const [i, who] of officers.entries()) {
    const r = await who.call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    keys.push({ user_id: who.user.id, passphrase: PASS[i] });
  }
  return keys;
}

// Names the holders (k of n) on a draft tender.
export async function nameHolders(sua, garaId, keys, k = 2, over = {}) {
  const r = await sua.call('PUT', `/api/v1/sua/gare/${garaId}/buste`, { k, custodi: keys.map((x) => x.user_id), ...over });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

const sessions = new Map(); // piva -> logged-in operator, per server url

// A logged-in operator of partita IVA piva (created on first use).
export async function operator(srv, piva) {
  const key = `${srv.url} ${piva}`;
  if (!sessions.has(key)) {
    const email = `op.${piva}.${process.pid}@example.org`;
    addUser(srv.db, email, 'operator', `operatore:${piva}`);
    sessions.set(key, await login(srv.url, email));
  }
  return sessions.get(key);
}

// Operator piva submits a bid on lot numero: a file in envelope A (and B
// when b is given), then the fields; c completed with the costs when
// missing.  Returns { id, piva, nome, campi, ricevuta }.
export async function submit(srv, garaId, numero, piva, nome, c, b = null) {
  const who = await operator(srv, piva);
  const base = `/api/v1/sua/gare/${garaId}/lotti/${numero}`;
  let r = await upload(srv.url, who, `${base}/buste/A/file`, Buffer.from(`DGUE di ${nome}\n`), 'dgue.txt');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  if (b) {
    r = await upload(srv.url, who, `${base}/buste/B/file`, Buffer.from(`Relazione tecnica di ${nome}\n`), 'relazione.txt');
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const campi = { oneri_sicurezza_cents: 0, costo_manodopera_cents: 0, ...c };
  const buste = { A: { note: 'Documentazione amministrativa' }, C: campi };
  if (b) buste.B = b;
  r = await who.call('POST', `${base}/offerta`, { ragione_sociale: nome, buste });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { id: r.body.offerta, piva, nome, campi, ricevuta: r.body.ricevuta };
}

// The officer opens envelope busta of lot numero with the holders' keys;
// returns the response body.
export async function openEnvelopes(sua, garaId, numero, busta, keys) {
  const r = await sua.call('POST', `/api/v1/sua/gare/${garaId}/apertura`, { lotto: numero, busta, custodi: keys });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// The offer deadline passes (the clock is not the test's to move: the
// tender's deadline is moved instead, as a day passing would).
export function deadlinePassed(sql, garaId) {
  sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${garaId}`);
}
