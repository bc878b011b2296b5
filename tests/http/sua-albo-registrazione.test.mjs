// sua-albo-registrazione.test.mjs - an economic operator registers itself
// to the albo fornitori (issue 13 item 1, docs/sua-albo.md
// "Self-registration" and "Documents"), end to end on a real server with a
// real SMTP listener: register -> the code arrives by e-mail (read from the
// sink, never from the database) -> confirm -> log in as an applicant
// (own entry and documents only: no invitations, no bids) -> upload typed
// documents -> the officer of Vicenza lists and downloads them (expired
// flagged) -> approves -> the same account is now an operator (its
// invitations answer).  Refused, with nothing leaked: another operator,
// Padova's officer, a Comune, anonymous.  Bad input on every field, the
// same e-mail (the neutral answer), the same partita IVA (409), the
// per-address throttle of registrations and confirmations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, SHARED, rawRequest } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { piva, CF_LEGALE } from '../lib/albo.mjs';
import { smtpSink, parseMail, waitFor } from '../lib/smtp-sink.mjs';

const PIVA = piva('0533333333');
const PIVA2 = piva('0544444444'); // an operator account made by an admin
const PIVA3 = piva('0566666666');
const EMAIL = 'Titolare@Berica-Scavi.example';
const PASSWORD = 'una-password-lunga-2026';
const YEAR = new Date().getUTCFullYear();

let srv, sink, sua, suaPd, comune, other;
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));

// The whole state a refused request must leave untouched.
const snapshot = () => ['app_user', 'role_grant', 'sua_albo', 'sua_albo_cpv', 'sua_albo_soa',
  'sua_albo_registrazione', 'sua_albo_documento', 'document', 'job']
  .map((t) => `${t}=${count(t)}`).join(' ');

function registrazione(over = {}, account = {}) {
  return {
    provincia: '024',
    partita_iva: PIVA,
    ragione_sociale: 'Berica Scavi S.r.l.',
    codice_fiscale: PIVA,
    pec: 'bericascavi@pec.it',
    comune: '024116',
    indirizzo: 'Via Btg. Framarin 12',
    legale_rappresentante: { nome: 'Mario Rossi', codice_fiscale: CF_LEGALE },
    cpv: ['45233141-9'],
    soa: [{ categoria: 'OG3', classe: 'II', scadenza: `31/12/${YEAR + 1}` }],
    account: { nome: 'Mario Rossi', email: EMAIL, password: PASSWORD, ...account },
    ...over,
  };
}

const post = (path, body) => fetch(`${srv.url}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
}).then(async (r) => ({ status: r.status, body: await r.json() }));

function upload(client, id, fields, bytes, name = 'visura.pdf', type = 'application/pdf') {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([bytes], { type }), name);
  const headers = client ? { cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf } : {};
  return fetch(`${srv.url}/api/v1/sua/albo/${id}/documenti`, { method: 'POST', headers, body: fd })
    .then(async (r) => ({ status: r.status, body: await r.json() }))
    // A refusal before the body (401/403) may close the connection while
    // fetch still writes: send the same request raw and read the answer.
    .catch(() => uploadRaw(client, id, fields, bytes, name, type));
}

async function uploadRaw(client, id, fields, bytes, name, type) {
  const b = 'albo3boundary';
  const parts = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const body = Buffer.concat([Buffer.from(parts.join('') + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.from(bytes), Buffer.from(`\r\n--${b}--\r\n`)]);
  const head = [`POST /api/v1/sua/albo/${id}/documenti HTTP/1.1`, `Host: 127.0.0.1`, 'Connection: close',
    `Content-Type: multipart/form-data; boundary=${b}`, `Content-Length: ${body.length}`];
  if (client) head.push(`Cookie: av_session=${client.cookie}`, `X-CSRF-Token: ${client.csrf}`);
  const answer = await rawRequest(srv.url, Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), body]));
  const status = Number(answer.slice(9, 12));
  const json = answer.slice(answer.indexOf('\r\n\r\n') + 4);
  let parsed = null;
  try { parsed = JSON.parse(json.slice(json.indexOf('{'), json.lastIndexOf('}') + 1)); } catch { parsed = json; }
  return { status, body: parsed };
}

// A small but real PDF (the upload layer sniffs the type).
const pdf = (marker) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sink = await smtpSink();
  const s = cli(['notifiche', 'smtp', '--db', srv.db, '--url', `smtp://127.0.0.1:${sink.port}`,
    '--mittente', 'albo@provincia.vicenza.it']);
  assert.equal(s.status, 0, s.stderr);
  addUser(srv.db, 'sua.reg.vi@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'sua.reg.pd@example.org', 'sua_officer', 'provincia:028');
  addUser(srv.db, 'comune.reg@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'altro.reg@example.org', 'operator', `operatore:${PIVA2}`);
  sua = await login(srv.url, 'sua.reg.vi@example.org');
  suaPd = await login(srv.url, 'sua.reg.pd@example.org');
  comune = await login(srv.url, 'comune.reg@example.org');
  other = await login(srv.url, 'altro.reg@example.org');
});
after(async () => {
  if (sink) await sink.close();
  await srv.stop();
});

