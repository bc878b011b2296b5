// valutazione.mjs - the setup of an evaluation run through HTTP, shared by
// the tests of the sessions' minutes and notifications (and reusable by
// sua-valutazione.test.mjs): a published tender of Vicenza, its offer
// deadline moved into the past, sessions opened and closed.
//
// The offers are inserted by SQL (as sua-valutazione.test.mjs still does:
// the evaluation reads sua_offerta and the opened sua_busta C fields, and a
// real sealed submission needs the key holders' ceremony); the envelope C
// fields are written as the opening would write them.
import assert from 'node:assert/strict';
import { piva } from './albo.mjs';

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

// The helpers bound to a server's officer session and SQL runner.
export function evaluation(sua, sql) {
  let next = 5000 + Math.floor(Math.random() * 1000) * 100;
  const h = {
    async published(oggetto, lotti, criterio = 'prezzo', criteri, tipo = 'lavori') {
      const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo, lotti });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const id = r.body.id;
      const e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, {
        procedura: 'aperta', criterio, ...(criteri ? { criteri } : {}), rup_nome: 'Ing. Anna Verdi', data_invio: today(),
        termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY), prima_seduta: iso(Date.now() + 46 * DAY),
      });
      assert.equal(e.status, 200, JSON.stringify(e.body));
      const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      return p.body;
    },
    deadlinePassed(id) {
      sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id}`);
    },
    // Submitted offers [[piva, name, campiC]] -> [{id, piva, nome, campi}].
    offerte(garaId, lottoId, list) {
      return list.map(([piva, nome, campi]) => {
        const id = ++next;
        sql(`INSERT INTO sua_offerta (id, gara_id, lotto_id, operatore, ragione_sociale, stato, presentata_at)
          VALUES (${id}, ${garaId}, ${lottoId}, '${piva}', '${nome}', 'presentata', ${Math.floor(Date.now() / 1000) - 7200})`);
        sql(`INSERT INTO sua_busta (id, offerta_id, tipo, campi_sigillati, campi_sha256, aperta_at, campi)
          VALUES (${id}, ${id}, 'C', 'sigillata', '${'0'.repeat(64)}', NULL, NULL)`);
        return { id, piva, nome, campi };
      });
    },
    openC(list) {
      for (const o of list) {
        sql(`UPDATE sua_busta SET aperta_at = ${Math.floor(Date.now() / 1000)}, campi = '${JSON.stringify(o.campi)}' WHERE id = ${o.id}`);
      }
    },
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
