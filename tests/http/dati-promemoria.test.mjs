// dati-promemoria.test.mjs - a campaign's reminders on a schedule (issue 15
// item 2), on both backends.
//
// Each promemoria day still to come becomes one delayed job
// (job.run_after = the deadline's end in Europe/Rome minus the days, read
// from the campaign's own row); a day already past is not scheduled.  The
// test moves one job's time to now + 2 s: within the workers' poll it
// reminds the Comuni without a valid answer — in-app, and by e-mail
// through a real SMTP listener — not the one whose answer is valid,
// audited once.  The same job run again (a duplicate row, as a restart
// that re-ran it would be) reminds nobody; a closed campaign's job does
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql as sqlOn, cli } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { smtpSink, parseMail, waitFor } from '../lib/smtp-sink.mjs';

const BOUNDARY = '----areavasta-promemoria-boundary-R2';
let srv;
let sink;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

const SCHEMA = { fields: [{ name: 'codice', type: 'string', constraints: { required: true } }] };
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function campaign(scadenza, promemoria, comuni = ['024116', '024001', '024100']) {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Promemoria programmati', scopo: 'Prova dei promemoria come elaborazioni differite.',
    schema: JSON.stringify(SCHEMA), comuni, scadenza, promemoria,
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}
const jobsOf = (id) => sql(`SELECT id || ':' || run_after || ':' || state FROM job WHERE kind = 'dati_promemoria'`
  + ` AND input LIKE '%"campagna_id":${id},%' ORDER BY run_after`).split('\n').filter(Boolean)
  .map((l) => { const [jid, at, state] = l.split(':'); return { id: Number(jid), at: Number(at), state }; });

