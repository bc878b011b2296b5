// throttle.test.mjs - password guessing under concurrency, as an attacker
// would try it: parallel wrong passwords against a server with many
// threads must not get more than the limit evaluated; an attacker spraying
// from many addresses slows the account down but cannot lock its owner
// out; a burst of logins past the password slots gets 503 + Retry-After at
// once while everything else is served.  Clients use their own loopback
// addresses (127.0.0.x) to be different clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, api } from '../lib/server.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let srv;
before(async () => {
  // As many hash slots as threads: the throttle alone must hold the line.
  srv = await startServer({ args: ['--threads', '32', '--password-hashes', '32'] });
  for (const who of ['race', 'spray', 'burst1', 'burst2']) addUser(srv.db, `${who}@example.org`, 'upi', 'upi');
});
after(async () => { await srv.stop(); });

function login(email, password, from = '127.0.0.1', base = srv.url) {
  const { port } = new URL(base);
  return new Promise((res, rej) => {
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', localAddress: from,
      agent: false, headers: { 'content-type': 'application/json' },
    }, (r) => {
      let text = '';
      r.on('data', (d) => { text += d; });
      r.on('end', () => res({ status: r.statusCode, retry: r.headers['retry-after'], text }));
    });
    req.on('error', rej);
    req.end(JSON.stringify({ email, password }));
  });
}

const count = (rs, status) => rs.filter((r) => r.status === status).length;

test('31 parallel wrong passwords: at most the limit is evaluated, then even the right one waits', async () => {
  const guesses = Array.from({ length: 31 }, (_, i) => login('race@example.org', `sbagliata-numero-${i}`, '127.0.0.21'));
  const rs = await Promise.all(guesses);
  assert.ok(count(rs, 401) <= 5, `evaluated ${count(rs, 401)} wrong passwords against a limit of 5`);
  assert.equal(count(rs, 401) + count(rs, 429), 31, JSON.stringify(rs.map((r) => r.status)));
  const right = await login('race@example.org', PASSWORD, '127.0.0.21');
  assert.equal(right.status, 429, 'the right password, guessed 32nd, is not evaluated');
  assert.ok(Number(right.retry) > 0);
});

test('a spray from many addresses slows the account but never locks its owner out', async () => {
  // Five failures, each from another address: no address reaches a limit.
  for (let i = 0; i < 5; i++) {
    assert.equal((await login('spray@example.org', 'sbagliata-sbagliata', `127.0.1.${i + 2}`)).status, 401);
  }
  // Further attempts, from anywhere, wait (2^0 s, then 2^1 s ...).  The
  // wait runs from when an attempt was counted, before its password was
  // hashed: on a loaded machine a slow hash may outlast the first second,
  // so that attempt is only counted (401) and the next one waits.
  let waiting;
  for (let i = 0; i < 4; i++) {
    waiting = await login('spray@example.org', 'sbagliata-sbagliata', `127.0.0.${30 + i}`);
    if (waiting.status !== 401) break;
  }
  assert.equal(waiting.status, 429);
  const wait = Number(waiting.retry);
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
  assert.match(JSON.parse(waiting.text).error.message, /secondi/);
  // ... and then the owner gets in.
  await new Promise((r) => setTimeout(r, wait * 1000 + 100));
  assert.equal((await login('spray@example.org', PASSWORD, '127.0.0.39')).status, 200);
});

test('an unknown email is throttled exactly like a real one', async () => {
  const rs = [];
  for (let i = 0; i < 6; i++) rs.push(await login('non-esiste@example.org', 'sbagliata-sbagliata', '127.0.0.40'));
  assert.deepEqual(rs.map((r) => r.status), [401, 401, 401, 401, 401, 429]);
});

test('logins past the password slots get 503 with Retry-After at once, and the server goes on', async () => {
  const small = await startServer({ db: srv.db, args: ['--password-hashes', '1', '--threads', '8'] });
  try {
    // The first login holds the only slot for one hash (>= 70 ms); the
    // others arrive meanwhile on other connections, so other threads.
    const first = login('burst1@example.org', PASSWORD, '127.0.2.1', small.url);
    await new Promise((r) => setTimeout(r, 20));
    const burst = [];
    for (let i = 0; i < 11; i++) burst.push(login(`burst${1 + (i % 2)}@example.org`, PASSWORD, `127.0.2.${i + 2}`, small.url));
    const health = await api(small.url, '/healthz');
    const rs = [await first, ...(await Promise.all(burst))];
    assert.equal(health.status, 200);
    assert.equal(rs[0].status, 200);
    assert.ok(count(rs, 503) > 0, JSON.stringify(rs.map((r) => r.status)));
    assert.equal(count(rs, 200) + count(rs, 503), 12, JSON.stringify(rs.map((r) => r.status)));
    for (const r of rs.filter((x) => x.status === 503)) {
      assert.equal(r.retry, '1');
      assert.equal(JSON.parse(r.text).error.code, 'busy');
    }
  } finally {
    await small.stop();
  }
});
