// spid-idp-registry.test.mjs - the SPID identity providers taken from a
// registry by URL (docs/spid-cie.md "IdP metadata refresh"): a local stub
// (tests/stubs/idp-registry.mjs) serves an aggregate this test signs itself
// with xmlsec1 (Debian's command line, not our code) under a certificate
// of its own, the "registry's".  `areavasta spid idp aggiorna` and the
// server's periodic job must take a good aggregate, and refuse - with the
// metadata file byte for byte as it was and the list in use unchanged - a
// tampered one, one signed by another key, an unsigned one, a wrapped
// signature, an expired one, one with a DTD, an oversized answer and an
// unreachable registry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, binary, cli, sql, startServer } from '../lib/server.mjs';
import { spidSetup, TEST_IDP } from '../lib/spid.mjs';
import { startRegistryStub } from '../stubs/idp-registry.mjs';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const SECOND_IDP = 'https://idp-due.example.it';
let sp;
let stub;
let work;
let idpFile;
let original;
let good;

function keyPair(name) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30',
    '-subj', `/CN=${name}`, '-keyout', join(work, `${name}.key`), '-out', join(work, `${name}.crt`)],
  { stdio: 'ignore' });
}

// The aggregate's template: two IdPs (the validator's and a copy under
// another entityID and name), the enveloped Signature first.
function template({ id = '_registro-prova', validUntil = '2099-01-01T00:00:00Z', extra = '' } = {}) {
  const one = original.slice(original.indexOf('<'));
  const two = one.replaceAll(TEST_IDP, SECOND_IDP);
  // The chooser's name is the first OrganizationDisplayName.
  const named = (e, name) => e.replace(/(<ns0:OrganizationDisplayName[^>]*>)[^<]*/, `$1${name}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntitiesDescriptor xmlns:md="${MD}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="${id}" validUntil="${validUntil}" Name="registro di prova">`
    + '<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`
    + '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>'
    + '<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>'
    + `${named(one, 'IdP di prova uno')}${named(two, 'IdP di prova due')}${extra}</md:EntitiesDescriptor>\n`;
}

function sign(xml, signer) {
  const t = join(work, 'tmpl.xml');
  const o = join(work, 'signed.xml');
  writeFileSync(t, xml);
  execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${join(work, `${signer}.key`)},${join(work, `${signer}.crt`)}`,
    '--id-attr:ID', `${MD}:EntitiesDescriptor`, '--output', o, t], { stdio: 'ignore' });
  return readFileSync(o, 'utf8');
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'idp-registry-'));
  stub = await startRegistryStub();
  sp = await spidSetup();
  idpFile = join(sp.dir, 'idp-spid.xml');
  original = readFileSync(idpFile, 'utf8');
  keyPair('agid');
  keyPair('altro');
  good = sign(template(), 'agid');
  // A second tool agrees the good one is good.
  writeFileSync(join(work, 'good.xml'), good);
  const v = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(work, 'agid.crt'),
    '--id-attr:ID', `${MD}:EntitiesDescriptor`, join(work, 'good.xml')], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  const r = cli(['spid', 'config', '--data-dir', sp.dir, '--idp-url', stub.url, '--idp-url-cert', join(work, 'agid.crt')]);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  await stub.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(sp.dir, { recursive: true, force: true });
});

// Run without blocking this process's event loop: the stub answers from it.
const aggiorna = () => new Promise((res) => {
  execFile(binary(), ['spid', 'idp', 'aggiorna', '--data-dir', sp.dir], { cwd: ROOT, encoding: 'utf8' },
    (e, stdout, stderr) => res({ status: e ? e.code : 0, stdout, stderr }));
});

// Each bad answer: refused with its reason, the file unchanged.
const bad = [
  ['tampered after signing', () => good.replace('IdP di prova due', 'IdP di prova tre'), /firma non è valida/],
  ['signed by another key', () => sign(template(), 'altro'), /firma non è valida/],
  ['unsigned', () => template().replace(/<ds:Signature>.*<\/ds:Signature>/s, ''), /non è firmato/],
  ['an IdP added outside the signed root (wrapping)', () => {
    const inner = good.replace(/^<\?xml[^>]*>\s*/, '');
    return `<md:EntitiesDescriptor xmlns:md="${MD}" ID="_altro"><md:EntityDescriptor entityID="https://evil.example"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>${inner}</md:EntitiesDescriptor>`;
  }, /non è firmato/],
  ['signature moved to a new root with the same ID reference', () => {
    const sig = good.match(/<ds:Signature>.*<\/ds:Signature>/s)[0];
    return `<md:EntitiesDescriptor xmlns:md="${MD}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_registro-prova">${sig}<md:EntityDescriptor entityID="https://evil.example"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor></md:EntitiesDescriptor>`;
  }, /firma non è valida/],
  ['expired (validUntil)', () => sign(template({ validUntil: '2020-01-01T00:00:00Z' }), 'agid'), /scaduto/],
  ['with a DTD', () => good.replace('<md:EntitiesDescriptor', '<!DOCTYPE x [<!ENTITY a "b">]><md:EntitiesDescriptor'), /DTD/],
  ['not XML', () => '<md:EntitiesDescriptor', /XML/],
];

for (const [name, body, why] of bad) {
  test(`spid idp aggiorna: ${name} -> refused, the file unchanged`, async () => {
    stub.serve(body());
    const r = await aggiorna();
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, why);
    assert.equal(readFileSync(idpFile, 'utf8'), original);
  });
}

test('spid idp aggiorna: an oversized answer (9 MiB) is cut off and refused', async () => {
  stub.serveBig(9 << 20);
  const r = await aggiorna();
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /supera 8 MiB/);
  assert.equal(readFileSync(idpFile, 'utf8'), original);
});

test('spid idp aggiorna: registry answering 503, or unreachable -> refused, the file unchanged', async () => {
  stub.fail(503);
  let r = await aggiorna();
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /503/);
  const port = (await import('../lib/spid.mjs')).freePort;
  const closed = `http://127.0.0.1:${await port()}/x.xml`;
  const cfg = cli(['spid', 'config', '--data-dir', sp.dir, '--idp-url', closed]);
  assert.equal(cfg.status, 0, cfg.stderr);
  r = await aggiorna();
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Impossibile scaricare/);
  assert.equal(readFileSync(idpFile, 'utf8'), original);
  assert.equal(cli(['spid', 'config', '--data-dir', sp.dir, '--idp-url', stub.url]).status, 0);
});

