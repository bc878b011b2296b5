// demo.mjs - reading what `areavasta demo` prints (docs/demo-sua.md): the
// demo users with their passwords, and the key holders of the demo tender
// with their passphrases, as a person trying the demo reads them.
//
// parseDemo(stdout) -> {users: {email: {password, role, ente}},
//                       passphrases: {email: passphrase}}
export function parseDemo(stdout) {
  const users = {};
  const passphrases = {};
  let holders = false;
  for (const line of stdout.split('\n')) {
    if (/^Custodi delle chiavi/.test(line)) { holders = true; continue; }
    if (/^\S/.test(line)) holders = false;
    const m = line.match(/^ {2}(\S+@demo\.areavasta\.example)\s+(.*)$/);
    if (!m) continue;
    if (holders) passphrases[m[1]] = m[2].trim();
    else {
      const [password, role, ente] = m[2].trim().split(/\s+/);
      users[m[1]] = { password, role, ente };
    }
  }
  return { users, passphrases };
}
