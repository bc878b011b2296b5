// sua-richieste-firma.test.mjs - digitally signed attachments of a Comune's
// request to the SUA (issue 18, item 4): the Province's SUA officer asks
// for signed files ("firma digitale richiesta"); the attachments already
// there and those uploaded later are verified by the job firma_documento
// against the trusted list the administrator loaded (`firma tsl`), and the
// officer sees signer, validity and motivo beside each file.  Fixtures made
// by the test with openssl (tests/lib/firma.mjs): a valid CAdES, a signed
// PDF, a tampered envelope, a signer outside the list, an unsigned text.
// The signer's name and codice fiscale are checked against openssl's own
// reading of the certificate.  Objects x entes: the Comune that sent it,
// another Comune, another Province's officer, an operator, anonymous -
// refused, nothing leaked; a bad body changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { makeFixtures } from '../lib/firma.mjs';

const BOUNDARY = '----areavasta-firma-richieste-7Hq2';
let srv;
let f;
let root;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();

function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

function richiesta(over = {}) {
  return {
    oggetto: 'Manutenzione del municipio (firme)', tipo: 'servizi', cpv: '79713000-5',
    importo_cents: 4500000, sicurezza_cents: 0, investimento: false, fonte: 'proprie',
    rup_nome: 'Anna Bianchi', data_aggiudicazione: day(100), ...over,
  };
}

