// idp-registry.mjs - a local stand-in for AgID's registry of SPID identity
// providers (https://registry.spid.gov.it/metadata/idp/spid-entities-idps.xml)
// for the tests: it serves whatever body it is given at
// /metadata/idp/spid-entities-idps.xml (the test signs it itself with
// xmlsec1), or `bytes` bytes of XML-looking filler (an oversized answer),
// or a status code.  Every request is counted.
//
//   import { startRegistryStub } from '../stubs/idp-registry.mjs';
//   const stub = await startRegistryStub();
//   stub.serve(xmlText); stub.serveBig(9 << 20); stub.fail(503);
//   stub.url; stub.requests; await stub.close();
import http from 'node:http';

export const REGISTRY_PATH = '/metadata/idp/spid-entities-idps.xml';

export async function startRegistryStub() {
  let mode = { status: 404 };
  const state = { requests: 0 };
  const srv = http.createServer((req, res) => {
    state.requests += 1;
    if (req.method !== 'GET' || req.url !== REGISTRY_PATH) {
      res.writeHead(404).end();
      return;
    }
    if (mode.body !== undefined) {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(mode.body);
    } else if (mode.big) {
      // Streamed without a length: the client must stop by itself.
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      const chunk = Buffer.alloc(65536, ' ');
      let sent = 0;
      const more = () => {
        while (sent < mode.big) {
          sent += chunk.length;
          if (!res.write(chunk)) { res.once('drain', more); return; }
        }
        res.end();
      };
      res.on('error', () => {});
      res.write('<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">');
      more();
    } else {
      res.writeHead(mode.status).end();
    }
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  return {
    url: `http://127.0.0.1:${port}${REGISTRY_PATH}`,
    get requests() { return state.requests; },
    serve(body) { mode = { body }; },
    serveBig(bytes) { mode = { big: bytes }; },
    fail(status) { mode = { status }; },
    close() { srv.closeAllConnections?.(); return new Promise((r) => srv.close(r)); },
  };
}
