// sua-richieste.test.mjs - the Comuni's side of the SUA (issue 12, items
// 1-3) against a real server, on both backends: convenzioni (create, read,
// edit, validation, who may do what), requests through their whole life
// with real users of each role (a Comune, the Province's SUA officer and
// admin, another Comune, another Province's officer and Comune, an
// operator), the inbox's filters and paging, sending refused without a
// convenzione for the type, a table of bad inputs (invalid CPV/CUP,
// negative or absurd amounts, past dates) that must leave the tables and
// the audit log as they were, and the documents of requests and tenders
// (allow-list, size limit, names with path tricks, who may read them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-sua-boundary-2u9QmXc';
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');
// A real signed file (CMS SignedData, DER, made with openssl cms -sign
// -nodetach -outform DER by a throw-away self-signed key): a .p7m.
const P7M = Buffer.from([
  'MIIFfwYJKoZIhvcNAQcCoIIFcDCCBWwCAQExDTALBglghkgBZQMEAgEwFgYJKoZIhvcNAQcBoAkEB2hlbGxvDQqgggMDMIIC/zCC',
  'AeegAwIBAgIUF73TYHETlTlTz5XSc2VP+y5np7IwDQYJKoZIhvcNAQELBQAwDzENMAsGA1UEAwwEdGVzdDAeFw0yNjEyMDIxOTIy',
  'MThaFw0yNjEyMDQxOTIyMThaMA8xDTALBgNVBAMMBHRlc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC7JJjCxxct',
  'PT25kw1jnrnrYw5whrF9AP53AVBmByK6hkqJoc80Uvl7v5XvfvNEDmN7AK/BCFN9xGxasG9XA5ttpW5FWk3zuYTdcJf7JgaFLec0',
  '1iesZs83H78NDZ2X8mFg25uBcuvJHiz1XhfYU4h3X/R+LBif4D8mw1wvf8aa/0mWDkVLEnA2cHfDHc7bGP7w8S2d7yIBBZoyQnSh',
  'o8slt92Ho+jVp4irnL9ATBeWq0MkR5jfbzOu/KX5yzPGD9iO3j/38U32CpmzyCUyxSzw8kbfXYud/SIxSkpHI46P8aH/0cgMvQ5q',
  '1eNlZG0CPzuL24qE/s2/A6uT54IP0WYXAgMBAAGjUzBRMB0GA1UdDgQWBBQg5i8J6pGd8POE2WxJREz71mroWjAfBgNVHSMEGDAW',
  'gBQg5i8J6pGd8POE2WxJREz71mroWjAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQCBQzslEMzzX2y3B2cN6GQe',
  'KqkHz0gW95kLGVvPJIWiOzH9qD1IN8t++41qnsHbOfH4mt2Kz3I8I475KKV00tgdbftaQ33dvcJBCStzt4LLUHTDvrA286+EQo/K',
  'y+HZgiuE9jlWH5Eo3QwThOWuub5MvS/AQWbbSd6ZMG9Dc3OWfDGGOgKxbuzrC4qd1yperYE7qeQYGDbOab5UpqNdX0z8TBMUnz2n',
  'wzxm/WJrFMmcyROO+ddFRERi0BZCDUOlBHInLTMqD+zo1KJGykL76WVo/roDQKXconhc7+SN1XDACeCjqAWKSbWEPY0fIvYDbkrj',
  '5lzqthSHTs9TvRG0x4DNMYICNzCCAjMCAQEwJzAPMQ0wCwYDVQQDDAR0ZXN0AhQXvdNgcROVOVPPldJzZU/7LmensjALBglghkgB',
  'ZQMEAgGggeQwGAYJKoZIhvcNAQkDMQsGCSqGSIb3DQEHATAcBgkqhkiG9w0BCQUxDxcNMjYxMjAyMTkyMjE4WjAvBgkqhkiG9w0B',
  'CQQxIgQgzS7KNTV0HyeorkDDGwxB1AV6enuRKzO5rthkhdHIRnYweQYJKoZIhvcNAQkPMWwwajALBglghkgBZQMEASowCwYJYIZI',
  'AWUDBAEWMAsGCWCGSAFlAwQBAjAKBggqhkiG9w0DBzAOBggqhkiG9w0DAgICAIAwDQYIKoZIhvcNAwICAUAwBwYFKw4DAgcwDQYI',
  'KoZIhvcNAwICASgwDQYJKoZIhvcNAQEBBQAEggEAa9+mBsZKcldDozakxLuCpORmTlx1N2gHtSmVqYgZY+Kd4H1XwAEbHTghRPCq',
  'ZodX2LJUUVsJKouYHCKRBaq1DNAk484P4NTJME83SMLHQMskypDJkU407m0bU7dQrM18pEkg/TlEFiziaEQ7Lj/xicpE8zNsrJvQ',
  'YQ9avnL9iFw0TgV3R1c9WRPDKA6iZZGXIFSJllH9UW2AjB7hiR98UCeow/bd9VydOtakACP11GlguvIQ2YbowHthroz8shj8QX6c',
  'UbHePLE1i1ysZ0xHO+C4/thnIDByzbc1+9VYN0NBwkwE9YUD9IOgxIf+92v6XLDPON8PeeHpN0V3kreZCw==',
].join(''), 'base64');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]);

