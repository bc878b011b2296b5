// pcp.mjs - a local stand-in for ANAC's Piattaforma Contratti Pubblici
// (specifiche-servizi-appalto.yaml in ../shared/data/anac/npa), for the
// lifecycle tests and `make demo`.  It implements the e-services the
// areavasta lifecycle calls (docs/pcp-ciclo.md) under
// <url>/<Context>/v1/<operation>:
//   ComunicaAppalto: crea-appalto, ricerca-appalto, conferma-appalto,
//                    recupera-cig
//   GestioneUtenti: presa-carico          ServiziComuni: esito-operazione
//   PubblicaAvviso: pubblica-avviso, stato-avviso
//   ComunicaPostPubblicazione: crea-scheda, ricerca-scheda, conferma-scheda
// Every call must carry a PDND voucher (Authorization: Bearer, an at+jwt
// signed by the PDND stub's key, not expired, whose digest is the SHA-256
// of the tracking JWS) and the ANAC tracking JWS in
// Agid-JWT-TrackingEvidence: a compact JWS (not Base64-wrapped again),
// header {kid, alg RS256, typ JWT}, signed by the client's registered key,
// exp - iat <= 10 s, not expired, jti never seen, aud = the e-service base
// URL, businessFlowID the zero UUID only before the procedure exists and
// its idAppalto afterwards.  A refused call is 401 with a SEC code of
// errori.json.  Asynchronous operations answer "Richiesta acquisita" and
// their result shows in esito-operazione after `pendingPolls` WT answers;
// a published notice goes IN_ATT_PUBB, then PUBB after `pendingPolls`
// stato-avviso calls.  CIGs are real PCP CIGs (letter + 6 hex + check,
// ANAC's algorithm).
//
//   const pcp = await startPcpStub({ voucherPublicKeyPem, clientPublicKeyPem, kid });
//   pcp.url; pcp.counts['crea-appalto']; pcp.calls; pcp.appalti; pcp.schede;
//   pcp.contratti (idContratto -> {idAppalto, cig}: made when an SC1 is
//   confirmed, returned in its esito-operazione, required by I1);
//   pcp.fail('crea-appalto', 429, 3); pcp.fail('*', 503, 5);
//   pcp.hang('conferma-appalto', 1);  // processed, never answered
//   pcp.error('pubblica-avviso', 'ERR46', 1);  // an ANAC error code
//   pcp.close();
//
// Options: pendingPolls (WT / IN_ATT_PUBB answers before the outcome);
// checkScheda(codice, scheda) -> null or the reason, run on every scheda
// of crea-appalto / crea-scheda (the tests give ANAC's schema check,
// tests/lib/anac_scheda_check.py): a reason is refused with ERR4, as PCP
// refuses a scheda outside its JSON schema.  The opening scheda decides
// the path: a call (P1_*, P2_*) gets an idAvviso to publish; a direct
// award (AD*) gets its CIGs and no notice, and its later schede are
// accepted once confirmed.  recupera-cig serves pages of at most 20
// (page, perPage; currentPage, totPages, totRows in the answer).
//
// `counts` counts the requests that reached PCP's logic (not those refused
// by the gateway with 429/503): a lifecycle that sends nothing twice has
// every count at 1.  Standalone (demo): node tests/stubs/pcp.mjs --port
// 8112 --voucher-key FILE --client-key FILE --kid KID
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const SHARED = process.env.AREAVASTA_SHARED || resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
const ERRORI = JSON.parse(readFileSync(join2(SHARED, 'data/anac/npa/docs/modello-dati/tipologiche/errori.json'), 'utf8'));

function join2(a, b) { return `${a}/${b}`; }

// A PCP CIG: letter L..., 6 hex digits, 3 hex check digits (ANAC's
// algorithm: ((value + letter index) * 211) mod 4091).
export function pcpCig(n, letter = 'K') {
  const k = ((n + (letter.charCodeAt(0) - 64)) * 211) % 4091;
  return `${letter}${n.toString(16).toUpperCase().padStart(6, '0')}${k.toString(16).toUpperCase().padStart(3, '0')}`;
}

function decode(jws) {
  const p = String(jws || '').split('.');
  if (p.length !== 3 || p.some((x) => !/^[A-Za-z0-9_-]+$/.test(x))) return null;
  try {
    return { parts: p, header: JSON.parse(Buffer.from(p[0], 'base64url')), claims: JSON.parse(Buffer.from(p[1], 'base64url')) };
  } catch { return null; }
}

const verify = (d, pem) => crypto.verify('RSA-SHA256', Buffer.from(`${d.parts[0]}.${d.parts[1]}`), pem, Buffer.from(d.parts[2], 'base64url'));

