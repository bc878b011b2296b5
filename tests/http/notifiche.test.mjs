// notifiche.test.mjs - notifications end to end (issue 13, item 7): sent
// through the CLI (as the services will through notifica_invia) to a user
// or to every operator user of a company; each user reads only their own,
// unread first or by date with keyset pages, marks them read (another
// user's: 404, nothing changed); with an SMTP server configured the copy
// goes out by e-mail through a real SMTP listener written here (it refuses
// the first attempt with 451, so the retry and both recorded attempts are
// checked) and its headers (From, To, Subject as UTF-8 encoded-words,
// Date) and body are decoded independently; bad input refused, nothing
// stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const ACME = 'operatore:07654321095';
const OTHER = 'operatore:02222222222';
let srv, tmp, sink;
let op1, op2, op3, sua;
let id1, id2;
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const invia = (...args) => cli(['notifiche', 'invia', '--db', srv.db, ...args]);

// A tiny SMTP server (RFC 5321 subset: EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
// QUIT).  failRcpt: how many RCPT commands to refuse with 451 first.
function smtpSink({ failRcpt = 0 } = {}) {
  const messages = [];
  const events = [];
  let refused = 0;
  const server = createServer((sock) => {
    let buf = '';
    let data = null;
    let cur = { from: null, to: [], auth: null };
    sock.write('220 sink.test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      for (;;) {
        if (data !== null) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buf.slice(0, end);
          buf = buf.slice(end + 5);
          messages.push({ ...cur, data: Buffer.from(data, 'latin1').toString('utf8'), at: Date.now() });
          data = null;
          cur = { from: null, to: [], auth: cur.auth };
          sock.write('250 2.0.0 accettato\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        events.push(line);
        if (cur.authWait) {
          // The credentials after "334 ": base64 of "\0user\0password".
          const parts = Buffer.from(line, 'base64').toString('utf8').split('\0');
          cur.auth = { user: parts[1], password: parts[2] };
          delete cur.authWait;
          sock.write('235 2.7.0 ok\r\n');
        } else if (cmd === 'EHLO') sock.write('250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n');
        else if (cmd === 'HELO') sock.write('250 sink.test\r\n');
        else if (cmd === 'AUTH' && !line.split(' ')[2]) {
          cur.authWait = true;
          sock.write('334 \r\n');
        } else if (cmd === 'AUTH') {
          const parts = Buffer.from(line.split(' ')[2], 'base64').toString('utf8').split('\0');
          cur.auth = { user: parts[1], password: parts[2] };
          sock.write('235 2.7.0 ok\r\n');
        } else if (cmd === 'MAIL') { cur.from = line; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') {
          if (refused < failRcpt) { refused++; events.push('refused'); sock.write('451 4.3.0 riprova più tardi\r\n'); }
          else { cur.to.push(line); sock.write('250 ok\r\n'); }
        } else if (cmd === 'DATA') { data = ''; sock.write('354 vai\r\n'); }
        else if (cmd === 'QUIT') { sock.write('221 ciao\r\n'); sock.end(); }
        else if (cmd === 'RSET' || cmd === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 no\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({
    port: server.address().port, messages, events, close: () => new Promise((r) => server.close(r)),
  })));
}

// RFC 2047: "=?UTF-8?B?...?=" words (folded) back to text.
const decodeWords = (v) => v.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
function parseMail(raw) {
  const i = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, i).replace(/\r\n /g, ' \u0000');
  const h = {};
  for (const l of head.split('\r\n')) {
    const c = l.indexOf(':');
    h[l.slice(0, c).toLowerCase()] = l.slice(c + 2).replace(/ \u0000/g, '\r\n ');
  }
  return { h, body: Buffer.from(raw.slice(i + 4).replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

async function waitFor(cond, ms = 30000) {
  for (let t = 0; t < ms; t += 100) {
    const v = cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-notifiche-'));
  srv = await startServer();
  id1 = addUser(srv.db, 'op1.notifiche@example.org', 'operator', ACME, 'Anna Operatrice');
  id2 = addUser(srv.db, 'op2.notifiche@example.org', 'operator', ACME);
  addUser(srv.db, 'op3.notifiche@example.org', 'operator', OTHER);
  addUser(srv.db, 'sua.notifiche@example.org', 'sua_officer', 'provincia:024');
  op1 = await login(srv.url, 'op1.notifiche@example.org');
  op2 = await login(srv.url, 'op2.notifiche@example.org');
  op3 = await login(srv.url, 'op3.notifiche@example.org');
  sua = await login(srv.url, 'sua.notifiche@example.org');
});
after(async () => {
  if (sink) await sink.close();
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('to a company: every operator user of it, nobody else; audited', async () => {
  const audits = count("audit_log WHERE action = 'notifica.invia'");
  const r = invia('--ente', ACME, '--oggetto', 'Ammissione alla gara', '--testo', 'La vostra offerta è stata ammessa.', '--link', '/gare/1');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /notifica inviata a 2 utenti/);
  for (const who of [op1, op2]) {
    const l = await who.call('GET', '/api/v1/notifiche');
    assert.equal(l.status, 200);
    assert.equal(l.body.items.length, 1);
    const n = l.body.items[0];
    assert.equal(n.oggetto, 'Ammissione alla gara');
    assert.equal(n.testo, 'La vostra offerta è stata ammessa.');
    assert.equal(n.link, '/gare/1');
    assert.equal(n.ente, ACME);
    assert.equal(n.letta, false);
    assert.ok(Math.abs(n.created - Date.now() / 1000) < 60);
    assert.deepEqual((await who.call('GET', '/api/v1/notifiche/conteggio')).body, { non_lette: 1, totale: 1 });
  }
  assert.equal((await op3.call('GET', '/api/v1/notifiche')).body.items.length, 0);
  assert.equal((await sua.call('GET', '/api/v1/notifiche')).body.items.length, 0);
  assert.equal(count("audit_log WHERE action = 'notifica.invia'"), audits + 1);
  const det = JSON.parse(sql("SELECT details FROM audit_log WHERE action = 'notifica.invia' ORDER BY seq DESC LIMIT 1"));
  assert.deepEqual(det.destinatari.sort(), [id1, id2].sort());
  assert.equal(det.email, 0); // no SMTP server configured
  assert.equal(count('notifica_email'), 0);
  assert.equal((await fetch(`${srv.url}/api/v1/notifiche`)).status, 401);
});

test('mark read: own only; unread first and by date, keyset pages', async () => {
  for (let i = 1; i <= 5; i++) {
    const r = invia('--utente-id', String(id1), '--oggetto', `Avviso ${i}`, '--testo', `Testo ${i}`);
    assert.equal(r.status, 0, r.stderr);
  }
  let l = (await op1.call('GET', '/api/v1/notifiche?ordine=data&limit=100')).body;
  assert.equal(l.total, 6);
  const byDate = l.items.map((x) => x.id);
  assert.deepEqual(byDate, [...byDate].sort((a, b) => b - a));
  // Another user's notification: 404, unchanged.
  const mine = byDate[2];
  assertEnvelope(assert, await op2.call('POST', `/api/v1/notifiche/${mine}/letta`), 404);
  assert.equal(sql(`SELECT COUNT(*) FROM notifica WHERE id = ${mine} AND letta IS NULL`), '1');
  assertEnvelope(assert, await op1.call('POST', '/api/v1/notifiche/abc/letta'), 404);
  assertEnvelope(assert, await op1.call('POST', '/api/v1/notifiche/99999999/letta'), 404);
  // Two read: they go last in the default order.
  for (const id of [byDate[0], byDate[2]]) {
    const r = await op1.call('POST', `/api/v1/notifiche/${id}/letta`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal((await op1.call('POST', `/api/v1/notifiche/${byDate[0]}/letta`)).status, 200); // again: fine
  assert.deepEqual((await op1.call('GET', '/api/v1/notifiche/conteggio')).body, { non_lette: 4, totale: 6 });
  const want = [...byDate.filter((id) => id !== byDate[0] && id !== byDate[2]), byDate[0], byDate[2]];
  const seen = [];
  let next = null;
  let first = null;
  do {
    const r = await op1.call('GET', `/api/v1/notifiche?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.items.length <= 2);
    seen.push(...r.body.items.map((x) => [x.id, x.letta]));
    first = first || r.body.next;
    next = r.body.next;
  } while (next);
  assert.deepEqual(seen.map((x) => x[0]), want);
  assert.deepEqual(seen.map((x) => x[1]), [false, false, false, false, true, true]);
  // A cursor of one order is refused by the other.
  const bad = await op1.call('GET', `/api/v1/notifiche?ordine=data&after=${encodeURIComponent(first)}`);
  assert.equal(assertEnvelope(assert, bad, 400).field, 'after');
  assert.equal(assertEnvelope(assert, await op1.call('GET', '/api/v1/notifiche?ordine=caso'), 400).field, 'ordine');
  // Offsets too.
  l = (await op1.call('GET', '/api/v1/notifiche?ordine=data&limit=2&offset=2')).body;
  assert.deepEqual(l.items.map((x) => x.id), byDate.slice(2, 4));
  // All read.
  const all = await op1.call('POST', '/api/v1/notifiche/lette');
  assert.equal(all.status, 200);
  assert.equal(all.body.lette, 4);
  assert.deepEqual((await op1.call('GET', '/api/v1/notifiche/conteggio')).body, { non_lette: 0, totale: 6 });
  // op2 untouched.
  assert.deepEqual((await op2.call('GET', '/api/v1/notifiche/conteggio')).body, { non_lette: 1, totale: 1 });
});

test('bad input: refused, nothing stored', () => {
  const before = count('notifica');
  const audits = count('audit_log');
  const refused = (args, re) => {
    const r = invia(...args);
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, re);
  };
  refused(['--ente', ACME, '--oggetto', '', '--testo', 'x'], /[Oo]ggetto/);
  refused(['--ente', ACME, '--oggetto', 'x'.repeat(301), '--testo', 'x'], /[Oo]ggetto/);
  refused(['--ente', ACME, '--oggetto', 'x', '--testo', 'a\u0001b'], /[Tt]esto/);
  refused(['--ente', ACME, '--oggetto', 'x', '--testo', 'y', '--link', 'javascript:alert(1)'], /collegamento/i);
  refused(['--ente', ACME, '--utente-id', String(id1), '--oggetto', 'x', '--testo', 'y'], /ente oppure/);
  refused(['--utente-id', '99999', '--oggetto', 'x', '--testo', 'y'], /non trovato/);
  refused(['--ente', 'nessuno', '--oggetto', 'x', '--testo', 'y'], /[Ee]nte/);
  const smtp = (args, re) => {
    const r = cli(['notifiche', 'smtp', '--db', srv.db, ...args]);
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, re);
  };
  smtp(['--url', 'http://127.0.0.1:25', '--mittente', 'a@b.it'], /SMTP/);
  smtp(['--url', 'smtp://127.0.0.1:25', '--mittente', 'non un indirizzo'], /mittente/);
  smtp(['--url', 'smtp://127.0.0.1:25', '--mittente', 'a@b.it', '--utente', 'u'], /insieme/);
  smtp(['--url', 'smtp://127.0.0.1:25', '--mittente', 'a@b.it', '--utente', 'u', '--password-file', '/nonesiste'], /password/);
  assert.equal(count('notifica'), before);
  assert.equal(count('notifica_smtp'), 0);
  assert.equal(count('audit_log'), audits);
});

test('e-mail copy: through a real SMTP listener, retried after a refusal, every attempt recorded', async () => {
  sink = await smtpSink({ failRcpt: 1 });
  const pw = join(tmp, 'smtp-password');
  writeFileSync(pw, 'segreto-smtp\n', { mode: 0o600 });
  const s = cli(['notifiche', 'smtp', '--db', srv.db, '--url', `smtp://127.0.0.1:${sink.port}`,
    '--mittente', 'sua@provincia.vicenza.it', '--utente', 'areavasta', '--password-file', pw]);
  assert.equal(s.status, 0, s.stderr);
  assert.ok(!sql('SELECT url || mittente || utente || password_file FROM notifica_smtp').includes('segreto'));
  const oggetto = 'Esclusione dalla gara – lotto n. 2: è richiesta un’integrazione entro cinque giorni lavorativi';
  const testo = 'Gentile operatore,\nla documentazione amministrativa è incompleta.\nCordiali saluti.';
  const t0 = Date.now();
  const r = invia('--ente', ACME, '--oggetto', oggetto, '--testo', testo, '--link', '/operatore/gare/7');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(count("notifica_email WHERE stato = 'attesa'"), 2);
  // The server's worker picks the job up (queued by another process:
  // within its poll interval), the first RCPT is refused, the retry goes.
  const done = await waitFor(() => count("notifica_email WHERE stato = 'inviata'") === 2 && sink.messages.length === 2, 40000);
  assert.ok(done, `sent ${sink.messages.length}; events ${sink.events.join(' | ')}; ${sql('SELECT stato, tentativi FROM notifica_email')}`);
  const to = sink.messages.map((m) => m.to[0]).sort();
  assert.deepEqual(to, ['RCPT TO:<op1.notifiche@example.org>', 'RCPT TO:<op2.notifiche@example.org>']);
  for (const m of sink.messages) {
    assert.deepEqual(m.auth, { user: 'areavasta', password: 'segreto-smtp' });
    assert.equal(m.from, 'MAIL FROM:<sua@provincia.vicenza.it>');
    const { h, body } = parseMail(m.data);
    assert.equal(h.from, '<sua@provincia.vicenza.it>');
    assert.match(h.to, /^<op[12]\.notifiche@example\.org>$/);
    assert.match(h.subject, /^=\?UTF-8\?B\?/);
    assert.ok(h.subject.split('\r\n ').every((w) => w.length <= 75), h.subject);
    assert.equal(decodeWords(h.subject), oggetto);
    const date = Date.parse(h.date);
    assert.ok(!Number.isNaN(date), h.date);
    assert.match(h.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0[12]00$/);
    assert.ok(date >= t0 - 2000 && date <= Date.now() + 2000, h.date);
    assert.match(h['message-id'], /^<notifica-\d+@provincia\.vicenza\.it>$/);
    assert.equal(h['content-type'], 'text/plain; charset=UTF-8');
    assert.equal(h['content-transfer-encoding'], 'base64');
    assert.ok(body.includes(testo.replace(/\n/g, '\r\n')), body);
    assert.ok(body.includes('/operatore/gare/7'));
  }
  // Attempts: one refused (with the server's reply), then all delivered.
  const rows = sql("SELECT e.destinatario || '|' || t.esito || '|' || t.at || '|' || t.dettaglio FROM notifica_tentativo t JOIN notifica_email e ON e.id = t.email_id ORDER BY t.id").split('\n');
  assert.equal(rows.length, 3, rows.join('\n'));
  const fails = rows.filter((x) => x.split('|')[1] === 'errore');
  assert.equal(fails.length, 1);
  assert.match(fails[0], /451/);
  const failed = fails[0].split('|')[0];
  const okRow = rows.find((x) => x.startsWith(`${failed}|ok|`));
  assert.ok(okRow);
  // The retry waited the backoff (2 s) after the refusal.
  assert.ok(Number(okRow.split('|')[2]) - Number(fails[0].split('|')[2]) >= 2, rows.join('\n'));
  assert.equal(sql(`SELECT tentativi FROM notifica_email WHERE destinatario = '${failed}'`), '2');
  // Nothing about the message in the in-app list changed.
  const l = await op2.call('GET', '/api/v1/notifiche?ordine=data');
  assert.equal(l.body.items[0].oggetto, oggetto);
});

test('e-mails still waiting when the server stops go out after the restart', async () => {
  await srv.kill();
  const r = invia('--utente-id', String(id1), '--oggetto', 'Dopo il riavvio', '--testo', 'Inviata al riavvio.');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(count("notifica_email WHERE stato = 'attesa'"), 1);
  // Without its queued job: only the start-up check can find it.
  sql("DELETE FROM job WHERE kind = 'notifiche_email' AND state = 'queued'");
  const sent = sink.messages.length;
  srv = await startServer({ reuse: srv.db });
  const ok = await waitFor(() => sink.messages.length === sent + 1 && count("notifica_email WHERE stato = 'attesa'") === 0, 30000);
  assert.ok(ok, `messages ${sink.messages.length}; ${sql('SELECT stato, tentativi FROM notifica_email')}`);
  assert.equal(decodeWords(parseMail(sink.messages[sent].data).h.subject), 'Dopo il riavvio');
  // In-app too, on the restarted server.
  op1 = await login(srv.url, 'op1.notifiche@example.org');
  const l = await op1.call('GET', '/api/v1/notifiche?ordine=data&limit=1');
  assert.equal(l.body.items[0].oggetto, 'Dopo il riavvio');
});

test('switching e-mail off: later notifications are in-app only', async () => {
  op2 = await login(srv.url, 'op2.notifiche@example.org');
  const s = cli(['notifiche', 'smtp', '--db', srv.db, '--nessuno']);
  assert.equal(s.status, 0, s.stderr);
  const before = count('notifica_email');
  assert.equal(invia('--utente-id', String(id2), '--oggetto', 'Solo nel sito', '--testo', 'x').status, 0);
  assert.equal(count('notifica_email'), before);
  assert.equal(count("audit_log WHERE action = 'notifiche.smtp'"), 2);
});