function multipart(name, content, fields = {}) {
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n'));
  parts.push(content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

async function upload(client, path, name, content, fields) {
  const res = await fetch(srv.url + path, {
    method: 'POST',
    headers: {
      cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body: multipart(name, content, fields),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') || '').startsWith('application/json');
  return { status: res.status, body: json ? JSON.parse(text) : text };
}

// The status answered to a request head announcing length bytes.
function announce(client, path, length) {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url + path);
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: {
        cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(length),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => { resolve({ status: res.statusCode, body: JSON.parse(text) }); req.destroy(); });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

// "AAAA-MM-GG" days from today (UTC is close enough away from midnight;
// the tests keep a margin of days).
function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

function richiesta(over = {}) {
  return {
    oggetto: 'Vigilanza della palestra comunale',
    tipo: 'servizi',
    cpv: '79713000-5',
    importo_cents: 4500000,
    sicurezza_cents: 50000,
    investimento: false,
    fonte: 'proprie',
    rup_nome: 'Anna Bianchi',
    rup_email: 'anna.bianchi@example.org',
    data_aggiudicazione: day(100),
    note: 'Tre palestre, due turni.',
    ...over,
  };
}

function convenzione(over = {}) {
  return {
    lavori: false, servizi: true, forniture: true,
    valida_dal: day(-30), valida_al: day(700),
    delibera_numero: '12/2026', delibera_data: day(-40),
    compenso_tipo: 'percentuale', compenso_percentuale: 150,
    compenso_minimo_cents: 100000, compenso_massimo_cents: 2000000,
    ...over,
  };
}

let srv;
const u = {};
before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['vicenza', 'comune', 'comune:024116'], // demo convenzione: all types
    ['arcugnano', 'comune', 'comune:024001'], // demo: servizi + forniture
    ['schio', 'comune', 'comune:024100'], // no convenzione until a test makes one
    ['thiene', 'comune', 'comune:024105'], // never a convenzione
    ['officer', 'sua_officer', 'provincia:024'],
    ['admin', 'admin', 'provincia:024'],
    ['officerbs', 'sua_officer', 'provincia:017'],
    ['brescia', 'comune', 'comune:017029'],
    ['operatore', 'operator', 'operatore:01234567897'],
    ['dati', 'data_officer', 'provincia:024'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `ric-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `ric-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('convenzioni: create, read, edit, list; validation; who may', async () => {
  const before = count('sua_convenzione');
  const auditBefore = count('audit_log', "action LIKE 'sua.convenzione.%'");
  // Not the Comune itself, not another Province's officer, not an operator.
  for (const who of ['schio', 'officerbs', 'operatore', 'dati']) {
    const r = await u[who].call('POST', '/api/v1/sua/comuni/024100/convenzioni', convenzione());
    assert.equal(r.status, 403, `${who}: ${JSON.stringify(r.body)}`);
  }
  assertEnvelope(assert, await u.officer.call('POST', '/api/v1/sua/comuni/999999/convenzioni', convenzione()), 404);
  // Bad input: each refused with its field, nothing stored.
  const bad = [
    [{ valida_dal: day(10), valida_al: day(5) }, 'valida_al'],
    [{ valida_al: '2027-02-30' }, 'valida_al'],
    [{ compenso_percentuale: 10001 }, 'compenso_percentuale'],
    [{ compenso_percentuale: -1 }, 'compenso_percentuale'],
    [{ compenso_minimo_cents: 3000000, compenso_massimo_cents: 100 }, 'compenso_massimo_cents'],
    [{ compenso_minimo_cents: -5 }, 'compenso_minimo_cents'],
    [{ compenso_tipo: 'fisso' }, 'compenso_fisso_cents'],
    [{ compenso_tipo: 'fisso', compenso_fisso_cents: 100, compenso_minimo_cents: undefined, compenso_massimo_cents: undefined }, 'compenso_percentuale'],
    [{ compenso_tipo: 'fisso', compenso_percentuale: undefined, compenso_minimo_cents: undefined, compenso_massimo_cents: undefined }, 'compenso_fisso_cents'],
    [{ compenso_tipo: 'a forfait' }, 'compenso_tipo'],
    [{ compenso_percentuale: undefined }, 'compenso_percentuale'],
    [{ lavori: false, servizi: false, forniture: false }, 'lavori'],
    [{ delibera_numero: '' }, 'delibera_numero'],
    [{ delibera_numero: 'x'.repeat(41) }, 'delibera_numero'],
    [{ scope: 'tutto' }, 'scope'],
    [{ compenso_percentuale: 1.5 }, 'compenso_percentuale'],
  ];
  for (const [over, field] of bad) {
    const r = await u.officer.call('POST', '/api/v1/sua/comuni/024100/convenzioni', convenzione(over));
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, `${JSON.stringify(over)}: ${JSON.stringify(e)}`);
  }
  assert.equal(count('sua_convenzione'), before, 'nothing stored');
  assert.equal(count('audit_log', "action LIKE 'sua.convenzione.%'"), auditBefore);

  const c = await u.officer.call('POST', '/api/v1/sua/comuni/024100/convenzioni', convenzione());
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.comune, '024100');
  assert.equal(c.body.comune_nome, 'Schio');
  assert.equal(c.body.provincia, '024');
  assert.equal(c.body.servizi, true);
  assert.equal(c.body.lavori, false);
  assert.equal(c.body.compenso_percentuale, 150);
  assert.equal(c.body.compenso_fisso_cents, null);
  assert.equal(c.body.vigente, true);
  assert.equal(count('audit_log', `action = 'sua.convenzione.crea' AND object_id = '${c.body.id}'`), 1);
  const id = c.body.id;
  // Readable by the Comune and its Province's SUA; not by others.
  for (const who of ['schio', 'officer', 'admin']) {
    const r = await u[who].call('GET', `/api/v1/sua/convenzioni/${id}`);
    assert.equal(r.status, 200, who);
    assert.equal(r.body.id, id);
  }
  for (const who of ['vicenza', 'officerbs', 'brescia', 'operatore']) {
    const r = await u[who].call('GET', `/api/v1/sua/convenzioni/${id}`);
    assert.equal(r.status, 403, who);
    assert.equal(r.body.error.message.includes('Schio'), false);
  }
  assertEnvelope(assert, await u.officer.call('GET', '/api/v1/sua/convenzioni/987654'), 404);
  // Edited by the admin; never by the Comune.
  assert.equal((await u.schio.call('PUT', `/api/v1/sua/convenzioni/${id}`, convenzione({ lavori: true }))).status, 403);
  const e = await u.admin.call('PUT', `/api/v1/sua/convenzioni/${id}`,
    convenzione({ lavori: true, compenso_tipo: 'fisso', compenso_percentuale: undefined, compenso_minimo_cents: undefined, compenso_massimo_cents: undefined, compenso_fisso_cents: 250000 }));
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.equal(e.body.lavori, true);
  assert.equal(e.body.compenso_tipo, 'fisso');
  assert.equal(e.body.compenso_fisso_cents, 250000);
  assert.equal(e.body.compenso_percentuale, null);
  assert.equal(count('audit_log', `action = 'sua.convenzione.modifica' AND object_id = '${id}'`), 1);
  const badPut = await u.admin.call('PUT', `/api/v1/sua/convenzioni/${id}`, convenzione({ valida_al: day(-60) }));
  assertEnvelope(assert, badPut, 400);
  assert.equal((await u.admin.call('GET', `/api/v1/sua/convenzioni/${id}`)).body.lavori, true, 'unchanged');

  // Lists: the officer sees the Province's, the Comune its own.
  const lo = await u.officer.call('GET', '/api/v1/sua/convenzioni?limit=100');
  assert.equal(lo.status, 200);
  assert.ok(lo.body.items.length >= 6);
  assert.ok(lo.body.items.every((x) => x.provincia === '024'));
  const ls = await u.schio.call('GET', '/api/v1/sua/convenzioni');
  assert.deepEqual(ls.body.items.map((x) => x.id), [id]);
  assert.equal((await u.schio.call('GET', '/api/v1/sua/convenzioni?comune=024116')).status, 403);
  assert.equal((await u.officerbs.call('GET', '/api/v1/sua/convenzioni?provincia=024')).status, 403);
  const lb = await u.officerbs.call('GET', '/api/v1/sua/convenzioni');
  assert.equal(lb.status, 200);
  assert.equal(lb.body.items.length, 0);
  assert.equal((await u.operatore.call('GET', '/api/v1/sua/convenzioni')).status, 403);
});

test('requests: draft, edit, send, take, reject; each visible only to its Comune and its SUA', async () => {
  const c = await u.vicenza.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta({ cpv: '79713000' }));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.stato, 'bozza');
  assert.equal(c.body.cpv, '79713000-5', 'stored with its check digit');
  assert.equal(c.body.comune_nome, 'Vicenza');
  assert.equal(c.body.provincia, '024');
  assert.deepEqual(c.body.documenti, []);
  assert.equal(c.body.inviata, null);
  const id = c.body.id;
  assert.equal(count('audit_log', `action = 'sua.richiesta.crea' AND object_id = '${id}'`), 1);

  // Another Comune, another Province, an operator: no access, no data.
  for (const who of ['arcugnano', 'officerbs', 'brescia', 'operatore']) {
    const g = await u[who].call('GET', `/api/v1/sua/richieste/${id}`);
    assert.ok(g.status === 403 || g.status === 404, `${who}: ${g.status}`);
    assert.equal(JSON.stringify(g.body).includes('palestra'), false);
    const p = await u[who].call('PUT', `/api/v1/sua/richieste/${id}`, richiesta({ oggetto: 'Preso!' }));
    assert.ok(p.status === 403 || p.status === 404, `${who} PUT: ${p.status}`);
    const s = await u[who].call('POST', `/api/v1/sua/richieste/${id}/invia`);
    assert.ok(s.status === 403 || s.status === 404, `${who} invia: ${s.status}`);
  }
  for (const who of ['arcugnano', 'brescia']) {
    const l = await u[who].call('GET', '/api/v1/sua/richieste?limit=100');
    assert.equal(l.status, 200);
    assert.equal(l.body.items.some((x) => x.id === id), false, who);
    assert.equal((await u[who].call('GET', '/api/v1/sua/richieste?comune=024116')).status, 403);
  }
  // Nobody can create for another Comune; the SUA does not write requests.
  for (const who of ['arcugnano', 'officer', 'admin', 'operatore']) {
    const r = await u[who].call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta());
    assert.equal(r.status, 403, who);
  }
  // The officer sees no drafts: not in the inbox.
  const inbox0 = await u.officer.call('GET', '/api/v1/sua/richieste?limit=100');
  assert.equal(inbox0.status, 200);
  assert.equal(inbox0.body.items.some((x) => x.stato === 'bozza'), false);
  assert.equal(inbox0.body.items.some((x) => x.id === id), false);
  const own = await u.vicenza.call('GET', '/api/v1/sua/richieste?limit=100');
  assert.ok(own.body.items.some((x) => x.id === id && x.stato === 'bozza'));
  assert.ok(own.body.items.every((x) => x.comune === '024116'));

  // Edited while a draft; the officer cannot take a draft.
  const e = await u.vicenza.call('PUT', `/api/v1/sua/richieste/${id}`, richiesta({ importo_cents: 4600000 }));
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.equal(e.body.importo_cents, 4600000);
  assertEnvelope(assert, await u.officer.call('POST', `/api/v1/sua/richieste/${id}/prendi`), 409);

  // Sent: no longer editable; in the inbox with its filters.
  const s = await u.vicenza.call('POST', `/api/v1/sua/richieste/${id}/invia`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.equal(s.body.stato, 'inviata');
  assert.ok(s.body.inviata);
  assertEnvelope(assert, await u.vicenza.call('PUT', `/api/v1/sua/richieste/${id}`, richiesta()), 409);
  assertEnvelope(assert, await u.vicenza.call('POST', `/api/v1/sua/richieste/${id}/invia`), 409);
  for (const [q, yes] of [
    ['stato=inviata', true], ['stato=presa_in_carico', false], ['comune=024116', true], ['comune=024001', false],
    ['tipo=servizi', true], ['tipo=lavori', false], ['cpv=797', true], ['cpv=79713000-5', true], ['cpv=45', false],
    ['q=PALESTRA', true], ['q=palestra%20comunale', true], ['q=piscina', false], ['q=%25', false], ['q=_', false],
  ]) {
    const r = await u.officer.call('GET', `/api/v1/sua/richieste?limit=100&${q}`);
    assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.items.some((x) => x.id === id), yes, q);
  }
  for (const q of ['stato=aperta', 'tipo=opere', 'cpv=abc', 'cpv=123456789', 'provincia=24', 'comune=12', 'q=' + 'x'.repeat(101), 'ordine=nome']) {
    const r = await u.officer.call('GET', `/api/v1/sua/richieste?${q}`);
    assert.ok(r.status === 400 || r.status === 404, `${q}: ${r.status}`);
  }
  // Another Province's officer never sees it.
  const bs = await u.officerbs.call('GET', '/api/v1/sua/richieste?limit=100');
  assert.equal(bs.body.items.some((x) => x.provincia === '024'), false);
  assert.equal((await u.officerbs.call('GET', '/api/v1/sua/richieste?provincia=024')).status, 403);
  assert.equal((await u.officerbs.call('POST', `/api/v1/sua/richieste/${id}/prendi`)).status, 403);

  // Taken by the SUA (never by the Comune or the admin), then rejected.
  assert.equal((await u.vicenza.call('POST', `/api/v1/sua/richieste/${id}/prendi`)).status, 403);
  assert.equal((await u.admin.call('POST', `/api/v1/sua/richieste/${id}/prendi`)).status, 403);
  const t = await u.officer.call('POST', `/api/v1/sua/richieste/${id}/prendi`);
  assert.equal(t.status, 200, JSON.stringify(t.body));
  assert.equal(t.body.stato, 'presa_in_carico');
  assertEnvelope(assert, await u.officer.call('POST', `/api/v1/sua/richieste/${id}/prendi`), 409);
  const noReason = await u.officer.call('POST', `/api/v1/sua/richieste/${id}/respingi`, {});
  assert.equal(assertEnvelope(assert, noReason, 400).field, 'motivo');
  assert.equal((await u.officer.call('POST', `/api/v1/sua/richieste/${id}/respingi`, { motivo: '' })).status, 400);
  assert.equal((await u.vicenza.call('POST', `/api/v1/sua/richieste/${id}/respingi`, { motivo: 'no' })).status, 403);
  const rj = await u.officer.call('POST', `/api/v1/sua/richieste/${id}/respingi`, { motivo: 'Importo da rivedere con il RUP.' });
  assert.equal(rj.status, 200, JSON.stringify(rj.body));
  assert.equal(rj.body.stato, 'respinta');
  assert.equal(rj.body.motivo_rifiuto, 'Importo da rivedere con il RUP.');
  assertEnvelope(assert, await u.officer.call('POST', `/api/v1/sua/richieste/${id}/respingi`, { motivo: 'ancora' }), 409);
  // The Comune follows the state.
  const seen = await u.vicenza.call('GET', `/api/v1/sua/richieste/${id}`);
  assert.equal(seen.body.stato, 'respinta');
  for (const a of ['crea', 'modifica', 'invia', 'prendi', 'respingi']) {
    assert.equal(count('audit_log', `action = 'sua.richiesta.${a}' AND object_id = '${id}'`), 1, a);
  }
  // Rejected straight from inviata too.
  const c2 = await u.arcugnano.call('POST', '/api/v1/sua/comuni/024001/richieste', richiesta({ tipo: 'forniture', cpv: '30192000-1' }));
  assert.equal(c2.status, 201);
  assert.equal((await u.arcugnano.call('POST', `/api/v1/sua/richieste/${c2.body.id}/invia`)).status, 200);
  const r2 = await u.officer.call('POST', `/api/v1/sua/richieste/${c2.body.id}/respingi`, { motivo: 'Sotto soglia.' });
  assert.equal(r2.body.stato, 'respinta');
});

test('sending needs a convenzione covering the type today', async () => {
  // Thiene has none at all.
  const c = await u.thiene.call('POST', '/api/v1/sua/comuni/024105/richieste', richiesta());
  assert.equal(c.status, 201, 'a draft needs no convenzione');
  const auditBefore = count('audit_log', "action = 'sua.richiesta.invia'");
  const s = await u.thiene.call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`);
  const e = assertEnvelope(assert, s, 409);
  assert.match(e.message, /convenzione/);
  assert.equal((await u.thiene.call('GET', `/api/v1/sua/richieste/${c.body.id}`)).body.stato, 'bozza');
  assert.equal(count('audit_log', "action = 'sua.richiesta.invia'"), auditBefore);
  // Arcugnano's covers servizi and forniture, not lavori.
  const l = await u.arcugnano.call('POST', '/api/v1/sua/comuni/024001/richieste',
    richiesta({ tipo: 'lavori', cpv: '45233141-9', oggetto: 'Asfaltatura' }));
  assert.equal(l.status, 201);
  assertEnvelope(assert, await u.arcugnano.call('POST', `/api/v1/sua/richieste/${l.body.id}/invia`), 409);
  // An expired convenzione does not count.
  const old = await u.officer.call('POST', '/api/v1/sua/comuni/024105/convenzioni',
    convenzione({ valida_dal: day(-400), valida_al: day(-2), delibera_data: day(-410) }));
  assert.equal(old.status, 201);
  assert.equal(old.body.vigente, false);
  assertEnvelope(assert, await u.thiene.call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`), 409);
  const nowValid = await u.officer.call('PUT', `/api/v1/sua/convenzioni/${old.body.id}`,
    convenzione({ valida_dal: day(-400), valida_al: day(30), delibera_data: day(-410) }));
  assert.equal(nowValid.status, 200);
  assert.equal((await u.thiene.call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`)).status, 200);
});

test('bad input on requests: 4xx with the field, nothing stored', async () => {
  const rows = count('sua_richiesta');
  const audit = count('audit_log');
  const bad = [
    [{ cpv: '99999999' }, 'cpv'],
    [{ cpv: '79713000-4' }, 'cpv'],
    [{ cpv: 'abcdefgh' }, 'cpv'],
    [{ cpv: '9091' }, 'cpv'],
    [{ cup: '812C34567890123' }, 'cup'],
    [{ cup: 'B12C3456789012' }, 'cup'],
    [{ cup: 'XXX' }, 'cup'],
    [{ investimento: true }, 'cup'],
    [{ importo_cents: 0 }, 'importo_cents'],
    [{ importo_cents: -100 }, 'importo_cents'],
    [{ importo_cents: 10000000000001 }, 'importo_cents'],
    [{ importo_cents: '4500000' }, 'importo_cents'],
    [{ importo_cents: 12.5 }, 'importo_cents'],
    [{ sicurezza_cents: -1 }, 'sicurezza_cents'],
    [{ sicurezza_cents: 4500000 }, 'sicurezza_cents'],
    [{ data_aggiudicazione: day(-3) }, 'data_aggiudicazione'],
    [{ data_aggiudicazione: '2027-02-29' }, 'data_aggiudicazione'],
    [{ data_aggiudicazione: '31/12/2027' }, 'data_aggiudicazione'],
    [{ tipo: 'opere' }, 'tipo'],
    [{ fonte: 'lotteria' }, 'fonte'],
    [{ oggetto: '' }, 'oggetto'],
    [{ oggetto: 'x'.repeat(501) }, 'oggetto'],
    [{ oggetto: 'a\u0007b' }, 'oggetto'],
    [{ rup_nome: '' }, 'rup_nome'],
    [{ rup_email: 'non-una-email' }, 'rup_email'],
    [{ provincia: '017' }, 'provincia'],
    [{ stato: 'inviata' }, 'stato'],
  ];
  for (const [over, field] of bad) {
    const r = await u.vicenza.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta(over));
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, `${JSON.stringify(over)}: ${JSON.stringify(e)}`);
    assert.equal(typeof e.message, 'string');
  }
  // A valid CUP with investimento is accepted (the positive control).
  const ok = await u.vicenza.call('POST', '/api/v1/sua/comuni/024116/richieste',
    richiesta({ investimento: true, cup: 'B12C34000000001', fonte: 'pnrr' }));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.cup, 'B12C34000000001');
  assert.equal(count('sua_richiesta'), rows + 1, 'only the valid one stored');
  assert.equal(count('audit_log'), audit + 1);
  // The same table on PUT of a draft leaves it unchanged.
  for (const [over] of bad.slice(0, 8)) {
    const r = await u.vicenza.call('PUT', `/api/v1/sua/richieste/${ok.body.id}`, richiesta(over));
    assert.equal(r.status, 400, JSON.stringify(over));
  }
  const same = await u.vicenza.call('GET', `/api/v1/sua/richieste/${ok.body.id}`);
  assert.equal(same.body.cup, 'B12C34000000001');
  assert.equal(same.body.cpv, '79713000-5');
  assert.equal(count('audit_log'), audit + 1);
  // Not JSON, unknown Comune, a request id that is not one.
  assert.equal((await u.vicenza.call('POST', '/api/v1/sua/comuni/024116/richieste', '{"oggetto":')).status, 400);
  assert.equal((await u.vicenza.call('GET', '/api/v1/sua/richieste/abc')).status, 404);
  assert.equal((await u.vicenza.call('GET', '/api/v1/sua/richieste/99999999')).status, 404);
  assert.equal((await u.vicenza.call('POST', '/api/v1/sua/comuni/0241160/richieste', richiesta())).status, 404);
});

test('the inbox pages by cursor and by offset alike', async () => {
  const all = await u.officer.call('GET', '/api/v1/sua/richieste?limit=100');
  assert.equal(all.status, 200);
  assert.ok(all.body.items.length >= 5, `${all.body.items.length}`);
  assert.equal(all.body.total, all.body.items.length);
  assert.equal(all.body.total_esatto, true);
  const ids = all.body.items.map((x) => x.id);
  assert.deepEqual([...ids].sort((a, b) => b - a), ids, 'newest first');
  const walked = [];
  let next = null;
  do {
    const r = await u.officer.call('GET', `/api/v1/sua/richieste?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    assert.equal(r.status, 200);
    walked.push(...r.body.items.map((x) => x.id));
    next = r.body.next;
  } while (next);
  assert.deepEqual(walked, ids);
  const byOffset = await u.officer.call('GET', '/api/v1/sua/richieste?limit=2&offset=2');
  assert.deepEqual(byOffset.body.items.map((x) => x.id), ids.slice(2, 4));
  // A cursor of other filters is refused.
  const first = await u.officer.call('GET', '/api/v1/sua/richieste?limit=1');
  const other = await u.officer.call('GET', `/api/v1/sua/richieste?limit=1&tipo=lavori&after=${encodeURIComponent(first.body.next)}`);
  assert.equal(other.status, 400);
  // The demo's requests: three sent cleaning requests from different Comuni.
  const cleaning = all.body.items.filter((x) => x.cpv.startsWith('909') && x.oggetto.endsWith('(demo)'));
  assert.equal(new Set(cleaning.map((x) => x.comune)).size, 3);
});