export async function startPcpStub(opts) {
  const pending = opts.pendingPolls ?? 1;
  const seenJti = new Set();
  const st = {
    counts: {}, calls: [], cigPages: [], appalti: new Map(), schede: new Map(), contratti: new Map(), faults: [], cigN: opts.cigStart ?? 0x3E00,
  };
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const problem = (res, status, code, detail, headers) => json(res, status, {
    status, title: status === 429 ? 'Too Many Requests' : status === 503 ? 'Service Unavailable' : 'Bad Request', detail,
    ...(code ? { errori: [{ idTipologica: 'errori', codice: code }] } : {}),
  }, headers);
  const secCode = (ERRORI.find((e) => /^SEC/.test(e.codice)) || { codice: 'SEC1' }).codice;

  // The security checks of one call; returns a reason or null.
  function security(req, context, idAppalto, op) {
    const ev = req.headers['agid-jwt-trackingevidence'];
    if (!ev) return 'Agid-JWT-TrackingEvidence missing';
    const t = decode(ev);
    if (!t) return 'tracking evidence is not a compact JWS (Base64-wrapped?)';
    if (Object.keys(t.header).sort().join(',') !== 'alg,kid,typ' || t.header.alg !== 'RS256' || t.header.kid !== opts.kid) return 'tracking header';
    if (!verify(t, opts.clientPublicKeyPem)) return 'tracking signature';
    const c = t.claims, now = Math.floor(Date.now() / 1000);
    if (!Number.isInteger(c.iat) || !Number.isInteger(c.exp) || c.exp - c.iat > 10 || c.exp < now - 1) return 'tracking lifetime';
    if (!c.jti || seenJti.has(c.jti)) return 'tracking jti replayed';
    seenJti.add(c.jti);
    if (c.aud !== `${st.url}/${context}/v1`) return `tracking aud ${c.aud}`;
    for (const k of ['userCodiceFiscale', 'userRole', 'userLoa', 'userIdpType', 'SAcodiceAUSA', 'regCodicePiattaforma', 'regCodiceComponente', 'traceID']) {
      if (!c[k]) return `tracking claim ${k} missing`;
    }
    if (!['3', '4'].includes(c.userLoa)) return 'userLoa';
    const first = op === 'crea-appalto' || op === 'ricerca-appalto';
    if (first && c.businessFlowID !== ZERO_UUID) return 'businessFlowID must be the zero UUID';
    if (!first && idAppalto && c.businessFlowID !== idAppalto) return 'businessFlowID is not the idAppalto';
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization || '');
    if (!auth) return 'voucher missing';
    const v = decode(auth[1]);
    if (!v || v.header.typ !== 'at+jwt' || !verify(v, opts.voucherPublicKeyPem)) return 'voucher signature';
    if (v.claims.exp < now) return 'voucher expired';
    const digest = crypto.createHash('sha256').update(ev).digest('hex');
    if (!v.claims.digest || v.claims.digest.value !== digest) return 'voucher digest does not match the tracking JWS';
    return null;
  }

  function takeFault(op) {
    const i = st.faults.findIndex((f) => f.n > 0 && (f.op === op || f.op === '*'));
    if (i < 0) return null;
    st.faults[i].n--;
    return st.faults[i];
  }

  const ops = {
    'crea-appalto'(q, b) {
      const s = b && b.scheda;
      const form = s && s.body && s.body.anacForm;
      // a call lists its lotti; a direct award (AD*) its aggiudicazioni
      const lots = form && (Array.isArray(form.lotti) ? form.lotti : form.aggiudicazioni);
      if (!s || !s.codice || !form || !form.appalto || !form.appalto.codiceAppalto || !Array.isArray(lots) || !lots.length) {
        return [400, null, 'ERR3', 'scheda non valida'];
      }
      const bad = opts.checkScheda ? opts.checkScheda(s.codice.codice, s) : null;
      if (bad) return [400, null, 'ERR4', `scheda fuori dallo schema ANAC: ${bad}`];
      const id = crypto.randomUUID();
      st.appalti.set(id, { idAppalto: id, codiceAppalto: form.appalto.codiceAppalto, scheda: s.codice.codice, stato: 'IN_LAV',
        lotti: lots.map((l) => l.lotIdentifier), polls: 0, cig: null, idAvviso: null, avviso: null });
      return [200, { status: 200, title: 'Operazione Effettuata', detail: 'Creazione eseguita con successo', idAppalto: id }];
    },
    'ricerca-appalto'(q) {
      const r = [...st.appalti.values()].filter((a) => a.codiceAppalto === q.get('codiceAppalto'));
      return [200, { status: 200, title: 'Operazione Effettuata', totRows: r.length, result: r.map((a) => ({ idAppalto: a.idAppalto, codiceAppalto: a.codiceAppalto, stato: { idTipologica: 'statoAppalto', codice: a.stato } })) }];
    },
    'presa-carico'(q, b, a) { return a ? [200, { status: 200, title: 'Operazione Effettuata' }] : [404, null, 'ERR5', 'appalto non trovato']; },
    'conferma-appalto'(q, b, a) {
      if (!a) return [404, null, 'ERR5', 'appalto non trovato'];
      if (a.stato === 'IN_LAV') {
        a.stato = 'CONF'; a.polls = pending;
        // only a call for competition has a notice to publish
        if (/^P\d/.test(a.scheda)) a.idAvviso = crypto.randomUUID();
      }
      return [200, { status: 200, title: 'Richiesta acquisita' }];
    },
    'esito-operazione'(q, b, a) {
      if (!a) return [404, null, 'ERR5', 'appalto non trovato'];
      const tipo = q.get('tipoOperazione');
      let e;
      if (tipo === 'AP_CONF') {
        if (a.stato === 'IN_LAV') return [404, null, 'ERR5', 'operazione non trovata'];
        e = a.polls > 0 ? 'WT' : 'OK';
        if (a.polls > 0) a.polls--;
        if (e === 'OK' && !a.cig) a.cig = a.lotti.map((l) => ({ lotIdentifier: l, cig: pcpCig(st.cigN++) }));
        return [200, { status: 200, listaEsiti: [{ idAppalto: a.idAppalto, tipoOperazione: tipo, esito: { idTipologica: 'esito', codice: e }, ...(e === 'OK' ? { idAvviso: a.idAvviso } : {}) }] }];
      }
      if (tipo === 'SC_CONF') {
        const s = st.schede.get(q.get('idScheda'));
        if (!s || !s.confermata) return [404, null, 'ERR5', 'operazione non trovata'];
        e = s.polls > 0 ? 'WT' : 'OK';
        if (s.polls > 0) s.polls--;
        // SC1 confirmed: ANAC creates the contract (EsitoOperazioneType.idContratto)
        if (e === 'OK' && s.codice === 'SC1' && !s.idContratto) {
          s.idContratto = crypto.randomUUID();
          st.contratti.set(s.idContratto, { idAppalto: a.idAppalto, cig: (s.form.datiContratto || {}).cig });
        }
        return [200, { status: 200, listaEsiti: [{ idAppalto: a.idAppalto, idScheda: s.idScheda, codiceScheda: s.codice, tipoOperazione: tipo, esito: { idTipologica: 'esito', codice: e }, ...(s.idContratto ? { idContratto: s.idContratto } : {}) }] }];
      }
      return [400, null, 'ERR3', 'tipoOperazione'];
    },
    'recupera-cig'(q, b, a) {
      if (!a) return [404, null, 'ERR5', 'appalto non trovato'];
      if (!a.cig) return [400, null, 'ERR2', 'appalto non confermato'];
      const page = Number(q.get('page') || 1), perPage = Number(q.get('perPage') || 20);
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 20) return [400, null, 'ERR4', 'page/perPage'];
      st.cigPages.push(page);
      const totPages = Math.max(1, Math.ceil(a.cig.length / perPage));
      return [200, { status: 200, totRows: a.cig.length, totPages, currentPage: page, elementPage: perPage, result: a.cig.slice((page - 1) * perPage, page * perPage) }];
    },
    'pubblica-avviso'(q, b, a) {
      if (!a || !b || b.idAvviso !== a.idAvviso) return [404, null, 'ERR5', 'avviso non trovato'];
      if (!a.avviso) a.avviso = { stato: 'IN_ATT_PUBB', polls: pending };
      return [200, { status: 200, title: 'Richiesta acquisita' }];
    },
    'stato-avviso'(q) {
      const a = [...st.appalti.values()].find((x) => x.idAvviso === q.get('idAvviso'));
      if (!a || !a.avviso) return [404, null, 'ERR5', 'avviso non trovato'];
      if (a.avviso.polls > 0) a.avviso.polls--; else a.avviso.stato = 'PUBB';
      return [200, { status: 200, statoAvviso: { idAvviso: a.idAvviso, idAppalto: a.idAppalto, dataControllo: new Date().toISOString(), stato: { idTipologica: 'statoAvviso', codice: a.avviso.stato } } }];
    },
    'crea-scheda'(q, b, a) {
      const s = b && b.scheda;
      if (!a || !s || !s.codice || !s.body) return [400, null, 'ERR3', 'scheda non valida'];
      const opened = a.avviso ? a.avviso.stato === 'PUBB' : (!a.idAvviso && !!a.cig);
      if (!opened) return [400, null, 'ERR2', 'scheda non ammessa in questa fase'];
      const bad = opts.checkScheda ? opts.checkScheda(s.codice.codice, s) : null;
      if (bad) return [400, null, 'ERR4', `scheda fuori dallo schema ANAC: ${bad}`];
      const form = s.body.anacForm || {};
      // I1 names the contract ANAC created with SC1's confirmation
      if (s.codice.codice === 'I1' && !st.contratti.has(form.idContratto)) return [400, null, 'ERR5', 'contratto non trovato'];
      const id = crypto.randomUUID();
      st.schede.set(id, { idScheda: id, idAppalto: a.idAppalto, codice: s.codice.codice, confermata: false, polls: 0, form });
      return [200, { status: 200, title: 'Operazione Effettuata', idScheda: id }];
    },
    'ricerca-scheda'(q) {
      const r = [...st.schede.values()].filter((s) => s.idAppalto === q.get('idAppalto'));
      return [200, { status: 200, totRows: r.length, result: r.map((s) => ({ idScheda: s.idScheda, codiceScheda: s.codice })) }];
    },
    'conferma-scheda'(q, b) {
      const s = b && st.schede.get(b.idScheda);
      if (!s) return [404, null, 'ERR5', 'scheda non trovata'];
      if (!s.confermata) { s.confermata = true; s.polls = pending; }
      return [200, { status: 200, title: 'Richiesta acquisita' }];
    },
  };

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      const m = /^\/([A-Za-z]+)\/v1\/([a-z-]+)$/.exec(u.pathname);
      const op = m && m[2];
      const rec = { op, method: req.method, at: Date.now(), status: 0 };
      st.calls.push(rec);
      if (!m || !ops[op]) { rec.status = 404; return problem(res, 404, null, 'operazione sconosciuta'); }
      const f = takeFault(op);
      if (f && f.kind === 'status') {
        rec.status = f.status;
        return problem(res, f.status, null, f.status === 429 ? 'Too many requests' : 'Service unavailable',
          f.status === 429 ? { 'retry-after': String(f.retryAfter ?? 1) } : {});
      }
      let b = null;
      if (req.method === 'POST') {
        try { b = JSON.parse(body); } catch { rec.status = 400; return problem(res, 400, 'ERR3', 'JSON non valido'); }
      }
      const idAppalto = (b && b.idAppalto) || u.searchParams.get('idAppalto') || null;
      const why = security(req, m[1], idAppalto, op);
      rec.tracking = req.headers['agid-jwt-trackingevidence'];
      if (why) { rec.status = 401; rec.refused = why; return problem(res, 401, secCode, `Tracking/voucher refused: ${why}`); }
      st.counts[op] = (st.counts[op] || 0) + 1;
      if (f && f.kind === 'error') { rec.status = 400; return problem(res, 400, f.code, ERRORI.find((e) => e.codice === f.code)?.descrizione?.it || f.code); }
      const [status, out, code, detail] = ops[op](u.searchParams, b, idAppalto ? st.appalti.get(idAppalto) : null);
      // hang: the request is processed, its answer never sent (the worst
      // case for the client: done at PCP, unknown here)
      if (f && f.kind === 'hang') { rec.status = -1; rec.hung = true; return; }
      rec.status = status;
      if (status !== 200) return problem(res, status, code, detail);
      return json(res, 200, out);
    });
  });
  await new Promise((r) => server.listen(opts.port || 0, '127.0.0.1', r));
  st.url = `http://127.0.0.1:${server.address().port}`;
  const hung = new Set();
  server.on('connection', (s) => { hung.add(s); s.on('close', () => hung.delete(s)); });
  return {
    url: st.url,
    base: (context) => `${st.url}/${context}/v1`,
    counts: st.counts,
    calls: st.calls,
    appalti: st.appalti,
    schede: st.schede,
    contratti: st.contratti,
    cigPages: st.cigPages,
    fail(op, status, n = 1, retryAfter = 1) { st.faults.push({ op, kind: 'status', status, n, retryAfter }); },
    hang(op, n = 1) { st.faults.push({ op, kind: 'hang', n }); },
    error(op, code, n = 1) { st.faults.push({ op, kind: 'error', code, n }); },
    clearFaults() { st.faults.length = 0; },
    close() { for (const s of hung) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const arg = (k) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : undefined; };
  const stub = await startPcpStub({
    port: Number(arg('--port') || 8112),
    voucherPublicKeyPem: readFileSync(arg('--voucher-key'), 'utf8'),
    clientPublicKeyPem: readFileSync(arg('--client-key'), 'utf8'),
    kid: arg('--kid'),
    pendingPolls: Number(arg('--attese') || 1),
  });
  process.stdout.write(`PCP stub on ${stub.url}\n`);
}
