// europa-digest-settimanale.test.mjs - end-to-end tests of the weekly
// digest of EU calls (issue 14 item 7): `areavasta europa digest` archives
// one digest per Comune with referents and notifies them (in-app, and by
// e-mail through a real SMTP listener); the content (new, changed, closing
// within 30 days, among the calls the Comune may apply to, without the
// ones marked non pertinente) is recomputed here from the stored calls and
// the Comune's eligibility list (another route); a second run the same day
// sends nothing; the preview and the archive are the Comune's and its
// Province desk's only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';
import { spawnSync } from 'node:child_process';
import { smtpSink, waitFor } from '../lib/smtp-sink.mjs';

const COMUNE = '024116';
let srv;
let sink;

// A raw e-mail parsed by Python's email package: the subject decoded and
// every part in order (type, charset, transfer encoding, decoded body).
function mime(raw) {
  const py = `
import email, email.policy, json, sys
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
parts = []
for p in m.walk():
    d = {"type": p.get_content_type(), "charset": p.get_content_charset(), "cte": p.get("Content-Transfer-Encoding")}
    if not p.is_multipart():
        d["body"] = p.get_payload(decode=True).decode(p.get_content_charset() or "ascii")
    parts.append(d)
print(json.dumps({"subject": str(m["subject"]), "parts": parts}))
`;
  const r = spawnSync('python3', ['-c', py], { input: raw, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const as = {};
const ids = {};

// Today in Italy, gg/mm/aaaa, and the end of that day (UTC seconds), by Intl.
function oggi() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).map((x) => [x.type, x.value]));
  return { it: `${p.day}/${p.month}/${p.year}`, iso: `${p.year}-${p.month}-${p.day}` };
}
function endOfRomeDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  for (const off of [1, 2]) {
    const t = Date.UTC(y, m - 1, d + 1, -off) / 1000;
    const h = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', hourCycle: 'h23' }).format(new Date(t * 1000));
    if (h === '00') return t;
  }
  throw new Error('no midnight');
}

