// firma-grande.test.mjs - the size limit of the verifier, always run: a
// 200 MB `.p7m` (a sparse file: an envelope's DER header claiming 200 MB,
// the rest holes) is refused by size with its reason, without reading it
// (peak RSS measured with /usr/bin/time stays far below the file's size);
// one byte under the limit is read and answered.  The 200 MB envelope
// really signed is in firma.test.mjs under FIRMA_GRANDE=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary } from '../lib/server.mjs';

let root;
before(() => { root = mkdtempSync(join(tmpdir(), 'areavasta-firma-grande-')); });
after(() => rmSync(root, { recursive: true, force: true }));

function sparse(name, size) {
  const p = join(root, name);
  const fd = openSync(p, 'w');
  // SEQUENCE with a 4-byte length, then the signedData OID
  const len = size - 6;
  writeSync(fd, Buffer.from([0x30, 0x84, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff,
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]));
  ftruncateSync(fd, size);
  closeSync(fd);
  return p;
}

// { out, rssKb } of `firma verifica`
function verifica(file) {
  let stdout, stderr;
  try {
    stdout = execFileSync('/usr/bin/time', ['-f', 'RSS %M', binary(), 'firma', 'verifica', file, '--senza-ocsp'],
      { stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 20 }).toString();
  } catch (e) {
    assert.equal(e.status, 1, e.stderr?.toString());
    stdout = e.stdout.toString();
    stderr = e.stderr.toString();
  }
  const rss = Number((stderr || '').match(/RSS (\d+)/)?.[1]);
  return { out: JSON.parse(stdout), rssKb: rss };
}

test('a 200 MB .p7m is refused by size, unread', () => {
  const t0 = Date.now();
  const { out, rssKb } = verifica(sparse('grande.p7m', 200 * 1000 * 1000));
  assert.equal(out.valida, false);
  assert.equal(out.firmato, false);
  assert.equal(out.motivo, 'file troppo grande per la verifica (oltre 128 MiB)');
  assert.ok(Date.now() - t0 < 10000);
  assert.ok(rssKb > 0 && rssKb < 100 * 1024, `peak RSS ${rssKb} KiB`);
});

test('one byte past 128 MiB is refused; at 128 MiB the file is read and answered', () => {
  let r = verifica(sparse('oltre.p7m', 128 * 1024 * 1024 + 1));
  assert.equal(r.out.motivo, 'file troppo grande per la verifica (oltre 128 MiB)');
  r = verifica(sparse('limite.p7m', 128 * 1024 * 1024));
  assert.notEqual(r.out.motivo, 'file troppo grande per la verifica (oltre 128 MiB)');
  assert.equal(r.out.valida, false);
});
