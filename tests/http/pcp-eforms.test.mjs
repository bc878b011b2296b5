// pcp-eforms.test.mjs - the eForms notices of the SUA's tenders (issue 17,
// item 5): GET /api/v1/sua/gare/{id}/eforms/{16|29} and `areavasta pcp
// eforms`, for the demo tenders, a freshly created one and an awarded
// one.  Every notice is validated by independent tools: `xmllint
// --schema` against the eForms SDK 1.13.3 XSDs, and
// tests/lib/eforms_mandatory.py, which walks fields/fields.json and
// notice-types/NN.json and reports the mandatory fields missing.  Values
// (lots, CPV, amounts, deadlines with the Europe/Rome offset, winner) are
// checked against the database rows, recomputed here.  Malformed tender
// data is refused (422, field named) and nothing is produced; another
// Province's officer, a Comune, an operator and anonymous are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, assertEnvelope, cli, sql as sqlOn, sqlRows, SHARED, ROOT } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const SDK = join(SHARED, 'data', 'eforms-sdk-1.13.3');
const XSD = { 16: join(SDK, 'schemas', 'maindoc', 'UBL-ContractNotice-2.3.xsd'), 29: join(SDK, 'schemas', 'maindoc', 'UBL-ContractAwardNotice-2.3.xsd') };
const dir = mkdtempSync(join(tmpdir(), 'eforms-'));

let srv, sua, suaPd, comune, oper;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'sua.ef@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'sua.ef.pd@example.org', 'sua_officer', 'provincia:028');
  addUser(srv.db, 'comune.ef@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'op.ef@example.org', 'operator', 'operatore:01234567897');
  sua = await login(srv.url, 'sua.ef@example.org');
  suaPd = await login(srv.url, 'sua.ef.pd@example.org');
  comune = await login(srv.url, 'comune.ef@example.org');
  oper = await login(srv.url, 'op.ef@example.org');
});
after(async () => { await srv.stop(); });

const rows = (q) => sqlRows(srv.db, q);

// Validates a notice with xmllint and the mandatory-field walk; returns its path.
let n = 0;
function validate(xml, subtype) {
  const f = join(dir, `notice-${++n}-${subtype}.xml`);
  writeFileSync(f, xml);
  const x = spawnSync('xmllint', ['--noout', '--schema', XSD[subtype], f], { encoding: 'utf8' });
  assert.equal(x.status, 0, `xmllint: ${x.stderr}`);
  const m = JSON.parse(execFileSync('/usr/bin/python3', [join(ROOT, 'tests', 'lib', 'eforms_mandatory.py'), f, String(subtype), SDK], { encoding: 'utf8' }));
  assert.deepEqual(m.missing, [], `campi obbligatori mancanti: ${m.missing}`);
  assert.ok(m.checked.length >= 25, `too few mandatory fields checked: ${m.checked.length}`);
  return f;
}

// All matches of an element's text (namespace prefixes as generated).
const all = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

// Text as libxml2 escapes it in element content.
const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Cents -> "12345.67", by integer arithmetic on BigInt (independent of the C code).
const amount = (cents) => { const c = BigInt(cents); return `${c / 100n}.${String(c % 100n).padStart(2, '0')}`; };

