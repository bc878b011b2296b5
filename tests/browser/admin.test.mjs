// Administration in the UI: the users page (create with a one-time password,
// grant and revoke a role, deactivate / reactivate, reset the password, and
// the sentence saying how many API tokens a reset or deactivation revoked), the
// 403 message for non-admins, and the audit browser with its filters, scoped
// to the admin's Province, and the latest published checkpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, tabTo, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const ADMIN = { email: 'admin.gestione@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.gestione@prova.example', password: PASSWORD };
const ADMIN_VR = 'admin.verona@prova.example';
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Amelia Admin');
  // The admin of another Province (Verona) acts on its own Province.
  addUser(env.db, ADMIN_VR, 'admin', 'provincia:023', 'Vittorio Verona');
  const vr = await login(env.url, ADMIN_VR);
  const r = await vr.call('POST', '/api/v1/users', {
    email: 'rup.verona@prova.example', name: 'Rup Verona', roles: [{ role: 'comune', ente: 'comune:023091' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
  // Enough accounts for two pages of 20 on the users page.
  for (let i = 1; i <= 15; i++) {
    addUser(env.db, `referente${i}@prova.example`, 'comune', 'comune:024116', `Referente ${i}`);
  }
});
after(async () => { await env?.close(); });

const userRow = (page, email) => page.locator('#tabella-utenti tbody tr', { hasText: email });

test('admin: create a user, grant and revoke a role, deactivate, reset the password', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', {
    login: ADMIN, allow: [/400.*\/api\/v1\/users\/\d+\/roles/],
  });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    const email = 'rita.rup@prova.example';

    // Create, from the keyboard.
    await tabTo(page, '#nuovo-email', 40);
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Rita Rup');
    await page.selectOption('#nuovo-ruolo', 'comune');
    assert.equal(await page.inputValue('#nuovo-ente'), '');
    await page.fill('#nuovo-ente', 'comune:024116');
    await page.click('#form-utente button[type=submit]');
    const secret = page.locator('#segreto-utente [data-segreto]');
    await secret.waitFor(WAIT);
    assert.match(await secret.inputValue(), /^[A-Za-z0-9]{20}$/);
    assert.match(await page.locator('#segreto-utente').textContent(), /non sarà più mostrata/);
    const row = userRow(page, email);
    await row.waitFor(WAIT);
    assert.match(await row.textContent(), /Rita Rup/);
    assert.match(await row.textContent(), /Password da cambiare/);
    assert.deepEqual(await row.locator('[data-ruolo]').evaluateAll((els) => els.map((e) => `${e.dataset.ruolo}@${e.dataset.ente}`)),
      ['comune@comune:024116']);

    // Grant: a wrong ente is refused by the server, with its message in the dialog.
    await row.locator('[data-azione="assegna"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'assegna-ruolo');
    await page.selectOption('#assegna-ruolo', 'sua_officer');
    assert.equal(await page.inputValue('#assegna-ente'), 'provincia:024', 'own Province proposed');
    await page.fill('#assegna-ente', 'provincia:999');
    await dialog.locator('button[type=submit]').click();
    await dialog.locator('[role=alert]').waitFor(WAIT);
    await screenshot(page, 'utenti-assegna-errore');
    await page.fill('#assegna-ente', 'provincia:024');
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await row.locator('[data-ruolo="sua_officer"][data-ente="provincia:024"]').waitFor(WAIT);
    assert.match(await page.locator('#stato-utenti').textContent(), /assegnato a Rita Rup/);
    // The focus is back on the row's button.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.azione), 'assegna');

    // Revoke the first role.
    await row.locator('[data-ruolo="comune"] button').click();
    await page.locator('dialog[open] button[type=submit]').click();
    await page.locator('dialog').waitFor({ state: 'detached', ...WAIT });
    await page.waitForFunction((e) => {
      const tr = [...document.querySelectorAll('#tabella-utenti tbody tr')].find((r) => r.textContent.includes(e));
      return tr && tr.querySelectorAll('[data-ruolo]').length === 1;
    }, email, WAIT);
    assert.equal(await row.locator('[data-ruolo="comune"]').count(), 0);

    // Deactivate, then reactivate.
    await row.locator('[data-azione="disattiva"]').click();
    await page.locator('dialog[open] button[type=submit]').click();
    await row.locator('[data-azione="riattiva"]').waitFor(WAIT);
    assert.match(await row.textContent(), /Disattivato/);
    await row.locator('[data-azione="riattiva"]').click();
    await page.locator('dialog[open] button[type=submit]').click();
    await row.locator('[data-azione="disattiva"]').waitFor(WAIT);

    // Reset the password: a new one-time password, shown once.
    const before = await secret.inputValue();
    await row.locator('[data-azione="reimposta"]').click();
    await page.locator('dialog[open] button[type=submit]').click();
    await page.waitForFunction((old) => {
      const el = document.querySelector('#segreto-utente [data-segreto]');
      return el && el.value && el.value !== old;
    }, before, WAIT);
    await screenshot(page, 'utenti-reimposta');

    // The server agrees.
    const users = await (await page.request.get('/api/v1/users?limit=500')).json();
    const u = users.items.find((x) => x.email === email);
    assert.deepEqual(u.roles, [{ role: 'sua_officer', ente: 'provincia:024' }]);
    assert.equal(u.active, true);
    assert.equal(u.must_change_password, true);
    assertClean();
  } finally {
    await close();
  }
});