async function answer(client, codice, id, body) {
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf };
  const payload = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n`
    + `Content-Type: text/csv\r\n\r\n${body}\r\n--${BOUNDARY}--\r\n`);
  const res = await fetch(`${srv.url}/api/v1/dati/comuni/${codice}/campagne/${id}/risposte`,
    { method: 'POST', headers, body: payload });
  return res.json();
}

before(async () => {
  srv = await startServer({ web: false });
  sink = await smtpSink();
  const s = cli(['notifiche', 'smtp', '--db', srv.db, '--url', `smtp://127.0.0.1:${sink.port}`,
    '--mittente', 'dati@provincia.vicenza.it']);
  assert.equal(s.status, 0, s.stderr);
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
    ['schio', 'comune', 'comune:024100'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `prom-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `prom-${k}@example.org`);
});
after(async () => {
  if (sink) await sink.close();
  await srv.stop();
});

test('the promemoria days become delayed jobs at the deadline minus the days; a past day is not scheduled', async () => {
  const id = await campaign(day(20), [7, 1, 1, 30]);
  const at = Number(sql(`SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`));
  const jobs = jobsOf(id);
  // 30 days before a deadline 20 days away is past; [1, 1] is one job
  assert.deepEqual(jobs.map((j) => j.at), [at - 7 * 86400, at - 86400]);
  assert.ok(jobs.every((j) => j.state === 'queued'));
  // the deadline's end is 24:00 in Rome: 23:00 or 22:00 UTC
  assert.ok([22, 23].includes(new Date(at * 1000).getUTCHours()), String(at));
  // owned by the Province, invisible to a Comune
  assert.equal((await u.vicenza.call('GET', `/api/v1/jobs/${jobs[0].id}`)).status, 404);
  // no promemoria: no job
  const none = await campaign(day(20), []);
  assert.equal(jobsOf(none).length, 0);
});

test('at its time the job reminds the Comuni without a valid answer, in-app and by e-mail, once', async () => {
  const id = await campaign(day(10), [2]);
  const ok = await answer(u.vicenza, '024116', id, 'codice\nA1\n');
  assert.equal(ok.stato, 'valida');
  const bad = await answer(u.arcugnano, '024001', id, 'nome\nA1\n');
  assert.equal(bad.stato, 'con_errori');
  const [job] = jobsOf(id);
  const notes = (k) => count('notifica', `user_id = ${u[k].user.id}`);
  const before = { vicenza: notes('vicenza'), arcugnano: notes('arcugnano'), schio: notes('schio') };
  const mails = sink.messages.length;
  const audits = count('audit_log', `action = 'dati.campagna.promemoria' AND object_id = '${id}'`);
  // the reminder's time (the job's and its input's) moved to now + 2 s
  const soon = Math.floor(Date.now() / 1000) + 2;
  const moved = { ...JSON.parse(sql(`SELECT input FROM job WHERE id = ${job.id}`)), at: soon };
  sql(`UPDATE job SET run_after = ${soon}, input = '${JSON.stringify(moved)}' WHERE id = ${job.id}`);
  sql(`UPDATE dati_campagna SET scadenza_at = ${soon + 2 * 86400} WHERE id = ${id}`);
  const t0 = Date.now();
  await waitFor(() => sql(`SELECT state FROM job WHERE id = ${job.id}`) === 'done', 30000);
  assert.ok(Date.now() - t0 >= 1000, 'not before its time');
  const result = JSON.parse(sql(`SELECT result FROM job WHERE id = ${job.id}`));
  assert.deepEqual(result, { comuni: 2 });
  assert.equal(notes('vicenza'), before.vicenza);
  assert.equal(notes('arcugnano'), before.arcugnano + 1);
  assert.equal(notes('schio'), before.schio + 1);
  // the deadline's day as Rome's calendar has it (scadenza_at is the first
  // instant of the day after)
  const giorno = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' })
    .format(new Date((soon + 2 * 86400 - 1) * 1000));
  assert.ok(sql(`SELECT testo FROM notifica WHERE user_id = ${u.schio.user.id} ORDER BY id DESC LIMIT 1`)
    .includes(`raccolta dati n. ${id} (scadenza ${giorno})`), giorno);
  assert.equal(count('audit_log', `action = 'dati.campagna.promemoria' AND object_id = '${id}'`), audits + 1);
  const detail = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'dati.campagna.promemoria' AND object_id = '${id}' ORDER BY seq DESC LIMIT 1`));
  assert.deepEqual(detail, { comuni: 2, giorni: 2, automatico: true });
  // the e-mail copies, through the SMTP listener
  const got = await waitFor(() => {
    const m = sink.messages.slice(mails);
    return m.length >= 2 ? m : null;
  }, 30000);
  const to = got.flatMap((m) => m.to).sort();
  assert.deepEqual(to, ['prom-arcugnano@example.org', 'prom-schio@example.org']);
  assert.match(parseMail(got[0].data).h.subject, new RegExp(`Promemoria: raccolta dati n\\. ${id}`));

  // The same reminder run again (a duplicate of the job): nobody twice.
  const input = sql(`SELECT input FROM job WHERE id = ${job.id}`).replace(/'/g, "''");
  const owner = sql(`SELECT owner_id FROM job WHERE id = ${job.id}`);
  sql(`INSERT INTO job (kind, state, owner_id, ente, input, created, run_after)
       VALUES ('dati_promemoria', 'queued', ${owner}, 'provincia:024', '${input}', ${Math.floor(Date.now() / 1000)}, 0)`);
  const dup = Number(sql(`SELECT MAX(id) FROM job WHERE kind = 'dati_promemoria'`));
  await waitFor(() => sql(`SELECT state FROM job WHERE id = ${dup}`) === 'done', 30000);
  assert.deepEqual(JSON.parse(sql(`SELECT result FROM job WHERE id = ${dup}`)), { comuni: 0 });
  assert.equal(notes('schio'), before.schio + 1);
  assert.equal(count('audit_log', `action = 'dati.campagna.promemoria' AND object_id = '${id}'`), audits + 1);
});

