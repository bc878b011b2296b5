// europa-ics.test.mjs - end-to-end tests of the calendar of EU call
// deadlines (issue 14 item 7): the secret-token address of a Comune
// (created, regenerated, revoked; only its hash stored), the feed parsed by
// a real iCalendar parser (python3-icalendar from Debian), one event per
// deadline (a two-stage call gives two, cut-offs one each), times checked
// against an independent Europe/Rome conversion (Intl), UIDs stable across
// regenerations, lines folded at 75 octets with CRLF, calls the Comune may
// not apply to and calls marked "non pertinente" left out; and who may do
// what (another Comune, another Province's EU desk, an operator, anonymous).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const COMUNE = '024116';
let srv;
const as = {};

before(async () => {
  srv = await startServer();
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    sapeBS: ['sape_officer', 'provincia:017'],
    comune: ['comune', `comune:${COMUNE}`],
    comune2: ['comune', `comune:${COMUNE}`],
    altro: ['comune', 'comune:024001'],
    operator: ['operator', 'operatore:01234567897'],
    admin: ['admin', 'provincia:024'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `ics-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `ics-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
  await arrangeCalls();
});
after(async () => { await srv.stop(); });

// ---- independent helpers ----

// UTC seconds of a Europe/Rome wall time, found with Intl (not the product).
function romeToUtc(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  for (const off of [1, 2]) {
    const t = Date.UTC(y, m - 1, d, hh - off, mm) / 1000;
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
    if (`${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}` === `${date} ${time}`) return t;
  }
  throw new Error(`no instant for ${date} ${time}`);
}

// The feed parsed by python3-icalendar: [{uid, start (UTC seconds), summary, description, url}].
function parseIcs(text) {
  const py = `
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
assert cal.get('VERSION') == '2.0', cal.get('VERSION')
out = []
for ev in cal.walk('VEVENT'):
    dt = ev.decoded('DTSTART')
    assert dt.tzinfo is not None and dt.utcoffset().total_seconds() == 0, repr(dt)
    out.append({'uid': str(ev.get('UID')), 'start': int(dt.timestamp()), 'summary': str(ev.get('SUMMARY')),
                'description': str(ev.get('DESCRIPTION')), 'url': str(ev.get('URL')), 'stamp': str(ev.get('DTSTAMP').to_ical(), 'ascii')})
print(json.dumps({'name': str(cal.get('X-WR-CALNAME')), 'events': out}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { input: Buffer.from(text, 'utf8'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// RFC 5545 §3.1: CRLF everywhere, no line over 75 octets.
function assertLines(text) {
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'bare LF');
  for (const l of text.split('\r\n')) assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `${Buffer.byteLength(l)} octets: ${l}`);
}

async function feed(url) {
  const r = await fetch(url);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

function bando(over) {
  return {
    fonte: 'REGION',
    titolo: 'Bando di prova',
    stato: 'aperto',
    modello_scadenze: 'unica',
    ...over,
  };
}

// ---- the calls of the test ----

let dueFasi;
let cutoff;
let escluso;
let irrilevante;
const lungo = 'Rigenerazione urbana, biblioteche; e «cultura» diffusa nei piccoli Comuni — un titolo lungo abbastanza da essere piegato a 75 ottetti';

async function arrangeCalls() {
  let r = await as.sape.call('POST', '/api/v1/bandi', bando({
    chiave_fonte: 'ICS-DUE-FASI', identificativo: 'ICS-DUE-FASI', titolo: lungo, modello_scadenze: 'due_fasi',
    scadenze: [{ fase: 1, data: '2027-03-01', ora: '12:00' }, { fase: 2, data: '2027-06-30' }],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  dueFasi = r.body.id;
  r = await as.sape.call('POST', '/api/v1/bandi', bando({
    chiave_fonte: 'ICS-CUTOFF', titolo: 'Bando a sportello con tre cut-off', modello_scadenze: 'cut_off_multipli',
    scadenze: [{ fase: 1, data: '2027-01-15', ora: '17:00' }, { fase: 1, data: '2027-04-15', ora: '17:00' }, { fase: 1, data: '2027-10-31', ora: '02:30' }],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  cutoff = r.body.id;
  r = await as.sape.call('POST', '/api/v1/bandi', bando({
    chiave_fonte: 'ICS-PICCOLI', titolo: 'Solo piccoli Comuni', scadenze: [{ fase: 1, data: '2027-05-05', ora: '12:00' }],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  escluso = r.body.id;
  r = await as.sape.call('PUT', `/api/v1/bandi/${escluso}/requisiti`, { tipi_ente: ['comune'], popolazione_max: 5000 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await as.sape.call('POST', '/api/v1/bandi', bando({
    chiave_fonte: 'ICS-NP', titolo: 'Bando che il Comune scarta', scadenze: [{ fase: 1, data: '2027-02-02', ora: '10:00' }],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  irrilevante = r.body.id;
}

// The events the feed must hold, computed from the Comune's list of calls
// (another route: the eligibility) and the stored deadlines.
async function expectedEvents() {
  const list = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/bandi?limit=1000`);
  assert.equal(list.status, 200);
  assert.ok(list.body.total <= 1000);
  const ok = new Set(list.body.items.map((x) => Number(x.bando_id)));
  const np = new Set(sqlRows(srv.db, `SELECT bando_id FROM eu_non_pertinente WHERE comune = '${COMUNE}'`).map((x) => Number(x.bando_id)));
  const from = Math.floor(Date.now() / 1000) - 90 * 86400;
  const rows = sqlRows(srv.db, `SELECT bando_id, fase, scadenza_at FROM eu_bando_scadenza WHERE scadenza_at >= ${from}`);
  return rows.filter((x) => ok.has(Number(x.bando_id)) && !np.has(Number(x.bando_id)))
    .map((x) => `bando-${x.bando_id}-fase${x.fase}-${x.scadenza_at}@areavasta`).sort();
}