// The code of the last confirmation e-mail to `to`, from the SMTP sink.
async function codeFor(to, after = 0) {
  const m = await waitFor(() => sink.messages.slice(after).find((x) => x.to.includes(to)), 30000);
  assert.ok(m, `no e-mail to ${to}`);
  const mail = parseMail(m.data);
  assert.match(mail.h.subject, /Conferma la registrazione/);
  const code = mail.body.match(/^([A-Za-z0-9_-]{43})\r?$/m);
  assert.ok(code, mail.body);
  return code[1];
}

let entryId, userId, applicant, code;

test('bad input on every field: 400 naming it, nothing stored, nothing counted', async () => {
  const before = snapshot();
  const cases = [
    [{ provincia: '24' }, {}, 'provincia'],
    [{ provincia: '999' }, {}, 'provincia'],
    [{ partita_iva: PIVA.slice(0, 10) + String((Number(PIVA[10]) + 1) % 10) }, {}, 'partita_iva'],
    [{ partita_iva: 'ABCDEFGHIJK' }, {}, 'partita_iva'],
    [{ ragione_sociale: '' }, {}, 'ragione_sociale'],
    [{ ragione_sociale: 'x'.repeat(301) }, {}, 'ragione_sociale'],
    [{ codice_fiscale: '12345678901' }, {}, 'codice_fiscale'],
    [{ pec: 'non-una-pec' }, {}, 'pec'],
    [{ pec: 'a@b' }, {}, 'pec'],
    [{ comune: '999999' }, {}, 'comune'],
    [{ comune: '12' }, {}, 'comune'],
    [{ indirizzo: '' }, {}, 'indirizzo'],
    [{ legale_rappresentante: { nome: 'Mario Rossi', codice_fiscale: 'RSSMRA85T10A562X' } }, {}, 'legale_rappresentante.codice_fiscale'],
    [{ legale_rappresentante: { nome: '', codice_fiscale: CF_LEGALE } }, {}, 'legale_rappresentante.nome'],
    [{ cpv: ['45233141-0'] }, {}, 'cpv[0]'],
    [{ cpv: Array.from({ length: 51 }, () => '45233141-9') }, {}, 'cpv'],
    [{ cpv: [], soa: [] }, {}, 'cpv'],
    [{ soa: [{ categoria: 'OG99', classe: 'II', scadenza: `31/12/${YEAR + 1}` }] }, {}, 'soa[0].categoria'],
    [{ soa: [{ categoria: 'OG3', classe: 'IX', scadenza: `31/12/${YEAR + 1}` }] }, {}, 'soa[0].classe'],
    [{ soa: [{ categoria: 'OG3', classe: 'II', scadenza: `31/12/${YEAR - 1}` }] }, {}, 'soa[0].scadenza'],
    [{ soa: [{ categoria: 'OG3', classe: 'II', scadenza: '31/02/2030' }] }, {}, 'soa[0].scadenza'],
    [{}, { email: 'non-una-email' }, 'account.email'],
    [{}, { email: `${'a'.repeat(250)}@x.it` }, 'account.email'],
    [{}, { nome: '' }, 'account.nome'],
    [{}, { password: 'corta' }, 'account.password'],
    [{}, { password: 'x'.repeat(257) }, 'account.password'],
    [{}, { password: EMAIL }, 'account.password'],
    [{ account: undefined }, {}, 'account'],
    [{ inatteso: 1 }, {}, 'inatteso'],
  ];
  for (const [over, account, field] of cases) {
    const body = registrazione(over, account);
    if ('account' in over && over.account === undefined) delete body.account;
    const r = await post('/api/v1/sua/albo/registrazioni', body);
    assert.equal(r.status, 400, `${field}: ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    assert.ok(r.body.error.message.length > 0);
  }
  assert.equal(snapshot(), before);
  assert.equal(count('sua_albo_limite'), 0); // refused input is not counted
  assert.equal(sink.messages.length, 0);
});

test('register: an inactive account, an applicant grant, the entry in review, the code by e-mail (only its hash stored)', async () => {
  const audits = count("audit_log WHERE action IN ('sua.albo.registrazione', 'sua.albo.create', 'user.create')");
  const r = await post('/api/v1/sua/albo/registrazioni', registrazione());
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.esito, 'ricevuta');
  assert.ok(!('id' in r.body));
  userId = Number(sql(`SELECT id FROM app_user WHERE email = '${EMAIL.toLowerCase()}'`));
  assert.equal(sql(`SELECT active FROM app_user WHERE id = ${userId}`), '0');
  assert.equal(sql(`SELECT role || ' ' || ente || ' ' || granted_by FROM role_grant WHERE user_id = ${userId}`), `applicant operatore:${PIVA} provincia:024`);
  entryId = Number(sql(`SELECT id FROM sua_albo WHERE partita_iva = '${PIVA}'`));
  assert.equal(sql(`SELECT stato FROM sua_albo WHERE id = ${entryId}`), 'in_revisione');
  assert.equal(count("audit_log WHERE action IN ('sua.albo.registrazione', 'sua.albo.create', 'user.create')"), audits + 3);
  code = await codeFor(EMAIL.toLowerCase());
  // Only the SHA-256 of the code is in the database, nowhere the code.
  const sent = await waitFor(() => sql(`SELECT email_stato FROM sua_albo_registrazione WHERE albo_id = ${entryId}`) === 'inviata');
  assert.ok(sent);
  assert.equal(sql(`SELECT token_hash FROM sua_albo_registrazione WHERE albo_id = ${entryId}`),
    createHash('sha256').update(code).digest('hex'));
  const exp = Number(sql(`SELECT scadenza - created FROM sua_albo_registrazione WHERE albo_id = ${entryId}`));
  assert.ok(exp >= 48 * 3600 && exp <= 48 * 3600 + 60, String(exp));
  for (const t of ['audit_log', 'job', 'sua_albo_registrazione', 'notifica', 'notifica_email']) {
    const rows = sql(`SELECT * FROM ${t}`);
    assert.ok(!rows.includes(code), `the code is in ${t}`);
  }
  assert.equal(count(`audit_log WHERE action = 'sua.albo.registrazione_email'`), 1);
  // Not active yet: no login.
  await assert.rejects(login(srv.url, EMAIL, PASSWORD), /401|403/);
});

test('the same partita IVA in the same albo: 409 without saying who; the same e-mail: the neutral answer, nothing made', async () => {
  let before = snapshot();
  let r = await post('/api/v1/sua/albo/registrazioni', registrazione({}, { email: 'altra.persona@example.org' }));
  assert.equal(r.status, 409);
  assert.equal(r.body.error.field, 'partita_iva');
  assert.ok(!r.body.error.message.includes('Rossi') && !r.body.error.message.toLowerCase().includes('berica'));
  assert.equal(snapshot(), before);
  // The same company in another Province's albo, or a company that already
  // has an account: refused too (the role is the company's: a stranger
  // would get its entries and documents), nothing made.
  for (const [over, email] of [[{ provincia: '028' }, 'intruso@example.org'],
    [{ partita_iva: PIVA2, codice_fiscale: PIVA2 }, 'intruso2@example.org']]) {
    r = await post('/api/v1/sua/albo/registrazioni', registrazione(over, { email }));
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.equal(r.body.error.field, 'partita_iva');
    assert.ok(!/Rossi|berica|altro\.reg/i.test(r.body.error.message));
  }
  assert.equal(snapshot(), before);
  // The e-mail of an existing account, for another company: the answer of
  // a success, byte for byte, and no account, entry or e-mail made.
  before = snapshot();
  const mails = sink.messages.length;
  const ok = await post('/api/v1/sua/albo/registrazioni', registrazione({ partita_iva: PIVA3, codice_fiscale: PIVA3 }, { email: 'sua.reg.pd@example.org' }));
  assert.equal(ok.status, 202);
  const fresh = await post('/api/v1/sua/albo/registrazioni', registrazione({ partita_iva: piva('0555555555'), codice_fiscale: piva('0555555555'), provincia: '028' }, { email: 'nuovo.titolare@example.org' }));
  assert.equal(fresh.status, 202);
  assert.deepEqual(ok.body, fresh.body);
  assert.equal(count(`sua_albo WHERE partita_iva = '${PIVA3}'`), 0);
  assert.equal(count("app_user WHERE email = 'nuovo.titolare@example.org'"), 1);
  assert.equal(count("audit_log WHERE action = 'sua.albo.registrazione_email_esistente'"), 1);
  await codeFor('nuovo.titolare@example.org', mails);
  assert.ok(!sink.messages.slice(mails).some((m) => m.to.includes('sua.reg.pd@example.org')));
});

test('confirm: a wrong, a used or an expired code is refused alike; the right one activates the account', async () => {
  const before = snapshot();
  for (const t of ['x', 'A'.repeat(43), code.slice(0, 42) + (code[42] === 'A' ? 'B' : 'A')]) {
    const r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: t });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, 'token');
  }
  assert.equal(snapshot(), before);
  // Expired: the same code moved 49 hours back is refused.
  const exp = sql(`SELECT scadenza FROM sua_albo_registrazione WHERE albo_id = ${entryId}`);
  sql(`UPDATE sua_albo_registrazione SET scadenza = ${Math.floor(Date.now() / 1000) - 3600} WHERE albo_id = ${entryId}`);
  let r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: code });
  assert.equal(r.status, 400);
  assert.equal(sql(`SELECT active FROM app_user WHERE id = ${userId}`), '0');
  sql(`UPDATE sua_albo_registrazione SET scadenza = ${exp} WHERE albo_id = ${entryId}`);
  // The officer cannot approve before the e-mail is confirmed.
  r = await sua.call('POST', `/api/v1/sua/albo/${entryId}/approva`);
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(sql(`SELECT stato FROM sua_albo WHERE id = ${entryId}`), 'in_revisione');
  r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: code });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(sql(`SELECT active FROM app_user WHERE id = ${userId}`), '1');
  assert.equal(count("audit_log WHERE action = 'sua.albo.registrazione_conferma'"), 1);
  r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: code });
  assert.equal(r.status, 400); // used
  applicant = await login(srv.url, EMAIL, PASSWORD);
  assert.deepEqual(applicant.user.roles, [{ role: 'applicant', ente: `operatore:${PIVA}` }]);
});

test('the applicant sees and edits only its own entry, uploads typed documents; no invitations, no other Province', async () => {
  let r = await applicant.call('GET', `/api/v1/sua/operatori/${PIVA}/albo`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((e) => [e.id, e.stato]), [[entryId, 'in_revisione']]);
  r = await applicant.call('GET', `/api/v1/sua/albo/${entryId}`);
  assert.equal(r.status, 200);
  const edit = registrazione();
  delete edit.provincia; delete edit.partita_iva; delete edit.account;
  r = await applicant.call('PUT', `/api/v1/sua/albo/${entryId}`, { ...edit, indirizzo: 'Via Btg. Framarin 14' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.indirizzo, 'Via Btg. Framarin 14');
  // Operator-only: invitations, applying to another Province, bids.
  r = await applicant.call('GET', `/api/v1/sua/operatori/${PIVA}/inviti`);
  assert.equal(r.status, 403);
  r = await applicant.call('POST', `/api/v1/sua/operatori/${PIVA}/albo`, { ...edit, provincia: '028' });
  assert.equal(r.status, 403);
  // Another company's entry: 403.
  const otherEntry = Number(sql("SELECT id FROM sua_albo WHERE partita_iva <> '" + PIVA + "' ORDER BY id LIMIT 1"));
  r = await applicant.call('GET', `/api/v1/sua/albo/${otherEntry}`);
  assert.equal(r.status, 403);

  // Documents: typed, with an expiry in either form; one already expired.
  r = await upload(applicant, entryId, { tipo: 'visura_camerale' }, pdf('VISURA-MARKER'));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.scadenza, null);
  r = await upload(applicant, entryId, { tipo: 'durc', scadenza: `15/03/${YEAR + 1}` }, pdf('DURC'), 'durc.pdf');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.scadenza, `${YEAR + 1}-03-15`);
  r = await upload(applicant, entryId, { tipo: 'polizza', scadenza: `${YEAR - 1}-01-31` }, pdf('POLIZZA'), 'polizza.pdf');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const docs = sql(`SELECT document_id FROM sua_albo_documento WHERE albo_id = ${entryId} ORDER BY id`).split('\n').map(Number);
  assert.equal(docs.length, 3);
  assert.equal(count("audit_log WHERE action = 'sua.albo.documento'"), 3);
});

test('documents: bad type, bad expiry, wrong file type, strangers refused; nothing stored', async () => {
  const before = snapshot();
  let r = await upload(applicant, entryId, { tipo: 'passaporto' }, pdf('x'));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'tipo');
  r = await upload(applicant, entryId, { tipo: 'durc', scadenza: '31/02/2030' }, pdf('x'));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'scadenza');
  r = await upload(applicant, entryId, { tipo: 'durc' }, Buffer.from('#!/bin/sh\necho ciao\n'), 'x.sh', 'text/x-sh');
  assert.equal(r.status, 415);
  for (const who of [other, sua, suaPd, comune]) {
    r = await upload(who, entryId, { tipo: 'altro' }, pdf('x'));
    assert.equal(r.status, 403, JSON.stringify(r.body));
  }
  r = await upload(null, entryId, { tipo: 'altro' }, pdf('x'));
  assert.equal(r.status, 401);
  assert.equal(snapshot(), before);
});

test('the officer of Vicenza lists and downloads them, expired flagged; nobody else', async () => {
  let r = await sua.call('GET', `/api/v1/sua/albo/${entryId}/documenti`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((d) => [d.tipo, d.scadenza, d.scaduto]), [
    ['visura_camerale', null, false], ['durc', `${YEAR + 1}-03-15`, false], ['polizza', `${YEAR - 1}-01-31`, true]]);
  const visura = r.body.items[0];
  const bytes = pdf('VISURA-MARKER');
  assert.equal(visura.sha256, createHash('sha256').update(bytes).digest('hex'));
  r = await sua.call('GET', visura.url);
  assert.equal(r.status, 200);
  assert.ok(String(r.body).includes('VISURA-MARKER'));
  r = await applicant.call('GET', visura.url);
  assert.equal(r.status, 200);
  for (const who of [other, suaPd, comune]) {
    r = await who.call('GET', `/api/v1/sua/albo/${entryId}/documenti`);
    assert.equal(r.status, 403);
    assert.ok(!JSON.stringify(r.body).includes('visura'));
    r = await who.call('GET', visura.url);
    assert.equal(r.status, 404);
    assert.ok(!String(JSON.stringify(r.body)).includes('VISURA-MARKER'));
    r = await who.call('GET', `/api/v1/documenti/${visura.id}`);
    assert.equal(r.status, 404);
  }
  r = await fetch(`${srv.url}/api/v1/sua/albo/${entryId}/documenti`);
  assert.equal(r.status, 401);
  r = await fetch(`${srv.url}${visura.url}`);
  assert.ok([401, 404].includes(r.status), String(r.status));
});

test('approval makes the applicant an operator of its company (same account, granted by the Province)', async () => {
  let r = await suaPd.call('POST', `/api/v1/sua/albo/${entryId}/approva`);
  assert.equal(r.status, 403);
  r = await sua.call('POST', `/api/v1/sua/albo/${entryId}/approva`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'approvato');
  assert.equal(sql(`SELECT role || ' ' || ente || ' ' || granted_by FROM role_grant WHERE user_id = ${userId}`), `operator operatore:${PIVA} provincia:024`);
  assert.equal(count(`audit_log WHERE action = 'user.grant' AND object_id = '${userId}'`), 1);
  assert.equal(count(`audit_log WHERE action = 'user.revoke' AND object_id = '${userId}'`), 1);
  const me = await login(srv.url, EMAIL, PASSWORD);
  assert.deepEqual(me.user.roles, [{ role: 'operator', ente: `operatore:${PIVA}` }]);
  r = await me.call('GET', `/api/v1/sua/operatori/${PIVA}/inviti`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items, []);
  r = await me.call('GET', `/api/v1/sua/albo/${entryId}/documenti`);
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 3);
});

test('throttle: registrations and confirmations per client address', async () => {
  // Registrations counted so far from this address: 6 (two successes, three
  // conflicts, the neutral answer); up to the limit each is answered, then
  // 429 with nothing made.
  let n = Number(sql("SELECT conteggio FROM sua_albo_limite WHERE chiave LIKE 'reg:%'"));
  assert.equal(n, 6);
  let i = 0;
  for (; n < 10; n++, i++) {
    const p = piva(`06${String(i).padStart(8, '0')}`);
    const r = await post('/api/v1/sua/albo/registrazioni', registrazione({ partita_iva: p, codice_fiscale: p }, { email: `massa${i}@example.org` }));
    assert.equal(r.status, 202, JSON.stringify(r.body));
  }
  const before = snapshot();
  const p = piva('0699999999');
  let r = await post('/api/v1/sua/albo/registrazioni', registrazione({ partita_iva: p, codice_fiscale: p }, { email: 'troppi@example.org' }));
  assert.equal(r.status, 429, JSON.stringify(r.body));
  assert.equal(snapshot(), before);
  for (let k = Number(sql("SELECT conteggio FROM sua_albo_limite WHERE chiave LIKE 'conf:%'")); k < 30; k++) {
    r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: 'B'.repeat(43) });
    assert.equal(r.status, 400);
  }
  r = await post('/api/v1/sua/albo/registrazioni/conferma', { token: 'B'.repeat(43) });
  assert.equal(r.status, 429);
});