before(async () => {
  srv = await startServer();
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    sapeBS: ['sape_officer', 'provincia:017'],
    comune: ['comune', `comune:${COMUNE}`],
    comune2: ['comune', `comune:${COMUNE}`],
    altro: ['comune', 'comune:024001'],
    operator: ['operator', 'operatore:01234567897'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `dgs-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `dgs-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
  sink = await smtpSink();
  const s = cli(['notifiche', 'smtp', '--db', srv.db, '--url', `smtp://127.0.0.1:${sink.port}`, '--mittente', 'europa@provincia.example.org']);
  assert.equal(s.status, 0, s.stderr);
  const day = 86400 * 1000;
  const d = (ms) => new Date(Date.now() + ms).toISOString().slice(0, 10);
  const mk = async (key, titolo, data) => {
    const r = await as.sape.call('POST', '/api/v1/bandi', {
      fonte: 'REGION', chiave_fonte: key, titolo, stato: 'aperto', modello_scadenze: 'unica', scadenze: [{ fase: 1, data, ora: '12:00' }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  ids.vicino = await mk('DGS-VICINO', 'Biblioteche <e> "cultura" in scadenza', d(10 * day));
  ids.lontano = await mk('DGS-LONTANO', 'Mobilità sostenibile', d(200 * day));
  ids.piccoli = await mk('DGS-PICCOLI', 'Solo piccoli Comuni', d(5 * day));
  let r = await as.sape.call('PUT', `/api/v1/bandi/${ids.piccoli}/requisiti`, { tipi_ente: ['comune'], popolazione_max: 5000 });
  assert.equal(r.status, 200);
  ids.scartato = await mk('DGS-NP', 'Bando scartato dal Comune', d(7 * day));
  r = await as.comune.call('PUT', `/api/v1/comuni/${COMUNE}/non-pertinenti/${ids.scartato}`);
  assert.equal(r.status, 200);
});
after(async () => { if (sink) await sink.close(); await srv.stop(); });

// The digest recomputed: eligibility from the Comune's list of calls,
// dates from the stored rows, windows from the day's end.
async function expected(iso) {
  const at = endOfRomeDay(iso);
  const week = at - 7 * 86400;
  const list = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/bandi?limit=1000`);
  assert.equal(list.status, 200);
  assert.ok(list.body.total <= 1000);
  const ok = new Set(list.body.items.map((x) => Number(x.bando_id)));
  const np = new Set(sqlRows(srv.db, `SELECT bando_id FROM eu_non_pertinente WHERE comune = '${COMUNE}'`).map((x) => Number(x.bando_id)));
  const rows = sqlRows(srv.db, "SELECT id, first_seen, updated FROM eu_bando WHERE stato IN ('aperto', 'previsto')");
  const dl = new Map();
  for (const x of sqlRows(srv.db, `SELECT bando_id, MIN(scadenza_at) AS m FROM eu_bando_scadenza WHERE scadenza_at >= ${at} GROUP BY bando_id`)) dl.set(Number(x.bando_id), Number(x.m));
  const e = { nuovi: [], modificati: [], scadenza: [] };
  for (const x of rows) {
    const id = Number(x.id);
    if (!ok.has(id) || np.has(id)) continue;
    const f = Number(x.first_seen);
    const u = Number(x.updated);
    const nuovo = f >= week && f < at;
    if (nuovo) e.nuovi.push(id);
    if (!nuovo && u >= week && u < at) e.modificati.push(id);
    if (dl.has(id) && dl.get(id) < at + 30 * 86400) e.scadenza.push(id);
  }
  for (const k of Object.keys(e)) e[k].sort((a, b) => a - b);
  return e;
}

// The ids linked in each section of the HTML.
function sections(html) {
  const out = {};
  for (const k of ['nuovi', 'modificati', 'scadenza']) {
    const m = new RegExp(`<section aria-labelledby="s-${k}"><h2 id="s-${k}">[^<]*\\((\\d+)\\)</h2>(.*?)</section>`, 's').exec(html);
    assert.ok(m, k);
    const found = [...m[2].matchAll(/europa-bando\.html\?id=(\d+)/g)].map((x) => Number(x[1])).sort((a, b) => a - b);
    assert.equal(Number(m[1]), found.length, k);
    out[k] = found;
  }
  return out;
}

test('preview: the digest of today, computed independently; escaped; roles', async () => {
  const { it, iso } = oggi();
  const r = await fetch(`${srv.url}/api/v1/comuni/${COMUNE}/digest?data=${encodeURIComponent(it)}`, { headers: { cookie: `av_session=${as.comune.cookie}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const html = await r.text();
  assert.match(html, /^<!doctype html>\n<html lang="it">/);
  assert.match(html, /<title>Bandi europei per il Comune di Vicenza – settimana al /);
  const got = sections(html);
  assert.deepEqual(got, await expected(iso));
  assert.ok(got.nuovi.includes(ids.vicino));
  assert.ok(got.scadenza.includes(ids.vicino));
  assert.ok(!got.scadenza.includes(ids.lontano));
  assert.ok(!html.includes(`id=${ids.piccoli}"`), 'non ammissibile left out');
  assert.ok(!html.includes(`id=${ids.scartato}"`), 'non pertinente left out');
  assert.ok(html.includes('Biblioteche &lt;e&gt; &quot;cultura&quot; in scadenza'));
  assert.ok(!html.includes('<e>'));
  // The desk of the Province previews it too; others are refused.
  const sape = await as.sape.call('GET', `/api/v1/comuni/${COMUNE}/digest?data=${encodeURIComponent(it)}`);
  assert.equal(sape.status, 200);
  for (const who of ['altro', 'sapeBS', 'operator']) {
    const x = await as[who].call('GET', `/api/v1/comuni/${COMUNE}/digest`);
    assert.equal(x.status, 403, who);
    assert.ok(!String(x.body).includes('Biblioteche'), who);
  }
  assert.equal((await as.anon.call('GET', `/api/v1/comuni/${COMUNE}/digest`)).status, 401);
  for (const bad of ['31/02/2027', 'ieri', '2027-13-01']) {
    const x = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/digest?data=${encodeURIComponent(bad)}`);
    assert.equal(x.status, 400, bad);
    assert.equal(x.body.error.field, 'data');
  }
  // A date far ahead: nothing new or changed that week.
  const later = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/digest?data=01/06/2030`);
  assert.equal(later.status, 200);
  const s2 = sections(later.body);
  assert.deepEqual([s2.nuovi.length, s2.modificati.length], [0, 0]);
});

test('the weekly run: archived, notified in-app and by e-mail to the referents; a second run sends nothing', async () => {
  const { it, iso } = oggi();
  const exp = await expected(iso);
  const mails0 = sink.messages.length;
  // The referents: active users with the comune role on it (the demo has one too).
  const referenti = sqlRows(srv.db, `SELECT u.email FROM role_grant g JOIN app_user u ON u.id = g.user_id
    WHERE g.role = 'comune' AND g.ente = 'comune:${COMUNE}' AND u.active = 1`).map((x) => x.email).sort();
  assert.ok(referenti.includes('dgs-comune@example.org') && referenti.includes('dgs-comune2@example.org'));
  let r = cli(['europa', 'digest', '--db', srv.db, '--data', it, '--comune', COMUNE]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${COMUNE} Vicenza: nuovi ${exp.nuovi.length}, modificati ${exp.modificati.length}, in scadenza ${exp.scadenza.length}; destinatari ${referenti.length}`));
  assert.match(r.stdout, /riepiloghi inviati: 1/);
  // The archive, with its recipients.
  const arch = await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/digests`);
  assert.equal(arch.status, 200);
  assert.equal(arch.body.total, 1);
  const a = arch.body.items[0];
  assert.equal(a.data, iso);
  assert.deepEqual([a.nuovi, a.modificati, a.in_scadenza], [exp.nuovi.length, exp.modificati.length, exp.scadenza.length]);
  assert.deepEqual(a.destinatari.slice().sort(), referenti);
  const page = await fetch(`${srv.url}/api/v1/comuni/${COMUNE}/digests/${a.id}`, { headers: { cookie: `av_session=${as.comune2.cookie}` } });
  assert.equal(page.status, 200);
  assert.deepEqual(sections(await page.text()), exp);
  // Another Comune's path with this id, another Comune's user: refused.
  assert.equal((await as.altro.call('GET', `/api/v1/comuni/024001/digests/${a.id}`)).status, 404);
  assert.equal((await as.altro.call('GET', `/api/v1/comuni/${COMUNE}/digests/${a.id}`)).status, 403);
  assert.equal((await as.sapeBS.call('GET', `/api/v1/comuni/${COMUNE}/digests`)).status, 403);
  assert.equal((await as.sape.call('GET', `/api/v1/comuni/${COMUNE}/digests/${a.id}`)).status, 200);
  // In-app: each referent has it, the other Comune's user does not.
  for (const who of ['comune', 'comune2']) {
    const n = await as[who].call('GET', '/api/v1/notifiche');
    assert.ok(n.body.items.some((x) => x.oggetto.startsWith('Bandi europei: riepilogo della settimana al') && x.link === `/europa-digest.html?comune=${COMUNE}&id=${a.id}`), who);
  }
  const na = await as.altro.call('GET', '/api/v1/notifiche');
  assert.ok(!na.body.items.some((x) => x.oggetto.startsWith('Bandi europei')));
  // E-mail: one per referent, through the SMTP listener.
  const mails = await waitFor(() => { const m = sink.messages.slice(mails0); return m.length >= referenti.length ? m : null; }, 30000);
  assert.ok(mails, 'one e-mail per referent');
  assert.deepEqual(mails.map((m) => m.to[0].replace(/[<>]/g, '')).sort(), referenti);
  // The e-mail is multipart/alternative: text, then the digest's HTML —
  // read with Python's email package (a second, independent MIME parser).
  const m = mime(mails[0].data);
  assert.equal(m.subject, `Bandi europei: riepilogo della settimana al ${it}`);
  assert.deepEqual(m.parts.map((x) => x.type), ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html']);
  const [text, htmlPart] = [m.parts[2], m.parts[3]];
  assert.equal(text.charset, 'utf-8');
  assert.equal(htmlPart.charset, 'utf-8');
  assert.equal(text.cte, 'base64');
  assert.match(text.body, new RegExp(`Nuovi: ${exp.nuovi.length}; modificati: ${exp.modificati.length}; in scadenza entro 30 giorni: ${exp.scadenza.length}`));
  assert.ok(text.body.includes(`/europa-digest.html?comune=${COMUNE}&id=${a.id}`));
  // The HTML part is the archived digest, byte for byte, with its escaping.
  const archived = await (await fetch(`${srv.url}/api/v1/comuni/${COMUNE}/digests/${a.id}`, { headers: { cookie: `av_session=${as.comune.cookie}` } })).text();
  assert.equal(htmlPart.body, archived);
  assert.deepEqual(sections(htmlPart.body), exp);
  assert.ok(htmlPart.body.includes('Biblioteche &lt;e&gt; &quot;cultura&quot; in scadenza'));
  assert.ok(!htmlPart.body.includes('<e>'));
  assert.equal(sql(srv.db, "SELECT COUNT(*) FROM notifica_email WHERE html IS NOT NULL").trim(), String(referenti.length));
  // Again the same day: nothing new is archived or sent.
  const n0 = Number(sql(srv.db, 'SELECT COUNT(*) FROM notifica').trim());
  r = cli(['europa', 'digest', '--db', srv.db, '--data', it]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${COMUNE} Vicenza: già inviato`));
  assert.equal(Number(sql(srv.db, "SELECT COUNT(*) FROM eu_digest WHERE comune = '024116'").trim()), 1);
  // Other Comuni with referents got theirs (024001 has one user).
  assert.match(r.stdout, /024001 [^:]+: nuovi \d+/);
  assert.equal(Number(sql(srv.db, 'SELECT COUNT(*) FROM notifica').trim()) > n0, true);
  assert.equal(cli(['europa', 'digest', '--db', srv.db, '--data', '31/02/2027']).status, 1);
});