test('admin: the users list is paginated, from the keyboard', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    const users = await (await page.request.get('/api/v1/users?limit=500')).json();
    assert.ok(users.total > 20, `${users.total} users`);
    assert.equal(await page.locator('#tabella-utenti tbody tr').count(), 20);
    assert.match(await page.locator('#stato-utenti').textContent(), new RegExp(`^${users.total} utenti: dal 1 al 20, pagina 1 di 2`));
    const next = page.locator('#paginazione-utenti a[data-page="2"]').first();
    await next.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/pagina=2/, WAIT);
    await page.locator('#stato-utenti', { hasText: 'pagina 2 di 2' }).waitFor(WAIT);
    assert.equal(await page.locator('#tabella-utenti tbody tr').count(), users.total - 20);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'page');
    // The page survives a reload.
    await page.reload();
    await page.locator('#stato-utenti', { hasText: 'pagina 2 di 2' }).waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('admin cannot deactivate themself: the API message is shown', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN, allow: [/409.*\/api\/v1\/users\/\d+/] });
  try {
    const row = userRow(page, ADMIN.email);
    await row.waitFor(WAIT);
    await row.locator('[data-azione="disattiva"]').click();
    await page.locator('dialog[open] button[type=submit]').click();
    const alert = page.locator('dialog[open] [role=alert]');
    await alert.waitFor(WAIT);
    assert.ok((await alert.textContent()).trim().length > 0);
    assert.equal(await alert.evaluate((a) => a === document.activeElement), true, 'the message has the focus');
    await page.keyboard.press('Escape');
    assert.match(await row.textContent(), /Attivo/);
    assertClean();
  } finally {
    await close();
  }
});

test('a non-admin sees a 403 message on the users page, and no admin links', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: COMUNE });
  try {
    const alert = page.locator('#accesso-richiesto [role=alert]');
    await alert.waitFor(WAIT);
    assert.match(await alert.textContent(), /403/);
    assert.match(await alert.textContent(), /riservata agli amministratori/);
    assert.ok(await page.locator('#area-utenti').isHidden());
    await page.click('#menu-utente-pulsante');
    const labels = (await page.locator('#menu-utente a').allTextContents()).map((s) => s.trim());
    assert.ok(!labels.includes('Utenti') && !labels.includes('Registro di audit'), labels.join());
    await screenshot(page, 'utenti-403');
    assertClean();
  } finally {
    await close();
  }
});