test('calendar: who may create the address (own Comune, its Province desk); others refused', async () => {
  const n0 = Number(sql(srv.db, 'SELECT COUNT(*) FROM eu_ics_token').trim());
  assert.equal((await as.anon.call('POST', `/api/v1/comuni/${COMUNE}/calendario`)).status, 401);
  for (const who of ['altro', 'sapeBS', 'operator', 'admin']) {
    const r = await as[who].call('POST', `/api/v1/comuni/${COMUNE}/calendario`);
    assert.equal(r.status, 403, who);
    assert.ok(!('token' in r.body), who);
  }
  assert.equal((await as.comune.call('POST', '/api/v1/comuni/999999/calendario')).status, 404);
  assert.equal(Number(sql(srv.db, 'SELECT COUNT(*) FROM eu_ics_token').trim()), n0);
  const g = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(g.status, 200);
  assert.equal(g.body.attivo, false);
});

test('calendar feed: one event per deadline, UTC times, folded lines, only calls the Comune may apply to', async () => {
  const r = await as.comune.call('POST', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(r.body.url.endsWith(`/api/v1/bandi.ics?comune=${COMUNE}&token=${r.body.token}`));
  // Only the hash is stored.
  const stored = sqlRows(srv.db, `SELECT hash FROM eu_ics_token WHERE comune = '${COMUNE}' AND revocato IS NULL`);
  assert.equal(stored.length, 1);
  assert.match(stored[0].hash, /^[0-9a-f]{64}$/);
  assert.equal(sql(srv.db, `SELECT COUNT(*) FROM eu_ics_token WHERE hash LIKE '%${r.body.token.slice(0, 10)}%'`).trim(), '0');
  const g = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(g.body.attivo, true);
  assert.ok(!JSON.stringify(g.body).includes(r.body.token));

  const f = await feed(`${srv.url}/api/v1/bandi.ics?comune=${COMUNE}&token=${r.body.token}`);
  assert.equal(f.status, 200);
  assert.match(f.type, /^text\/calendar/);
  assertLines(f.text);
  const cal = parseIcs(f.text);
  assert.match(cal.name, new RegExp(COMUNE));
  const uids = cal.events.map((e) => e.uid).sort();
  assert.equal(new Set(uids).size, uids.length, 'UIDs unique');
  assert.deepEqual(uids, await expectedEvents());

  // The two-stage call: two events at the instants of the Italian times.
  const two = cal.events.filter((e) => e.uid.startsWith(`bando-${dueFasi}-`)).sort((a, b) => a.start - b.start);
  assert.equal(two.length, 2);
  assert.equal(two[0].start, romeToUtc('2027-03-01', '12:00'));
  assert.equal(two[1].start, romeToUtc('2027-06-30', '23:59'));
  assert.equal(two[0].summary, `Scadenza 1ª fase: ${lungo}`);
  assert.equal(two[1].summary, `Scadenza 2ª fase: ${lungo}`);
  assert.match(two[0].description, /01\/03\/2027 12:00 \(ora italiana\)/);
  assert.match(two[0].description, /Fuso della fonte: Europe\/Rome/);
  assert.ok(two[0].url.endsWith(`/europa-bando.html?id=${dueFasi}`));
  // Cut-offs: one event each, winter and summer time (31/10/2027 02:30 is
  // the repeated hour: the later instant, ora solare).
  const cuts = cal.events.filter((e) => e.uid.startsWith(`bando-${cutoff}-`)).map((e) => e.start).sort();
  assert.deepEqual(cuts, [romeToUtc('2027-01-15', '17:00'), romeToUtc('2027-04-15', '17:00'), Date.UTC(2027, 9, 31, 1, 30) / 1000]);
  // The call for Comuni up to 5,000 inhabitants is not in Vicenza's calendar.
  assert.ok(!cal.events.some((e) => e.uid.startsWith(`bando-${escluso}-`)));
  assert.ok(cal.events.some((e) => e.uid.startsWith(`bando-${irrilevante}-`)));
  // SEDIA calls of the demo keep their source zone in the description.
  const sedia = sqlRows(srv.db, "SELECT s.bando_id FROM eu_bando_scadenza s WHERE s.fuso = 'Europe/Brussels' LIMIT 1");
  if (sedia.length) {
    const e = cal.events.find((x) => x.uid.startsWith(`bando-${sedia[0].bando_id}-`));
    if (e) assert.match(e.description, /Fuso della fonte: Europe\/Brussels/);
  }

  // "Non pertinente" removes the call from the calendar, and can be undone.
  assert.equal((await as.comune.call('PUT', `/api/v1/comuni/${COMUNE}/non-pertinenti/${irrilevante}`)).status, 200);
  let again = parseIcs((await feed(`${srv.url}/api/v1/bandi.ics?comune=${COMUNE}&token=${r.body.token}`)).text);
  assert.ok(!again.events.some((e) => e.uid.startsWith(`bando-${irrilevante}-`)));
  assert.deepEqual(again.events.map((e) => e.uid).sort(), await expectedEvents());
  assert.equal((await as.comune.call('DELETE', `/api/v1/comuni/${COMUNE}/non-pertinenti/${irrilevante}`)).status, 200);
  again = parseIcs((await feed(`${srv.url}/api/v1/bandi.ics?comune=${COMUNE}&token=${r.body.token}`)).text);
  assert.ok(again.events.some((e) => e.uid.startsWith(`bando-${irrilevante}-`)));

  // Regenerating: a new token, the old one dead, the same UIDs.
  const r2 = await as.comune.call('POST', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(r2.status, 201);
  assert.notEqual(r2.body.token, r.body.token);
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?comune=${COMUNE}&token=${r.body.token}`)).status, 404);
  const f2 = await feed(`${srv.url}/api/v1/bandi.ics?token=${r2.body.token}`);
  assert.equal(f2.status, 200);
  assert.deepEqual(parseIcs(f2.text).events.map((e) => e.uid).sort(), again.events.map((e) => e.uid).sort());
  // Another Comune's code with this token, a malformed or unknown token: 404, nothing said.
  for (const q of [`comune=024001&token=${r2.body.token}`, 'token=abc', `token=${'A'.repeat(43)}`, '', `token=${r2.body.token}&x=1`]) {
    const x = await feed(`${srv.url}/api/v1/bandi.ics?${q}`);
    assert.ok(x.status === 404 || x.status === 400, `${q}: ${x.status}`);
    assert.ok(!x.text.includes('BEGIN:VCALENDAR'), q);
  }
  // Another referent of the same Comune has an address of their own.
  const r3 = await as.comune2.call('POST', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(r3.status, 201);
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?token=${r2.body.token}`)).status, 200);
  // Revoked: 404; a second revocation has nothing to revoke.
  const audits0 = Number(sql(srv.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'europa.calendario'").trim());
  assert.equal((await as.comune.call('DELETE', `/api/v1/comuni/${COMUNE}/calendario`)).status, 200);
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?token=${r2.body.token}`)).status, 404);
  assert.equal((await as.comune.call('DELETE', `/api/v1/comuni/${COMUNE}/calendario`)).status, 404);
  assert.equal(Number(sql(srv.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'europa.calendario'").trim()), audits0 + 1);
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?token=${r3.body.token}`)).status, 200);
  // The EU desk of the Province may make one for the Comune; another desk may not revoke it.
  assert.equal((await as.sape.call('POST', `/api/v1/comuni/${COMUNE}/calendario`)).status, 201);
  assert.equal((await as.sapeBS.call('DELETE', `/api/v1/comuni/${COMUNE}/calendario`)).status, 403);
});

test('calendar: a deactivated user\'s address stops answering', async () => {
  const r = await as.comune2.call('POST', `/api/v1/comuni/${COMUNE}/calendario`);
  assert.equal(r.status, 201);
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?token=${r.body.token}`)).status, 200);
  sql(srv.db, "UPDATE app_user SET active = 0 WHERE email = 'ics-comune2@example.org'");
  assert.equal((await feed(`${srv.url}/api/v1/bandi.ics?token=${r.body.token}`)).status, 404);
});
