// pcp-demo.mjs - the PDND token stub and the PCP stub in one process, for
// `scripts/demo-pcp.sh` (docs/pcp-ciclo.md "One command"): the PCP stub
// verifies the vouchers the PDND stub signs.
//   node tests/stubs/pcp-demo.mjs --client-key PUB.pem --kid KID
//     --client-id UUID --purpose UUID [--port-pdnd 8111] [--port-pcp 8112]
import { readFileSync } from 'node:fs';
import { startPdndStub } from './pdnd-token.mjs';
import { startPcpStub } from './pcp.mjs';

const args = process.argv.slice(2);
const get = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const pub = readFileSync(get('--client-key'), 'utf8');
const pdnd = await startPdndStub({
  port: Number(get('--port-pdnd', 8111)),
  audience: 'auth.uat.interop.pagopa.it/client-assertion',
  expiresIn: 600,
  clients: [{ clientId: get('--client-id'), kid: get('--kid'), publicKeyPem: pub, purposes: [get('--purpose')] }],
});
const pcp = await startPcpStub({
  port: Number(get('--port-pcp', 8112)), voucherPublicKeyPem: pdnd.stubPublicKeyPem, clientPublicKeyPem: pub, kid: get('--kid'),
});
process.stdout.write(`PDND ${pdnd.url}\nPCP ${pcp.url}\n`);