test('documents of a request: the Comune attaches, its SUA reads, nobody else', async () => {
  const c = await u.vicenza.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta({ oggetto: 'Con allegati' }));
  const id = c.body.id;
  const path = `/api/v1/sua/richieste/${id}/documenti`;
  const up = await upload(u.vicenza, path, '../../etc/passwd.pdf', PDF);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.nome, 'passwd.pdf', 'directories dropped: the name is metadata');
  assert.equal(up.body.mime, 'application/pdf');
  assert.equal(up.body.tipo, 'allegato');
  const doc = up.body.id;
  assert.equal(count('document', `id = ${doc} AND attached_type = 'sua_richiesta' AND attached_id = '${id}'`), 1);
  const g = await u.vicenza.call('GET', `/api/v1/sua/richieste/${id}`);
  assert.deepEqual(g.body.documenti.map((d) => [d.id, d.nome, d.tipo]), [[doc, 'passwd.pdf', 'allegato']]);
  for (const who of ['vicenza', 'officer', 'admin']) {
    const r = await u[who].call('GET', `/api/v1/documenti/${doc}/contenuto`);
    assert.equal(r.status, 200, who);
    assert.ok(r.body.startsWith('%PDF-1.7'), who);
  }
  for (const who of ['arcugnano', 'officerbs', 'brescia', 'operatore', 'dati']) {
    const r = await u[who].call('GET', `/api/v1/documenti/${doc}`);
    assert.equal(r.status, 404, who);
  }
  // Refused: types outside the list, by the wrong people, too big, later states.
  const docs = count('document');
  const links = count('sua_documento');
  for (const [name, content] of [['pagina.html', HTML], ['programma.pdf', ELF], ['dati.p7m', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff))],
    ['falso.p7m', Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]), Buffer.alloc(256, 1)])]]) {
    const r = await upload(u.vicenza, path, name, content);
    assertEnvelope(assert, r, 415);
  }
  for (const who of ['officer', 'arcugnano', 'operatore']) {
    const r = await upload(u[who], path, 'a.pdf', PDF);
    assert.equal(r.status, 403, who);
  }
  const big = await announce(u.vicenza, path, (50 << 20) + (128 << 10));
  assert.equal(big.status, 413);
  assert.equal((await upload(u.vicenza, path, 'nome\u0001.pdf', PDF)).status, 400);
  assert.equal(count('document'), docs);
  assert.equal(count('sua_documento'), links);
  // A signed .p7m is kept, named by its real type.
  const p7m = await upload(u.vicenza, path, 'delibera.pdf.p7m', P7M);
  assert.equal(p7m.status, 201, JSON.stringify(p7m.body));
  assert.equal(p7m.body.mime, 'application/pkcs7-mime');
  // Sent: still attachable; taken by the SUA: no more.
  assert.equal((await u.vicenza.call('POST', `/api/v1/sua/richieste/${id}/invia`)).status, 200);
  assert.equal((await upload(u.vicenza, path, 'integrazione.csv', Buffer.from('a;b\n1;2\n'))).status, 201);
  assert.equal((await u.officer.call('POST', `/api/v1/sua/richieste/${id}/prendi`)).status, 200);
  const lateBytes = Buffer.concat([PDF, Buffer.from('% tardi\n')]);
  const late = await upload(u.vicenza, path, 'tardi.pdf', lateBytes);
  assertEnvelope(assert, late, 409);
  const sha = createHash('sha256').update(lateBytes).digest('hex');
  assert.equal(existsSync(join(srv.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha)), false, 'no blob kept');
  assert.equal(count('sua_documento', `oggetto = 'richiesta' AND oggetto_id = ${id}`), 3);
});

