// idp-prova.mjs - a server with SPID/CIE and the IdP di prova on
// (src/identity/test_idp*.c): the SP's key of AgID's profile
// (scripts/spid-test-cert.py), the IdP's files made by `areavasta
// idp-prova`, `spid config` trusting its two metadata, `serve
// --idp-di-prova` on a port chosen before the server starts; and a small
// browser (cookie jar, redirects followed by hand, forms read from the
// pages) that logs in and out by the HTTP flow a person's browser follows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, startServer } from './server.mjs';
import { freePort } from './spid.mjs';

export async function idpSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-idp-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entity = `${base}/api/v1/auth/saml/metadata`;
  execFileSync('/usr/bin/python3', [join(ROOT, 'scripts', 'spid-test-cert.py'), join(dir, 'cert'), entity, 'c_d969', 'Provincia di Prova'],
    { encoding: 'utf8' });
  let r = cli(['idp-prova', '--data-dir', dir, '--url', base]);
  if (r.status !== 0) throw new Error(`idp-prova: ${r.stderr}`);
  r = cli(['spid', 'config', '--data-dir', dir, '--entity-id', entity, '--url', base,
    '--chiave', join(dir, 'cert', 'sp.key'), '--certificato', join(dir, 'cert', 'sp.crt'),
    '--organizzazione', 'Provincia di Prova', '--sito', 'https://www.provincia.example.it',
    '--codice-ipa', 'c_d969', '--email', 'spid@provincia.example.it',
    '--idp-spid', join(dir, 'idp-prova', 'spid.xml'), '--idp-cie', join(dir, 'idp-prova', 'cie.xml')]);
  if (r.status !== 0) throw new Error(`spid config: ${r.stderr}`);
  return {
    dir, base, port, entity,
    idp: { spid: `${base}/api/v1/idp-prova/spid`, cie: `${base}/api/v1/idp-prova/cie` },
    args: ['--listen', `127.0.0.1:${port}`, '--data-dir', dir, '--idp-di-prova'],
  };
}

export async function startIdpServer(opts = {}) {
  const sp = await idpSetup();
  const srv = await startServer({ ...opts, args: [...sp.args, ...(opts.args || [])] });
  return { srv, sp };
}

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// The hidden inputs and the action of the page's first form.
export function formOf(html) {
  const action = html.match(/<form[^>]*action="([^"]*)"/);
  const fields = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]] = unescape(m[2]);
  return { action: action ? unescape(action[1]) : null, fields };
}

// A browser: one cookie jar for the site (the IdP is on the same host).
export function browser(base) {
  const jar = new Map();
  async function go(url, init = {}) {
    const u = new URL(url, base);
    const headers = { ...(init.headers || {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = base;
    }
    const res = await fetch(u, {
      method: init.form ? 'POST' : (init.method || 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : init.body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i);
      const v = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c) || v === '') jar.delete(k); else jar.set(k, v);
    }
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), text, headers: res.headers };
  }
  return { jar, go };
}

// The login a person makes: "Entra con SPID/CIE", the IdP, the identity
// and level on the IdP's page, the Response posted to the ACS.  Returns
// every step's answer; opts.tamper(xml) may change the Response on the way.
export async function loginThrough(b, sp, { tipo = 'spid', cf, livello = 2, chiesto = 2, next = '/area.html', tamper } = {}) {
  const q = new URLSearchParams({ idp: sp.idp[tipo], livello: String(chiesto), next });
  const start = await b.go(`/api/v1/auth/saml/login?${q}`);
  if (start.status !== 302) throw new Error(`login: ${start.status} ${start.text}`);
  const chooser = await b.go(start.location);
  if (chooser.status !== 200) throw new Error(`IdP: ${chooser.status} ${chooser.text}`);
  const f = formOf(chooser.text);
  const answer = await b.go(f.action, { form: { ...f.fields, cf, livello: String(livello) } });
  if (answer.status !== 200) throw new Error(`IdP answer: ${answer.status} ${answer.text}`);
  const post = formOf(answer.text);
  if (tamper) {
    const xml = Buffer.from(post.fields.SAMLResponse, 'base64').toString('utf8');
    post.fields.SAMLResponse = Buffer.from(tamper(xml)).toString('base64');
  }
  const acs = await b.go(post.action, { form: post.fields });
  return { start, chooser, answer, post, acs };
}
