// spid.mjs - a SPID/CIE-enabled server for the tests: a key and a
// certificate of AgID's profile (scripts/spid-test-cert.py, with AgID's
// spid-compliant-certificates), AgID's validator spid-sp-test
// (../shared/tools/spid-sp-test) and its test IdP trusted as an identity
// provider, the SP configured with `areavasta spid config` in a data
// directory of its own, on a port chosen before the server starts (the
// ACS address is in the metadata and every Response is checked against it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED, cli, startServer } from './server.mjs';

export const VALIDATOR = join(SHARED, 'tools', 'spid-sp-test', 'spid_sp_test', 'bin', 'spid_sp_test');
export const TEST_IDP = 'https://localhost:8443';
// The codice fiscale in the validator's responses (its ATTRIBUTES).
export const TEST_CF = 'GDASDV00A01H501J';

export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

export function validator(args, timeout = 900000) {
  const r = spawnSync('/usr/bin/python3', [VALIDATOR, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout, maxBuffer: 1 << 26,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

// Makes the SP's files and configuration; returns {dir, base, port, args}.
// opts.idpFlag '--idp-cie' trusts the validator's IdP as CIE's instead.
export async function spidSetup(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-spid-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entity = `${base}/api/v1/auth/saml/metadata`;
  execFileSync('/usr/bin/python3', [join(ROOT, 'scripts', 'spid-test-cert.py'), join(dir, 'cert'), entity, 'c_d969', 'Provincia di Prova'],
    { encoding: 'utf8' });
  const idp = validator(['--idp-metadata'], 60000);
  if (idp.status !== 0) throw new Error(`spid-sp-test --idp-metadata: ${idp.out}`);
  writeFileSync(join(dir, 'idp-spid.xml'), idp.out.slice(idp.out.indexOf('<')));
  const r = cli(['spid', 'config', '--data-dir', dir, '--entity-id', entity, '--url', base,
    '--chiave', join(dir, 'cert', 'sp.key'), '--certificato', join(dir, 'cert', 'sp.crt'),
    '--organizzazione', 'Provincia di Prova', '--sito', 'https://www.provincia.example.it',
    '--codice-ipa', 'c_d969', '--email', 'spid@provincia.example.it',
    opts.idpFlag || '--idp-spid', join(dir, 'idp-spid.xml'), ...(opts.extra || [])]);
  if (r.status !== 0) throw new Error(`spid config: ${r.stderr}`);
  return { dir, base, port, entity, args: ['--listen', `127.0.0.1:${port}`, '--data-dir', dir] };
}

export async function startSpidServer(opts = {}) {
  const sp = await spidSetup(opts);
  const srv = await startServer({ ...opts, args: sp.args });
  return { srv, sp };
}