test('audit: the actions just done, newest first, filtered by action; the checkpoint', async () => {
  const { page, assertClean, close } = await env.open('/audit.html', { login: ADMIN });
  try {
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    const actions = await page.locator('#tabella-audit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.azione));
    for (const a of ['user.create', 'user.grant', 'user.revoke', 'user.update', 'user.password_reset']) {
      assert.ok(actions.includes(a), `${a} in ${actions}`);
    }
    // Logins have no ente: only the operator reads them.
    assert.ok(!actions.includes('auth.login'), actions.join());
    const seqs = await page.locator('#tabella-audit tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    // The author is shown by name.
    const grantRow = page.locator('#tabella-audit tbody tr[data-azione="user.grant"]').first();
    assert.match(await grantRow.textContent(), /Amelia Admin/);
    assert.match(await grantRow.textContent(), /sua_officer|Funzionario SUA/);
    // ... and what was done in words, not as a code.
    assert.match(await grantRow.textContent(), /Assegnazione di un ruolo/);
    assert.doesNotMatch(await grantRow.textContent(), /user\.grant|sistema/);

    await page.selectOption('#filtro-azione', 'user.grant');
    await page.waitForURL(/action=user\.grant/, WAIT);
    await page.locator('#stato-audit', { hasText: 'corrispondenti ai filtri' }).waitFor(WAIT);
    const filtered = await page.locator('#tabella-audit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.azione));
    assert.ok(filtered.length >= 1);
    assert.ok(filtered.every((a) => a === 'user.grant'), filtered.join());

    // Date filters: nothing before 2000, everything today (UTC).
    await page.fill('#filtro-al', '1999-12-31');
    await page.click('#filtri-audit button[type=submit]');
    await page.locator('#stato-audit', { hasText: 'Nessuna voce' }).waitFor(WAIT);
    await page.fill('#filtro-al', '');
    await page.fill('#filtro-dal', new Date().toISOString().slice(0, 10));
    await page.click('#filtri-audit button[type=submit]');
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    await screenshot(page, 'audit-filtro');

    // Reload keeps the filters.
    await page.reload();
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    assert.equal(await page.inputValue('#filtro-azione'), 'user.grant');

    // The latest published checkpoint in a sentence; the checkpoint itself
    // and the command to verify it behind "Per chi verifica".
    await page.locator('#stato-checkpoint', { hasText: 'Ultima attestazione firmata' }).waitFor(WAIT);
    await page.locator('#checkpoint:not([hidden])').waitFor({ state: 'attached', ...WAIT });
    assert.ok(!(await page.locator('#checkpoint').isVisible()), 'technical details closed by default');
    await page.click('#per-chi-verifica summary');
    await page.locator('#checkpoint').waitFor(WAIT);
    const cp = JSON.parse(await page.inputValue('#checkpoint-testo'));
    const latest = await (await page.request.get('/api/v1/audit/checkpoint')).json();
    assert.deepEqual(cp, latest);
    assert.ok(await page.locator('#sezione-checkpoint a[href="/registro.html"]').count() === 1);
    assert.match(cp.signature, /^[0-9a-f]{128}$/);
    assert.match(await page.locator('#comando-verifica').textContent(), new RegExp(`--checkpoint cp\\.json --public-key ${cp.public_key}`));

    // Reset: every entry again.
    await page.click('#filtri-audit button[type=reset]');
    await page.waitForURL((u) => !u.search.includes('action='), WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('audit: the admin of Vicenza sees nothing of Verona', async () => {
  const { page, assertClean, close } = await env.open('/audit.html', { login: ADMIN });
  try {
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    const api = await (await page.request.get('/api/v1/audit?limit=200')).json();
    assert.ok(api.total > 0);
    assert.ok(api.items.every((i) => i.ente === 'provincia:024' || i.ente.startsWith('comune:024')), JSON.stringify(api.items.map((i) => i.ente)));
    const entes = await page.locator('#tabella-audit tbody tr td:nth-child(5)').allTextContents();
    assert.ok(entes.length > 0);
    assert.ok(entes.every((e) => !/023/.test(e)), entes.join());
    // Even asked by name.
    await page.fill('#filtro-ente', 'provincia:023');
    await page.click('#filtri-audit button[type=submit]');
    await page.locator('#stato-audit', { hasText: 'Nessuna voce' }).waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('audit: a non-admin gets the 403 message but still the public checkpoint', async () => {
  const { page, assertClean, close } = await env.open('/audit.html', { login: COMUNE });
  try {
    await page.locator('#accesso-richiesto [role=alert]').waitFor(WAIT);
    await page.locator('#stato-checkpoint', { hasText: 'Ultima attestazione firmata' }).waitFor(WAIT);
    await page.locator('#checkpoint:not([hidden])').waitFor({ state: 'attached', ...WAIT });
    assert.ok(await page.locator('#area-audit').isHidden());
    assertClean();
  } finally {
    await close();
  }
});

test('reset and deactivation revoke the account\'s API tokens, and the page says how many', async () => {
  const tina = 'tina.token@prova.example';
  const bruno = 'bruno.bearer@prova.example';
  addUser(env.db, tina, 'sua_officer', 'provincia:024', 'Tina Token');
  addUser(env.db, bruno, 'sua_officer', 'provincia:024', 'Bruno Bearer');
  const tokens = [];
  for (const [email, n] of [[tina, 2], [bruno, 1]]) {
    const s = await login(env.url, email);
    for (let i = 0; i < n; i++) {
      const r = await s.call('POST', '/api/v1/auth/tokens', { name: `script ${i}` });
      assert.equal(r.status, 201);
      tokens.push(r.body.token);
    }
  }
  // The newest accounts are on the last page (a page past the end shows it).
  const { page, assertClean, close } = await env.open('/utenti.html?pagina=99', { login: ADMIN });
  try {
    const rowT = userRow(page, tina);
    await rowT.waitFor(WAIT);
    await rowT.locator('[data-azione="reimposta"]').click();
    assert.match(await page.locator('dialog[open]').textContent(), /token API revocati/);
    await page.locator('dialog[open] button[type=submit]').click();
    await page.locator('#segreto-utente', { hasText: 'Anche i suoi 2 token API sono stati revocati.' }).waitFor(WAIT);
    const rowB = userRow(page, bruno);
    await rowB.locator('[data-azione="disattiva"]').click();
    assert.match(await page.locator('dialog[open]').textContent(), /token API revocati/);
    await page.locator('dialog[open] button[type=submit]').click();
    await page.locator('#stato-utenti', { hasText: 'Anche il suo token API è stato revocato.' }).waitFor(WAIT);
    for (const t of tokens) {
      const r = await fetch(`${env.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${t}` } });
      assert.equal(r.status, 401, 'revoked');
    }
    assertClean();
  } finally {
    await close();
  }
});

test('audit: the ente filter by name from the keyboard; the API gets the code', async () => {
  const { page, assertClean, close } = await env.open('/audit.html', { login: ADMIN });
  try {
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    await tabTo(page, '#filtro-ente', 40);
    const input = page.locator('#filtro-ente');
    assert.equal(await input.getAttribute('role'), 'combobox');
    await page.keyboard.type('Vicenza');
    const options = page.locator('#filtro-ente-lista [role=option]');
    await options.first().waitFor(WAIT);
    const texts = await options.allTextContents();
    assert.ok(texts.some((t) => /^Provincia di Vicenza \(VI\).*provincia:024/.test(t)), texts.join(' | '));
    const k = texts.findIndex((t) => /^Comune di Vicenza \(VI\).*comune:024116/.test(t));
    assert.ok(k >= 0, texts.join(' | '));
    for (let i = 0; i <= k; i++) await page.keyboard.press('ArrowDown');
    assert.match(await page.locator(`#${await input.getAttribute('aria-activedescendant')}`).textContent(), /Comune di Vicenza/);
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), 'comune:024116');
    await page.locator('#filtro-ente-nome', { hasText: 'Comune di Vicenza (VI)' }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filtro-ente');
    // Enter again sends the filters: the API receives the code.
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/audit?') && r.url().includes('ente='), WAIT),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(new URL(req.url()).searchParams.get('ente'), 'comune:024116');
    await page.waitForURL(/ente=comune%3A024116/, WAIT);
    // A name typed but not chosen: marked on the field, nothing sent.
    await page.fill('#filtro-ente', 'Vicenza');
    await page.keyboard.press('Escape');
    await page.click('#filtri-audit button[type=submit]');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#filtro-ente-errore').textContent(), /Scegli l'ente tra i suggerimenti/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filtro-ente');
    assertClean();
  } finally {
    await close();
  }
});

test('audit: days typed gg/mm/aaaa, read back and sent as ISO; a wrong day marked on its field', async () => {
  const { page, assertClean, close } = await env.open('/audit.html', { login: ADMIN });
  try {
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    assert.equal(await page.getAttribute('#filtro-dal', 'placeholder'), 'gg/mm/aaaa');
    assert.equal(await page.getAttribute('#filtro-dal', 'type'), 'text');
    await page.fill('#filtro-dal', '01/03/2026');
    await page.locator('#filtro-dal').blur();
    assert.equal((await page.locator('#filtro-dal-lettura').textContent()).trim(), 'Letto come 01/03/2026.');
    await page.fill('#filtro-al', '2026-3-31');
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/audit?') && r.url().includes('from='), WAIT),
      page.click('#filtri-audit button[type=submit]'),
    ]);
    const sp = new URL(req.url()).searchParams;
    assert.equal(sp.get('from'), '2026-03-01');
    assert.equal(sp.get('to'), '2026-03-31');
    await page.waitForURL(/from=2026-03-01/, WAIT);
    // The URL's ISO days come back in the Italian form.
    await page.reload();
    await page.locator('#stato-audit', { hasText: /voc[ei]/ }).waitFor(WAIT);
    assert.equal(await page.inputValue('#filtro-dal'), '01/03/2026');
    assert.equal(await page.inputValue('#filtro-al'), '31/03/2026');

    await page.fill('#filtro-dal', '31/02/2026');
    await page.click('#filtri-audit button[type=submit]');
    assert.equal(await page.getAttribute('#filtro-dal', 'aria-invalid'), 'true');
    assert.match(await page.locator('#filtro-dal-errore').textContent(), /non esiste nel calendario/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filtro-dal');
    // The end before the start: marked on the end.
    await page.fill('#filtro-dal', '01/04/2026');
    await page.click('#filtri-audit button[type=submit]');
    assert.equal(await page.getAttribute('#filtro-dal', 'aria-invalid'), null);
    assert.equal(await page.getAttribute('#filtro-al', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filtro-al');
    assertClean();
  } finally {
    await close();
  }
});