async function upload(client, path, name, content) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const res = await fetch(srv.url + path, {
    method: 'POST',
    headers: {
      cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function waitFor(cond, what) {
  for (let i = 0; i < 300; i++) {
    const v = await cond();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`timeout: ${what}`);
}

// The subject's CN and serialNumber as openssl reads the certificate.
function subjectOf(pem) {
  const out = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-subject', '-nameopt', 'RFC2253'], { encoding: 'utf8' });
  const cn = /CN=([^,\n]+)/.exec(out)[1];
  const sn = /serialNumber=([^,\n]+)/.exec(out)[1];
  return { cn, cf: sn.replace(/^TINIT-/, '') };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-ric-firma-'));
  f = makeFixtures(root);
  srv = await startServer({ web: false });
  const r = cli(['firma', 'tsl', f.tsl, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['comune', 'comune', 'comune:024116'], ['altro', 'comune', 'comune:024001'],
    ['officer', 'sua_officer', 'provincia:024'], ['pd', 'sua_officer', 'provincia:028'],
    ['operatore', 'operator', 'operatore:01234567897'], ['dati', 'data_officer', 'provincia:024'],
    ['admin', 'admin', 'provincia:024'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `rf-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `rf-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  rmSync(root, { recursive: true, force: true });
});

test('signed attachments: asked by the officer, verified by the job, shown to the officer beside each file', async () => {
  const c = await u.comune.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta());
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id;
  assert.equal(c.body.firma_richiesta, false);
  const docs = `/api/v1/sua/richieste/${id}/documenti`;
  // Before the officer asks: an attachment is stored, not verified.
  const first = await upload(u.comune, docs, 'delibera.txt.p7m', readFileSync(f.p7m));
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(sql("SELECT COUNT(*) FROM job WHERE kind = 'firma_documento'"), '0');
  let v = await u.officer.call('GET', `/api/v1/sua/richieste/${id}/firme`);
  assert.equal(v.status, 200, JSON.stringify(v.body));
  assert.equal(v.body.firma_richiesta, false);
  assert.deepEqual(v.body.documenti.map((d) => [d.id, d.firma]), [[first.body.id, null]]);

  // The officer asks: the attachment already there is verified.
  const p = await u.officer.call('PUT', `/api/v1/sua/richieste/${id}/firma`, { firma_richiesta: true });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.firma_richiesta, true);
  assert.equal(sql(`SELECT COUNT(*) FROM firma_obbligo WHERE oggetto = 'sua_richiesta' AND oggetto_id = ${id} AND ente = 'provincia:024'`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'firma.obbligo' AND object_id = '${id}' AND ente = 'provincia:024'`), '1');
  // The Comune now sees that signed files are asked, not the verification.
  const g = await u.comune.call('GET', `/api/v1/sua/richieste/${id}`);
  assert.equal(g.body.firma_richiesta, true);
  assert.ok(!JSON.stringify(g.body).includes('Rossi'), 'no verification in the Comune\'s view');

  // Later uploads: verified each after its upload.
  const files = [
    ['offerta.pdf', f.pdf], ['alterato.p7m', f.tampered], ['estraneo.p7m', f.foreign], ['nota.txt', f.doc],
  ];
  const ids = [first.body.id];
  for (const [name, path] of files) {
    const r = await upload(u.comune, docs, name, readFileSync(path));
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
    ids.push(r.body.id);
  }
  v = await waitFor(async () => {
    const r = await u.officer.call('GET', `/api/v1/sua/richieste/${id}/firme`);
    return r.body.documenti.every((d) => d.firma) ? r : null;
  }, 'every attachment verified');
  const by = Object.fromEntries(v.body.documenti.map((d) => [d.nome, d.firma]));
  const rossi = subjectOf(f.signers.rossi.pem);
  const neri = subjectOf(f.signers.estraneo.pem);
  assert.equal(by['delibera.txt.p7m'].valida, true);
  assert.equal(by['delibera.txt.p7m'].formato, 'CAdES');
  assert.equal(by['delibera.txt.p7m'].nome, rossi.cn);
  assert.equal(by['delibera.txt.p7m'].codice_fiscale, rossi.cf);
  assert.equal(by['offerta.pdf'].valida, true);
  assert.equal(by['offerta.pdf'].formato, 'PAdES');
  assert.equal(by['alterato.p7m'].valida, false);
  assert.match(by['alterato.p7m'].motivo, /contenuto alterato/);
  assert.equal(by['estraneo.p7m'].valida, false);
  assert.equal(by['estraneo.p7m'].nome, neri.cn);
  assert.match(by['estraneo.p7m'].motivo, /emittente non attendibile/);
  assert.equal(by['nota.txt'].firmato, false);
  assert.equal(by['nota.txt'].valida, false);
  // Each verification stored once and audited for the Province.
  assert.equal(sql(`SELECT COUNT(*) FROM firma_verifica WHERE oggetto = 'sua_documento' AND oggetto_id IN (${ids.join(',')})`), String(ids.length));
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'firma.verifica' AND object_type = 'sua_documento' AND ente = 'provincia:024'`), String(ids.length));
  // The jobs belong to nobody: the Comune that uploaded cannot read a verdict through them.
  assert.equal(sql("SELECT COUNT(*) FROM job WHERE kind = 'firma_documento' AND owner_id IS NOT NULL"), '0');
  const jobId = sql("SELECT MIN(id) FROM job WHERE kind = 'firma_documento'");
  assert.equal((await u.comune.call('GET', `/api/v1/jobs/${jobId}`)).status, 404);

  // The whole result of one file.
  const full = await u.officer.call('GET', `/api/v1/sua/richieste/${id}/documenti/${ids[0]}/firma`);
  assert.equal(full.status, 200, JSON.stringify(full.body));
  assert.equal(full.body.firmatari[0].codice_fiscale, rossi.cf);
  assert.equal(full.body.firmatari[0].certificato.qualificato, true);
  const sha = execFileSync('openssl', ['dgst', '-sha256', '-r', f.doc], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(full.body.contenuto.sha256, sha, 'the extracted content is the signed file');

  // The warning never blocks: the officer still takes the request in hand... the
  // download of an invalid file works as for any file.
  const dl = await fetch(`${srv.url}/api/v1/documenti/${ids[2]}/contenuto`, { headers: { cookie: `av_session=${u.officer.cookie}` } });
  assert.equal(dl.status, 200);

  // Stop asking: later uploads are not verified; stored results stay.
  const off = await u.officer.call('PUT', `/api/v1/sua/richieste/${id}/firma`, { firma_richiesta: false });
  assert.equal(off.status, 200);
  assert.equal(off.body.firma_richiesta, false);
  const late = await upload(u.comune, docs, 'tardi.txt.p7m', readFileSync(f.p7m));
  assert.equal(late.status, 201);
  assert.equal(sql(`SELECT COUNT(*) FROM firma_verifica WHERE oggetto = 'sua_documento' AND oggetto_id = ${late.body.id}`), '0');
  assert.equal(sql("SELECT COUNT(*) FROM job WHERE kind = 'firma_documento'"), String(ids.length));
});

test('objects x entes: only the Province\'s SUA officer sees or changes the verification', async () => {
  const c = await u.comune.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta({ oggetto: 'Altra richiesta (firme)' }));
  const id = c.body.id;
  let r = await u.officer.call('PUT', `/api/v1/sua/richieste/${id}/firma`, { firma_richiesta: true });
  assert.equal(r.status, 200);
  const up = await upload(u.comune, `/api/v1/sua/richieste/${id}/documenti`, 'delibera.p7m', readFileSync(f.p7m));
  assert.equal(up.status, 201);
  await waitFor(() => sql(`SELECT COUNT(*) FROM firma_verifica WHERE oggetto = 'sua_documento' AND oggetto_id = ${up.body.id}`) === '1', 'verified');
  const before = sql('SELECT COUNT(*) FROM audit_log');
  const paths = [
    ['GET', `/api/v1/sua/richieste/${id}/firme`],
    ['GET', `/api/v1/sua/richieste/${id}/documenti/${up.body.id}/firma`],
    ['PUT', `/api/v1/sua/richieste/${id}/firma`, { firma_richiesta: false }],
  ];
  for (const who of ['comune', 'altro', 'pd', 'operatore', 'dati', 'admin']) {
    for (const [m, path, body] of paths) {
      const res = await u[who].call(m, path, body);
      assert.ok([403, 404].includes(res.status), `${who} ${m} ${path}: ${res.status}`);
      assert.ok(!JSON.stringify(res.body).includes('Rossi'), `${who}: nothing leaked`);
    }
  }
  for (const [m, path, body] of paths) {
    const res = await fetch(srv.url + path, { method: m, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    assert.equal(res.status, 401, `anonymous ${m} ${path}`);
  }
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), before, 'refused calls change nothing');
  assert.equal(sql(`SELECT COUNT(*) FROM firma_obbligo WHERE oggetto_id = ${id}`), '1');
  // A document of another request, through this request: 404.
  const other = await u.comune.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta({ oggetto: 'Terza (firme)' }));
  r = await u.officer.call('GET', `/api/v1/sua/richieste/${other.body.id}/documenti/${up.body.id}/firma`);
  assertEnvelope(assert, r, 404, 'not_found');
  r = await u.officer.call('GET', `/api/v1/sua/richieste/999999/firme`);
  assert.equal(r.status, 404);
});

test('bad bodies are refused with the field, nothing changed', async () => {
  const c = await u.comune.call('POST', '/api/v1/sua/comuni/024116/richieste', richiesta({ oggetto: 'Corpo errato (firme)' }));
  const id = c.body.id;
  const before = sql('SELECT COUNT(*) FROM audit_log');
  for (const body of [{ firma_richiesta: 'si' }, {}, { firma_richiesta: 1 }]) {
    const r = await u.officer.call('PUT', `/api/v1/sua/richieste/${id}/firma`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.field, 'firma_richiesta');
  }
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), before);
  assert.equal(sql(`SELECT COUNT(*) FROM firma_obbligo WHERE oggetto_id = ${id}`), '0');
});
