// spid-cie.test.mjs - "Entra con CIE" judged by AgID's validator with CIE's
// profile (spid-sp-test --profile cie-sp-public): the SP metadata for the
// CIE federation (cie: extensions, administrative contact, CIE's
// attributes), the AuthnRequest in both bindings and the response suite
// (-tr, whose CIE mode leaves out the two SPID-only cases), with the
// validator's IdP trusted as the CIE identity provider.  No check is
// excluded: 0 failed.  Then what the validator does not look at: the
// metadata's signature checked by a second tool (xmlsec1), the session of
// a CIE login (method cie, level 3), and bad CIE settings refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser } from '../lib/auth.mjs';
import { cli, sql } from '../lib/server.mjs';
import { startSpidServer, validator, TEST_IDP, TEST_CF } from '../lib/spid.mjs';

let srv;
let sp;
before(async () => {
  ({ srv, sp } = await startSpidServer({
    idpFlag: '--idp-cie',
    extra: ['--cie-comune', 'H501', '--cie-provincia', 'RM'],
  }));
  const uid = addUser(srv.db, 'cie@example.org', 'upi', 'upi');
  sql(srv.db, `UPDATE app_user SET codice_fiscale = '${TEST_CF}' WHERE id = ${uid}`);
});
after(async () => {
  await srv.stop();
  rmSync(sp.dir, { recursive: true, force: true });
});

const md = () => `${srv.url}/api/v1/auth/saml/metadata-cie`;
const authn = (q) => `${srv.url}/api/v1/auth/saml/login?idp=${encodeURIComponent(TEST_IDP)}&${q}`;

function verdict(out) {
  const m = out.match(/executed (\d+) tests, (\d+) failed/);
  assert.ok(m, `no verdict from spid-sp-test:\n${out.slice(-3000)}`);
  const failures = out.split('\n').filter((l) => /^ERROR:|^CRITICAL:/.test(l));
  return { executed: Number(m[1]), failed: Number(m[2]), failures };
}

test('CIE metadata and HTTP-Redirect AuthnRequest, profile cie-sp-public: every check passes', { timeout: 300000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=3'), '-pr', 'cie-sp-public', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 80, `only ${v.executed} checks ran`);
  assert.equal(r.status, 0);
});

test('CIE: HTTP-POST AuthnRequest, profile cie-sp-public: every check passes', { timeout: 300000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=3&binding=post'), '-pr', 'cie-sp-public', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 80);
  assert.equal(r.status, 0);
});

test('CIE: the SPID profile fails on the CIE metadata (the check can fail)', { timeout: 300000 }, () => {
  const r = validator(['--metadata-url', md(), '-pr', 'spid-sp-public', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.ok(v.failed > 0, 'the CIE metadata must not pass as SPID metadata');
});

test('CIE: response suite (-tr, profile cie-sp-public): every Response judged as AgID expects', { timeout: 900000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=2'), '-tr', '-pr', 'cie-sp-public', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 200, `only ${v.executed} checks ran`);
  assert.equal(r.status, 0);
  // Logins through the CIE IdP are sessions of method cie at level 3.
  const rows = sql(srv.db, "SELECT DISTINCT auth_method || ':' || loa FROM session WHERE auth_method IS NOT NULL AND auth_method <> 'password'").trim().split('\n');
  assert.deepEqual(rows, ['cie:3']);
});

test('CIE metadata: signature checked by xmlsec1 with our certificate; the chooser lists the IdP as cie', async () => {
  const res = await fetch(md());
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /samlmetadata\+xml/);
  const xml = await res.text();
  assert.match(xml, /<cie:Municipality>H501<\/cie:Municipality>/);
  assert.match(xml, /contactType="administrative"/);
  assert.doesNotMatch(xml, /Name="email"/);
  const dir = mkdtempSync(join(tmpdir(), 'cie-md-'));
  try {
    writeFileSync(join(dir, 'md.xml'), xml);
    const ok = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(sp.dir, 'cert', 'sp.crt'),
      '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor', join(dir, 'md.xml')], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    writeFileSync(join(dir, 'bad.xml'), xml.replace('H501', 'F205'));
    const bad = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(sp.dir, 'cert', 'sp.crt'),
      '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor', join(dir, 'bad.xml')], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0, 'a changed metadata must not verify');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const list = await (await fetch(`${srv.url}/api/v1/auth/saml/idp`)).json();
  assert.deepEqual(list.items.map((i) => [i.entity_id, i.tipo]), [[TEST_IDP, 'cie']]);
});

test('CIE settings: a codice catastale or province of the wrong shape is refused, the file unchanged', () => {
  const before = execFileSync('cat', [join(sp.dir, 'spid.json')], { encoding: 'utf8' });
  for (const [opt, v] of [['--cie-comune', 'Roma'], ['--cie-comune', 'h501'], ['--cie-provincia', 'Roma'], ['--cie-comune', 'H50<']]) {
    const r = cli(['spid', 'config', '--data-dir', sp.dir, opt, v]);
    assert.notEqual(r.status, 0, `${opt} ${v} accepted`);
    assert.match(r.stderr, /cie_comune|cie_provincia|ammessi/);
  }
  assert.equal(execFileSync('cat', [join(sp.dir, 'spid.json')], { encoding: 'utf8' }), before);
});

test('the SPID metadata stays SPID\'s beside the CIE one', async () => {
  const res = await fetch(`${srv.url}/api/v1/auth/saml/metadata`);
  assert.equal(res.status, 200);
  const spidMd = await res.text();
  assert.match(spidMd, /spid:IPACode/);
  assert.doesNotMatch(spidMd, /cie:/);
});
