// smtp-sink.mjs - a tiny SMTP server for the tests that read what the
// platform sends by e-mail (RFC 5321 subset: EHLO, AUTH PLAIN, MAIL, RCPT,
// DATA, QUIT), and the decoding of a received message (headers, RFC 2047
// words, the base64 text/plain body).  Same protocol subset as the one in
// tests/http/notifiche.test.mjs.
import { createServer } from 'node:net';

export function smtpSink() {
  const messages = [];
  const server = createServer((sock) => {
    let buf = '';
    let data = null;
    let cur = { from: null, to: [] };
    sock.write('220 sink.test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      for (;;) {
        if (data !== null) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buf.slice(0, end);
          buf = buf.slice(end + 5);
          messages.push({ ...cur, data: Buffer.from(data, 'latin1').toString('utf8') });
          data = null;
          cur = { from: null, to: [] };
          sock.write('250 2.0.0 accettato\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') sock.write('250-sink.test\r\n250 8BITMIME\r\n');
        else if (cmd === 'HELO') sock.write('250 sink.test\r\n');
        else if (cmd === 'MAIL') { cur.from = line; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') { cur.to.push(line.replace(/^RCPT TO:\s*<?|>?$/gi, '')); sock.write('250 ok\r\n'); }
        else if (cmd === 'DATA') { data = ''; sock.write('354 vai\r\n'); }
        else if (cmd === 'QUIT') { sock.write('221 ciao\r\n'); sock.end(); }
        else if (cmd === 'RSET' || cmd === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 no\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({
    port: server.address().port, messages, close: () => new Promise((r) => server.close(r)),
  })));
}

const decodeWords = (v) => v.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));

// {h: lower-case headers (subject decoded), body: the text}.
export function parseMail(raw) {
  const i = raw.indexOf('\r\n\r\n');
  const h = {};
  for (const l of raw.slice(0, i).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const c = l.indexOf(':');
    h[l.slice(0, c).toLowerCase()] = l.slice(c + 2);
  }
  if (h.subject) h.subject = decodeWords(h.subject.replace(/\?= =\?/g, '?==?'));
  return { h, body: Buffer.from(raw.slice(i + 4).replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

export async function waitFor(cond, ms = 30000) {
  for (let t = 0; t < ms; t += 100) {
    const v = cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}