test('a closed campaign\'s reminder does nothing', async () => {
  const id = await campaign(day(10), [3], ['024116', '024100']);
  const ok = await answer(u.vicenza, '024116', id, 'codice\nA1\n');
  assert.equal(ok.stato, 'valida');
  const close = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(close.status, 200, JSON.stringify(close.body));
  const [job] = jobsOf(id);
  const schio = count('notifica', `user_id = ${u.schio.user.id}`);
  sql(`UPDATE job SET run_after = 0 WHERE id = ${job.id}`);
  await waitFor(() => sql(`SELECT state FROM job WHERE id = ${job.id}`) === 'done', 30000);
  assert.equal(JSON.parse(sql(`SELECT result FROM job WHERE id = ${job.id}`)).comuni, 0);
  assert.equal(count('notifica', `user_id = ${u.schio.user.id}`), schio);
});

test('PATCH: the deadline extended and Comuni added, the reminders follow, audited; refusals change nothing', async () => {
  const id = await campaign(day(10), [2], ['024116']);
  const [old] = jobsOf(id);
  const audits = () => count('audit_log', `action = 'dati.campagna.modifica' AND object_id = '${id}'`);
  const before = { scad: sql(`SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`), audits: audits() };
  const comuni = () => sql(`SELECT comune FROM dati_campagna_comune WHERE campagna_id = ${id} ORDER BY comune`).split('\n');
  // refused: brought forward, a Comune of another Province, nothing asked,
  // another Province's officer, a Comune
  for (const [body, field] of [[{ scadenza: day(5) }, 'scadenza'], [{ comuni: ['028060'] }, 'comuni[0]'],
    [{}, 'scadenza'], [{ scadenza: 'domani' }, 'scadenza']]) {
    const r = await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
  }
  addUser(srv.db, 'prom-padova@example.org', 'data_officer', 'provincia:028');
  const padova = await login(srv.url, 'prom-padova@example.org');
  assert.ok([403, 404].includes((await padova.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(30) })).status));
  assert.equal((await u.vicenza.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(30) })).status, 403);
  assert.equal((await fetch(`${srv.url}/api/v1/dati/campagne/${id}`, { method: 'PATCH' })).status, 401);
  assert.equal(sql(`SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`), before.scad);
  assert.deepEqual(comuni(), ['comune:024116']);
  assert.equal(audits(), before.audits);

  const r = await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(30), comuni: ['024116', '024100'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.scadenza, day(30));
  assert.deepEqual(comuni(), ['comune:024100', 'comune:024116']);
  assert.equal(audits(), before.audits + 1);
  const detail = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'dati.campagna.modifica' AND object_id = '${id}' ORDER BY seq DESC LIMIT 1`));
  assert.deepEqual(detail.comuni_aggiunti, ['024100']);
  assert.deepEqual(detail.scadenza, { da: day(10), a: day(30) });
  // a new reminder at the new deadline minus 2 days; the old one, run now, does nothing
  const at = Number(sql(`SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`));
  const jobs = jobsOf(id);
  assert.deepEqual(jobs.map((j) => j.at), [old.at, at - 2 * 86400]);
  const schio = count('notifica', `user_id = ${u.schio.user.id}`);
  sql(`UPDATE job SET run_after = 0 WHERE id = ${old.id}`);
  await waitFor(() => sql(`SELECT state FROM job WHERE id = ${old.id}`) === 'done', 30000);
  assert.deepEqual(JSON.parse(sql(`SELECT result FROM job WHERE id = ${old.id}`)), { comuni: 0, nota: 'scadenza prorogata' });
  assert.equal(count('notifica', `user_id = ${u.schio.user.id}`), schio);
  // the Comune added sees the campaign and may answer
  const mine = await u.schio.call('GET', `/api/v1/dati/comuni/024100/campagne/${id}`);
  assert.equal(mine.status, 200);
  // closed: 422, unchanged
  assert.equal((await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`)).status, 200);
  const closed = await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(40) });
  assert.equal(closed.status, 422);
  assert.equal(Number(sql(`SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`)), at);
});
