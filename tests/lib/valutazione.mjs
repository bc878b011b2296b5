// valutazione.mjs - the setup of an evaluation run through HTTP, shared by
// the tests of the sessions' minutes and notifications: a published
// tender of Vicenza whose key holders were named before publication,
// real sealed bids submitted by the operators through the API
// (tests/lib/offerte.mjs), the offer deadline moved into the past (the
// one thing written by SQL: the clock is not the test's to move),
// envelopes opened with two holders' passphrases, sessions opened and
// closed.  Replacing and withdrawing a bid go through the API too.
import assert from 'node:assert/strict';
import { piva } from './albo.mjs';
import { enrolHolders, nameHolders, submit, openEnvelopes, operator } from './offerte.mjs';

export const DAY = 86400 * 1000;
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

// Discounts (3 decimals) of sua-valutazione.test.mjs's lowest-price tender:
// method A gives the threshold 16.525 (computed by hand there); excluded
// 16.750 and 20.500; winner 15.000.  Valid partite IVA (users hold them).
export const PREZZO = [
  [piva('0000000011'), 'Alfa Costruzioni srl', '13.000'],
  [piva('0000000012'), 'Beta Strade spa', '16.750'],
  [piva('0000000013'), 'Gamma Lavori srl', '10.000'],
  [piva('0000000014'), 'Delta Edilizia srl', '15.000'],
  [piva('0000000015'), 'Epsilon Asfalti srl', '20.500'],
  [piva('0000000016'), 'Zeta Infrastrutture srl', '11.500'],
  [piva('0000000017'), 'Eta Costruzioni srl', '14.125'],
  [piva('0000000018'), 'Theta Scavi snc', '12.250'],
];

// The helpers bound to a server, its officer session and SQL runner.
// Call holders() once with three officer sessions of Vicenza (the first
// is sua) before publishing.
export function evaluation(srv, sua, sql) {
  let keys = null;
  const h = {
    async holders(officers) {
      keys = await enrolHolders(officers);
      return keys;
    },
    async published(oggetto, lotti, criterio = 'prezzo', criteri, tipo = 'lavori') {
      assert.ok(keys, 'holders() first: a tender takes bids only with key holders');
      const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo, lotti });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const id = r.body.id;
      const e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, {
        procedura: 'aperta', criterio, ...(criteri ? { criteri } : {}), rup_nome: 'Ing. Anna Verdi', data_invio: today(),
        termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY), prima_seduta: iso(Date.now() + 46 * DAY),
      });
      assert.equal(e.status, 200, JSON.stringify(e.body));
      await nameHolders(sua, id, keys);
      const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      return p.body;
    },
    deadlinePassed(id) {
      sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id}`);
    },
    // Real sealed bids on lot numero: [[piva, name, campiC]] -> [{id,
    // piva, nome, campi, ricevuta}]; envelope B too when b is given.
    async offerte(garaId, numero, list, b = null) {
      const out = [];
      for (const [p, nome, campi] of list) out.push(await submit(srv, garaId, numero, p, nome, campi, b));
      return out;
    },
    // The operator withdraws its bid on lot numero (before the deadline).
    async ritira(garaId, numero, p) {
      const r = await (await operator(srv, p)).call('DELETE', `/api/v1/sua/gare/${garaId}/lotti/${numero}/offerta`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    },
    // Opens envelope busta of lot numero with two holders' passphrases.
    apri: (garaId, numero, busta) => openEnvelopes(sua, garaId, numero, busta, keys.slice(0, 2)),
    async seduta(id, lotto, tipo, presenti = ['Ing. Anna Verdi (RUP)', 'Dott. Luca Neri']) {
      const r = await sua.call('POST', `/api/v1/sua/gare/${id}/sedute`, { lotto, tipo, data: iso(Date.now()), presenti });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.numero;
    },
    chiudi: (id, n, esito = 'Seduta chiusa.') => sua.call('POST', `/api/v1/sua/gare/${id}/sedute/${n}/chiudi`, { esito }),
    call: (m, p, b) => sua.call(m, p, b),
  };
  return h;
}
