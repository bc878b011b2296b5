// cli.test.mjs - the command-line contract of every subcommand: --help
// answers 0 on stdout, missing or unknown options answer 2 with the usage on
// stderr, failures answer 1 with a message that says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../lib/server.mjs';

const COMMANDS = ['init', 'serve', 'import', 'demo', 'rete', 'sua', 'valida', 'user', 'routes', 'audit', 'migrate', 'tableschema'];

test('--help on every subcommand exits 0 and prints usage', () => {
  for (const c of COMMANDS) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, /uso: areavasta/, c);
  }
  for (const args of [['import', 'istat', '--help'], ['import', 'cpv', '--help'], ['rete', 'set', '--help']]) {
    const r = cli(args);
    assert.equal(r.status, 0, args.join(' '));
  }
  assert.equal(cli(['--help']).status, 0);
  assert.match(cli(['--version']).stdout, /^areavasta \d+\.\d+\.\d+/);
});

test('usage errors exit 2', () => {
  for (const c of COMMANDS) {
    const r = cli([c, '--no-such-option']);
    assert.equal(r.status, 2, c);
    assert.match(r.stderr, /uso:|usage|areavasta/, c);
  }
  for (const c of COMMANDS.filter((x) => x !== 'routes')) assert.equal(cli([c]).status, 2, `${c} without arguments`);
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['nonexistent']).status, 2);
});

test('failures exit 1 and say what to do', () => {
  let r = cli(['import', 'istat', '--db', '/nonexistent/x.db', '/nonexistent.csv']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /areavasta init --db/);
  r = cli(['serve', '--db', '/nonexistent/dir/x.db', '--listen', '127.0.0.1:0']);
  assert.equal(r.status, 1);
    r = cli(['serve', '--db', '/nonexistent/never-created.db', '--listen', 'not-an-address']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /INDIRIZZO:PORTA/);
});

test('serve refuses bad values of its hardening options before touching the database', () => {
  const cases = [
    [['--trusted-proxy', 'nginx.example'], /non è un indirizzo IP o una rete CIDR/],
    [['--trusted-proxy', '10.0.0.0/33'], /non è un indirizzo IP o una rete CIDR/],
    [['--trusted-proxy', '127.0.0.1,,'], /non è un indirizzo IP o una rete CIDR/],
    [['--trusted-proxy', ''], /almeno un indirizzo/],
    [['--password-hashes', '0'], /--password-hashes vuole un numero tra 1 e 256/],
    [['--password-hashes', 'tanti'], /--password-hashes vuole un numero tra 1 e 256/],
    [['--checkpoint-interval', '-1'], /--checkpoint-interval vuole/],
  ];
  for (const [args, message] of cases) {
    const r = cli(['serve', '--db', '/nonexistent/dir/x.db', '--listen', '127.0.0.1:0', ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});