test('documents of a tender: the Province\'s SUA attaches; readable by all once published', async () => {
  sql("INSERT INTO sua_gara (provincia, stato, oggetto, tipo, created, updated) VALUES ('024', 'bozza', 'Gara di prova documenti', 'servizi', 0, 0)");
  const gara = Number(sql("SELECT MAX(id) FROM sua_gara WHERE oggetto = 'Gara di prova documenti'"));
  const path = `/api/v1/sua/gare/${gara}/documenti`;
  for (const who of ['vicenza', 'officerbs', 'admin', 'operatore']) {
    const r = await upload(u[who], path, 'bando.pdf', PDF, { tipo: 'bando' });
    assert.equal(r.status, 403, who);
  }
  assert.equal(assertEnvelope(assert, await upload(u.officer, path, 'bando.pdf', PDF, { tipo: 'avviso' }), 400).field, 'tipo');
  assert.equal((await upload(u.officer, path, 'bando.pdf', PDF)).status, 400);
  assert.equal((await upload(u.officer, '/api/v1/sua/gare/99999999/documenti', 'bando.pdf', PDF, { tipo: 'bando' })).status, 404);
  const r = await upload(u.officer, path, 'Bando di gara.pdf', PDF, { tipo: 'bando' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.tipo, 'bando');
  const doc = r.body.id;
  // A draft's documents: the Province's SUA only.
  assert.equal((await u.officer.call('GET', `/api/v1/documenti/${doc}`)).status, 200);
  for (const who of ['vicenza', 'officerbs', 'operatore']) {
    assert.equal((await u[who].call('GET', `/api/v1/documenti/${doc}`)).status, 404, who);
  }
  sql(`UPDATE sua_gara SET stato = 'pubblicata' WHERE id = ${gara}`);
  for (const who of ['vicenza', 'officerbs', 'operatore', 'brescia']) {
    assert.equal((await u[who].call('GET', `/api/v1/documenti/${doc}/contenuto`)).status, 200, who);
  }
  assert.equal((await upload(u.officer, path, 'disciplinare.pdf', PDF, { tipo: 'disciplinare' })).status, 201);
  sql(`UPDATE sua_gara SET stato = 'annullata' WHERE id = ${gara}`);
  assertEnvelope(assert, await upload(u.officer, path, 'capitolato.pdf', PDF, { tipo: 'capitolato' }), 409);
  assert.equal(count('sua_documento', `oggetto = 'gara' AND oggetto_id = ${gara}`), 2);
});