test('spid idp aggiorna: the good aggregate replaces the file', async () => {
  stub.serve(good);
  const r = await aggiorna();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 identity provider/);
  assert.equal(readFileSync(idpFile, 'utf8'), good);
  writeFileSync(idpFile, original); // back, for the server's turn
});

const jobState = (db) => sql(db, "SELECT state FROM job WHERE kind = 'spid_idp_aggiorna' ORDER BY id DESC LIMIT 1").trim();
async function until(cond, ms = 30000) {
  for (let t = 0; t < ms; t += 250) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  return cond();
}
const idps = async (srv) => (await (await fetch(`${srv.url}/api/v1/auth/saml/idp`)).json()).items.map((i) => i.entity_id);

test('the server refreshes at start and daily: a tampered registry leaves the list; the good one is published live', { timeout: 120000 }, async () => {
  stub.serve(good.replace('IdP di prova due', 'IdP di prova tre'));
  let srv = await startServer({ args: sp.args, keep: true });
  try {
    assert.equal(await until(() => jobState(srv.db) === 'failed'), true, `job: ${jobState(srv.db)}`);
    assert.deepEqual(await idps(srv), [TEST_IDP]);
    assert.equal(readFileSync(idpFile, 'utf8'), original);
    const every = sql(srv.db, "SELECT every_seconds FROM job_periodic WHERE kind = 'spid_idp_aggiorna'").trim();
    assert.equal(every, '86400');
  } finally {
    await srv.stop();
  }
  stub.serve(good);
  srv = await startServer({ args: sp.args, reuse: srv.db });
  try {
    assert.equal(await until(() => jobState(srv.db) === 'done'), true, `job: ${jobState(srv.db)}`);
    assert.deepEqual((await idps(srv)).sort(), [SECOND_IDP, TEST_IDP].sort());
    const names = (await (await fetch(`${srv.url}/api/v1/auth/saml/idp`)).json()).items.map((i) => i.nome).sort();
    assert.deepEqual(names, ['IdP di prova due', 'IdP di prova uno']);
    assert.equal(readFileSync(idpFile, 'utf8'), good);
    // A login toward the refreshed list still works (Lasso gets the IdP).
    const r = await fetch(`${srv.url}/api/v1/auth/saml/login?idp=${encodeURIComponent(SECOND_IDP)}`, { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.match(r.headers.get('location'), /^https:\/\/idp-due\.example\.it\//);
  } finally {
    await srv.stop();
  }
});
