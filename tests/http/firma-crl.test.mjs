// firma-crl.test.mjs - revocation by CRL: signers whose certificates name
// a CRL distribution point on a local HTTP stub run by the test (and no
// OCSP responder); the CRL made by `openssl ca -gencrl` after revoking one
// of them.  Good and revoked signers, one download for two signers of the
// same CA, a CRL signed by another CA, an oversized answer, the stub not
// listening: each gives the right `revoca`, never a silent "not revoked".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binary } from '../lib/server.mjs';
import { makeFixtures, crlFixtures, tslXml } from '../lib/firma.mjs';

let f, root, c, server, port;
let serve = 'buona';
let hits = 0;

// async: the stub answers in this process while the CLI runs
async function verifica(file, ...args) {
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(binary(), ['firma', 'verifica', file, ...args]));
  } catch (e) {
    assert.equal(e.code, 1, `${file}: ${e.stderr}`);
    stdout = e.stdout;
  }
  return JSON.parse(stdout);
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-firma-crl-'));
  f = makeFixtures(root);
  server = createServer((req, res) => {
    hits++;
    if (req.url !== '/ca.crl') return res.writeHead(404).end();
    if (serve === 'grande') return res.writeHead(200).end(Buffer.alloc(17 << 20, 0x30));
    res.writeHead(200, { 'content-type': 'application/pkix-crl' });
    res.end(readFileSync(serve === 'estranea' ? c.crlEstranea : c.crl));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
  c = crlFixtures(f, port);
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

test('a good and a revoked signer: the CRL, checked, says which; two signers, one download', async () => {
  hits = 0;
  let out = await verifica(c.buono, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  const lastUpdate = execFileSync('openssl', ['crl', '-in', c.crl, '-inform', 'DER', '-noout', '-lastupdate']).toString().trim().split('=')[1];
  assert.equal(out.firmatari[0].revoca, `non revocato (CRL del ${new Date(lastUpdate).toISOString().replace('.000Z', 'Z')})`);
  out = await verifica(c.revocato, '--tsl', f.tsl);
  assert.equal(out.valida, false);
  assert.equal(out.firmatari[0].motivo, 'certificato revocato');
  // the revocation date as openssl reads it from the same CRL
  const text = execFileSync('openssl', ['crl', '-in', c.crl, '-inform', 'DER', '-noout', '-text']).toString();
  const when = text.match(/Revocation Date: (.+)/)[1].trim();
  assert.equal(out.firmatari[0].revoca, `revocato il ${new Date(when).toISOString().replace('.000Z', 'Z')} (CRL)`);
  // before the revocation, the signature was made by a valid certificate
  const before = new Date(Date.parse(when) - 86400e3 * 2).toISOString().slice(0, 10);
  out = await verifica(c.revocato, '--tsl', f.tsl, '--data', before);
  assert.equal(out.valida, true);
  assert.match(out.firmatari[0].revoca, /^revocato il /);
  hits = 0;
  out = await verifica(c.entrambi, '--tsl', f.tsl);
  // (SignerInfos are a DER SET: their order is the encoding's)
  assert.deepEqual(out.firmatari.map((s) => [s.nome, s.valida]).sort(), [['Carlo Gallo', false], ['Elena Russo', true]]);
  assert.equal(hits, 1, 'the CRL is kept until its nextUpdate');
});

test('a CRL signed by another CA, an oversized answer, nobody listening: revoca non verificabile', async () => {
  serve = 'estranea';
  let out = await verifica(c.revocato, '--tsl', f.tsl);
  assert.equal(out.firmatari[0].revoca, "revoca non verificabile (CRL non firmata dall'emittente del certificato)");
  assert.equal(out.valida, true, 'unknown revocation is stated, not counted');
  serve = 'grande';
  out = await verifica(c.revocato, '--tsl', f.tsl);
  assert.equal(out.firmatari[0].revoca, 'revoca non verificabile (CRL non raggiungibile)');
  serve = 'buona';
  await new Promise((r) => server.close(r));
  out = await verifica(c.buono, '--tsl', f.tsl);
  assert.equal(out.firmatari[0].revoca, 'revoca non verificabile (CRL non raggiungibile)');
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  // --senza-ocsp: no network revocation at all
  out = await verifica(c.revocato, '--tsl', f.tsl, '--senza-ocsp');
  assert.equal(out.firmatari[0].revoca, 'revoca non verificabile');
  // an untrusted signer's CRL is never fetched (the address would be the uploader's)
  hits = 0;
  const other = join(root, 'tsl-estranea.xml');
  writeFileSync(other, tslXml([f.other]));
  out = await verifica(c.revocato, '--tsl', other);
  assert.equal(out.firmatari[0].revoca, 'revoca non verificabile');
  assert.equal(hits, 0);
});