// A Unix instant as eForms date and time in Europe/Rome with its offset.
function romeDateTime(t) {
  const d = new Date(t * 1000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  const off = parts.timeZoneName.replace('GMT', '') || '+00:00';
  return [`${parts.year}-${parts.month}-${parts.day}${off}`, `${parts.hour}:${parts.minute}:${parts.second}${off}`];
}

async function notice(id, subtype, who = sua) {
  return who.call('GET', `/api/v1/sua/gare/${id}/eforms/${subtype}`);
}

function checkLots(xml, garaId) {
  const lots = rows(`SELECT numero, cpv, importo_cents, sicurezza_cents, cig FROM sua_lotto WHERE gara_id = ${garaId} ORDER BY numero`);
  assert.ok(lots.length > 0);
  const ids = all(xml, 'cbc:ID').filter((v) => /^LOT-\d{4}$/.test(v));
  assert.deepEqual([...new Set(ids)], lots.map((l) => `LOT-${String(l.numero).padStart(4, '0')}`));
  const totals = all(xml, 'cbc:EstimatedOverallContractAmount');
  assert.deepEqual(totals, lots.map((l) => amount(BigInt(l.importo_cents) + BigInt(l.sicurezza_cents))));
  const cpvs = all(xml, 'cbc:ItemClassificationCode');
  assert.deepEqual(cpvs.slice(1), lots.map((l) => l.cpv.slice(0, 8)), 'one CPV per lot after the procedure\'s');
  for (const l of lots) if (l.cig) assert.ok(xml.includes(`>${l.cig}</cbc:ID>`), `CIG ${l.cig}`);
}

test('contract notice (16) of every open demo tender: XSD-valid, mandatory fields, values from the rows', async () => {
  const gare = rows("SELECT id, termine_offerte, oggetto FROM sua_gara WHERE provincia = '024' AND procedura = 'aperta' AND termine_offerte IS NOT NULL AND stato = 'pubblicata' ORDER BY id");
  assert.ok(gare.length >= 2, 'the demo has open tenders');
  for (const g of gare) {
    const r = await notice(g.id, 16);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type'), /^application\/xml/);
    const xml = r.body;
    validate(xml, 16);
    assert.deepEqual(all(xml, 'cbc:SubTypeCode'), ['16']);
    assert.deepEqual(all(xml, 'cbc:CustomizationID'), ['eforms-sdk-1.13']);
    assert.deepEqual(all(xml, 'cbc:ProcedureCode'), ['open']);
    checkLots(xml, g.id);
    const [d, t] = romeDateTime(Number(g.termine_offerte));
    assert.ok(all(xml, 'cbc:EndDate').every((v) => v === d), `${all(xml, 'cbc:EndDate')} vs ${d}`);
    assert.ok(all(xml, 'cbc:EndTime').every((v) => v === t), `${all(xml, 'cbc:EndTime')} vs ${t}`);
    assert.ok(all(xml, 'cbc:Name').includes(esc(g.oggetto)));
    // The same tender, the same identifiers (BT-04, BT-701).
    const again = (await notice(g.id, 16)).body;
    assert.deepEqual(all(again, 'cbc:ContractFolderID'), all(xml, 'cbc:ContractFolderID'));
  }
});

test('a freshly created tender, with characters XML must escape', async () => {
  const DAY = 86400000;
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: 'Fornitura arredi <scuole> & "palestre" — 2027', tipo: 'forniture',
    lotti: [{ oggetto: 'Banchi & sedie', cpv: '39160000-1', importo_cents: 12345601, sicurezza_cents: 99, comune: '024116' },
      { oggetto: 'Lavagne', cpv: '30195000', importo_cents: 500000, sicurezza_cents: 0, comune: '024001' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const p = await sua.call('PUT', `/api/v1/sua/gare/${id}`, {
    procedura: 'aperta',
    termine_offerte: new Date(Date.now() + 40 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  const x = await notice(id, 16);
  assert.equal(x.status, 200, JSON.stringify(x.body));
  validate(x.body, 16);
  assert.ok(x.body.includes(`>${esc('Fornitura arredi <scuole> & "palestre" — 2027')}</cbc:Name>`));
  assert.deepEqual(all(x.body, 'cbc:ProcurementTypeCode').slice(0, 1), ['supplies']);
  checkLots(x.body, id);
  const [g] = rows(`SELECT termine_offerte FROM sua_gara WHERE id = ${id}`);
  assert.deepEqual([...new Set(all(x.body, 'cbc:EndDate'))], [romeDateTime(Number(g.termine_offerte))[0]]);
});

test('contract award notice (29) once a lot is awarded and its contract signed', async () => {
  const [g] = rows("SELECT id FROM sua_gara WHERE provincia = '024' AND procedura = 'aperta' AND stato = 'pubblicata' ORDER BY id LIMIT 1");
  const before29 = await notice(g.id, 29);
  assertEnvelope(assert, before29, 422);
  assert.equal(before29.body.error.field, 'esiti');
  const lots = rows(`SELECT id, numero FROM sua_lotto WHERE gara_id = ${g.id} ORDER BY numero`);
  const eco = JSON.stringify({ graduatoria: [{ offerta_id: 7, operatore: '01234567897', ragione_sociale: 'Strade & Ponti S.r.l.' }, { offerta_id: 8, operatore: '00000000000', ragione_sociale: 'Seconda' }], ribasso_aggiudicazione: '12.500' });
  const awarded = 1798761600; // 2027-01-01T00:00:00Z = 01:00 in Rome
  sqlOn(srv.db, `INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, aggiudicata_at, contratto_data, contratto_cents, updated)
    VALUES (${lots[0].id}, ${g.id}, 'contratto', '${eco.replace(/'/g, "''")}', 7, ${awarded}, '2027-07-15', 15750011, ${awarded})`);
  const r = await notice(g.id, 29);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const xml = r.body;
  validate(xml, 29);
  assert.deepEqual(all(xml, 'cbc:SubTypeCode'), ['29']);
  assert.ok(xml.includes('Strade &amp; Ponti S.r.l.'));
  assert.ok(xml.includes('>01234567897</cbc:CompanyID>'));
  assert.deepEqual(all(xml, 'cbc:PayableAmount'), [amount(15750011)]);
  assert.deepEqual(all(xml, 'cbc:TotalAmount'), [amount(15750011)]);
  // The contract's day (in the extension, before the notice's own IssueDate), with its summer offset.
  assert.equal(all(xml, 'cbc:IssueDate').filter((v) => v === '2027-07-15+02:00').length, 1, all(xml, 'cbc:IssueDate').join());
  assert.deepEqual(all(xml, 'cbc:AwardDate'), ['2027-01-01+01:00']);
  const status = all(xml, 'cbc:TenderResultCode');
  assert.deepEqual(status, lots.map((l, i) => (i === 0 ? 'selec-w' : 'open-nw')));
  assert.deepEqual(all(xml, 'efbc:StatisticsNumeric'), ['2']);
  // The CLI writes the same notice (apart from the issue instant).
  const out = join(dir, 'cli-29.xml');
  const c = cli(['pcp', 'eforms', '--db', srv.db, '--gara', String(g.id), '--tipo', '29', '--out', out]);
  assert.equal(c.status, 0, c.stderr);
  const fromCli = readFileSync(out, 'utf8');
  validate(fromCli, 29);
  const strip = (s) => s.replace(/<cbc:Issue(Date|Time)>[^<]*<\/cbc:Issue\1>/, '');
  assert.equal(strip(fromCli).replace(/<cbc:IssueTime>[^<]*<\/cbc:IssueTime>/, ''), strip(xml).replace(/<cbc:IssueTime>[^<]*<\/cbc:IssueTime>/, ''));
});

test('malformed tender data refused before generation, field named, nothing written', async () => {
  const mk = (over) => {
    sqlOn(srv.db, `INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura, criterio, termine_offerte, created, updated)
      VALUES ('024', 'bozza', 'Prova eForms', ${over.tipo ?? "'servizi'"}, ${over.procedura ?? "'aperta'"}, 'prezzo', ${over.termine ?? 1900000000}, 0, 0)`);
    const id = Number(rows('SELECT MAX(id) AS id FROM sua_gara')[0].id);
    for (const l of over.lotti ?? [{}]) {
      sqlOn(srv.db, `INSERT INTO sua_lotto (gara_id, numero, oggetto, cpv, importo_cents, sicurezza_cents, comune)
        VALUES (${id}, 1, 'Lotto', ${l.cpv ?? "'60130000-8'"}, ${l.importo ?? 100000}, 0, '024116')`);
    }
    return id;
  };
  const cases = [
    [mk({ lotti: [] }), 16, 'lotti'],
    [mk({ lotti: [{ cpv: "'6013'" }] }), 16, 'lotti[0].cpv'],
    [mk({ termine: 'NULL' }), 16, 'termine_offerte'],
    [mk({ procedura: "'affidamento_diretto'" }), 16, 'procedura'],
    [mk({ procedura: "'negoziata_senza_bando'" }), 16, 'procedura'],
  ];
  for (const [id, tipo, field] of cases) {
    const r = await notice(id, tipo);
    const e = assertEnvelope(assert, r, 422);
    assert.equal(e.field, field, JSON.stringify(e));
    assert.match(e.message, /^[A-Z].{15,}\.$/u, 'an Italian sentence');
    const out = join(dir, `bad-${id}.xml`);
    const c = cli(['pcp', 'eforms', '--db', srv.db, '--gara', String(id), '--tipo', String(tipo), '--out', out]);
    assert.equal(c.status, 1);
    assert.match(c.stderr, new RegExp(`campo ${field.replace(/[[\]]/g, '\\$&')}`));
    assert.ok(!existsSync(out), 'nothing written');
  }
  // A lot with an invalid CPV among valid ones; an unknown type of notice; a tender that does not exist.
  assertEnvelope(assert, await notice(cases[0][0], 17), 404);
  assertEnvelope(assert, await notice(999999, 16), 404);
  assertEnvelope(assert, await notice('abc', 16), 404);
  const c = cli(['pcp', 'eforms', '--db', srv.db, '--gara', '1', '--tipo', '17']);
  assert.equal(c.status, 2);
});

test('attacker: another Province\'s officer, a Comune, an operator, anonymous are refused, nothing leaked', async () => {
  const [g] = rows("SELECT id, oggetto FROM sua_gara WHERE provincia = '024' AND procedura = 'aperta' AND stato = 'pubblicata' ORDER BY id LIMIT 1");
  for (const tipo of [16, 29]) {
    for (const who of [suaPd, comune, oper]) {
      const r = await notice(g.id, tipo, who);
      assertEnvelope(assert, r, 403);
      assert.ok(!JSON.stringify(r.body).includes(g.oggetto));
    }
    const anon = await api(srv.url, `/api/v1/sua/gare/${g.id}/eforms/${tipo}`);
    assertEnvelope(assert, anon, 401);
    assert.ok(!JSON.stringify(anon.body).includes(g.oggetto));
  }
  // The Padova officer cannot probe which tenders exist either: same answer for a missing one.
  const missing = await notice(999999, 16, suaPd);
  assert.ok([403, 404].includes(missing.status));
});

// ---- ANAC schede (issue 17, item 4) -----------------------------------------

const NPA = join(SHARED, 'data', 'anac', 'npa');

// The fields ANAC requires that the SUA does not collect yet
// (docs/pcp-schede.md, "Not covered"): [path pattern, property].
const GAPS = {
  P1_16: [
    ['', 'espd'],
    ['anacForm/appalto', 'categorieMerceologiche'],
    ...['lavoroOAcquistoPrevistoInProgrammazione', 'opzioniRinnovi', 'categoria', 'ripetizioniEConsegneComplementari',
      'servizioPubblicoLocale', 'prestazioniComprese', 'ccnl', 'ipotesiCollegamento', 'categorieMerceologiche',
      'afferenteInvestimentiPNRR', 'contrattiDisposizioniParticolari', 'finanziamenti'].map((p) => ['anacForm/lotti/N', p]),
  ],
  A1_29: [
    ['anacForm/appalto', 'relazioneUnicaSulleProcedure'],
    ['anacForm/appalto', 'opereUrbanizzazioneScomputo'],
  ],
  S2: [
    ['anacForm/elencoSoggetti/N/partecipanti/N', 'tipoOE'],
    ['anacForm/elencoSoggetti/N/partecipanti/N', 'avvalimento'],
  ],
};

// Generates a scheda with the CLI and validates it with ANAC's model
// (tests/lib/anac_scheda_check.py); returns [scheda, errors].
function scheda(id, codice) {
  const out = join(dir, `scheda-${id}-${codice}.json`);
  const c = cli(['pcp', 'scheda', '--db', srv.db, '--gara', String(id), '--codice', codice, '--ausa', '0000245517', '--centro-costo', 'SUA-01', '--out', out]);
  assert.equal(c.status, 0, c.stderr);
  const res = JSON.parse(execFileSync('/usr/bin/python3', [join(ROOT, 'tests', 'lib', 'anac_scheda_check.py'), out, NPA], { encoding: 'utf8' }));
  return [JSON.parse(readFileSync(out, 'utf8')).scheda, res.errors];
}

// Every error is a documented gap (a required property not yet collected)
// and every gap shows: nothing else is wrong (types, code lists, extra
// properties, lengths).
function onlyGaps(codice, errors) {
  const seen = new Set();
  for (const e of errors) {
    assert.equal(e.validator, 'required', `${e.path}: ${e.message}`);
    const prop = e.message.match(/^'(\w+)' is a required property$/)[1];
    const key = `${e.path.replace(/\/\d+/g, '/N')}#${prop}`;
    assert.ok(GAPS[codice].some(([p, q]) => `${p}#${q}` === key), `non documentato: ${key}`);
    seen.add(key);
  }
  assert.deepEqual([...seen].sort(), GAPS[codice].map(([p, q]) => `${p}#${q}`).sort());
}

test('P1_16 of the demo tenders: ANAC schema (YAML converted here), code lists, eForm 16 embedded', async () => {
  const c = cli(['istanza', 'set', '--db', srv.db, 'codice_fiscale', '00496080243']);
  assert.equal(c.status, 0, c.stderr);
  const gare = rows("SELECT id FROM sua_gara WHERE provincia = '024' AND procedura = 'aperta' AND stato = 'pubblicata' ORDER BY id");
  for (const { id } of gare) {
    const [s, errors] = scheda(id, 'P1_16');
    onlyGaps('P1_16', errors);
    assert.deepEqual(s.codice, { idTipologica: 'codiceScheda', codice: 'P1_16' });
    const f = s.body.anacForm;
    assert.equal(f.stazioniAppaltanti[0].codiceFiscale, '00496080243');
    const lots = rows(`SELECT numero, comune, importo_cents, sicurezza_cents FROM sua_lotto WHERE gara_id = ${id} ORDER BY numero`);
    assert.deepEqual(f.lotti.map((l) => l.lotIdentifier), lots.map((l) => `LOT-${String(l.numero).padStart(4, '0')}`));
    assert.deepEqual(f.lotti.map((l) => l.codIstat.codice), lots.map((l) => `005${l.comune}`));
    // The eForm inside is the notice 16 of the same tender, valid, with the same lots.
    const xml = Buffer.from(s.body.eform, 'base64').toString('utf8');
    validate(xml, 16);
    assert.deepEqual([...new Set(all(xml, 'cbc:ID').filter((v) => /^LOT-/.test(v)))], f.lotti.map((l) => l.lotIdentifier));
    // Amounts: exact decimals in the JSON text, equal to the cents.
    const text = readFileSync(join(dir, `scheda-${id}-P1_16.json`), 'utf8');
    for (const l of lots) assert.ok(text.includes(`"impTotaleSicurezza":${amount(l.sicurezza_cents)}`), `sicurezza ${l.sicurezza_cents}`);
  }
});

test('A1_29 and S2 of the awarded tender: ANAC schema, CIGs, offers, eForm 29 embedded; a lot without CIG refused', async () => {
  const [g] = rows("SELECT gara_id AS id FROM sua_esito_lotto ORDER BY gara_id LIMIT 1");
  assert.ok(g, 'the award test ran first');
  const [s, errors] = scheda(g.id, 'A1_29');
  onlyGaps('A1_29', errors);
  const cig = rows(`SELECT l.cig FROM sua_esito_lotto e JOIN sua_lotto l ON l.id = e.lotto_id WHERE e.gara_id = ${g.id} ORDER BY l.numero`).map((r) => r.cig);
  assert.deepEqual(s.body.anacForm.aggiudicazioni.map((a) => a.cig), cig);
  validate(Buffer.from(s.body.eform, 'base64').toString('utf8'), 29);
  // S2: every offer of the awarded lot, from the evaluation's results.
  const [s2, e2] = scheda(g.id, 'S2');
  onlyGaps('S2', e2);
  assert.deepEqual(s2.body.anacForm.elencoSoggetti.map((x) => x.cig), cig);
  assert.deepEqual(s2.body.anacForm.elencoSoggetti[0].partecipanti.map((p) => [p.codiceFiscale, p.denominazione]),
    [['01234567897', 'Strade & Ponti S.r.l.'], ['00000000000', 'Seconda']]);
  assert.equal(s2.body.eform, undefined, 'S2 has no eForm');
  sqlOn(srv.db, `UPDATE sua_lotto SET cig = NULL WHERE id = (SELECT lotto_id FROM sua_esito_lotto WHERE gara_id = ${g.id} LIMIT 1)`);
  const out = join(dir, 'no-cig.json');
  const c = cli(['pcp', 'scheda', '--db', srv.db, '--gara', String(g.id), '--codice', 'A1_29', '--out', out]);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /CIG.*campo lotti\[0\]\.cig/);
  assert.ok(!existsSync(out));
});
