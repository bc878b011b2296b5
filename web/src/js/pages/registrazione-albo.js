// "Registrati all'albo fornitori" (anyone): the company's application and
// the person's account in one form (POST /sua/albo/registrazioni).  Errors
// of the API are marked on their field (the JSON path is the input's name);
// the answer is the same whether the e-mail was known or not, so the page
// only says what to do next.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { parseSoa } from '../lib/albo.js';

const form = $('#form-registrazione');
const f = (id) => $(`#r-${id}`);

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(form);
  clearError('registrazione');
  const body = {
    provincia: f('provincia').value.trim(),
    partita_iva: f('piva').value.trim(),
    ragione_sociale: f('ragione').value.trim(),
    codice_fiscale: f('cf').value.trim().toUpperCase(),
    pec: f('pec').value.trim(),
    comune: f('comune').value.trim(),
    indirizzo: f('indirizzo').value.trim(),
    legale_rappresentante: { nome: f('legale-nome').value.trim(), codice_fiscale: f('legale-cf').value.trim().toUpperCase() },
    cpv: f('cpv').value.split(/[\s,;]+/).filter(Boolean),
    soa: parseSoa(f('soa').value),
    account: { nome: f('nome').value.trim(), email: f('email').value.trim(), password: f('password').value },
  };
  const errors = [];
  if (!/^\d{3}$/.test(body.provincia)) errors.push({ input: f('provincia'), message: 'La Provincia è il codice di 3 cifre (es. 024).' });
  if (!/^\d{11}$/.test(body.partita_iva)) errors.push({ input: f('piva'), message: 'La partita IVA ha 11 cifre.' });
  if (!body.ragione_sociale) errors.push({ input: f('ragione'), message: 'Scrivi la ragione sociale.' });
  if (!/^\d{6}$/.test(body.comune)) errors.push({ input: f('comune'), message: 'Il Comune è il codice ISTAT di 6 cifre.' });
  if (!body.account.nome) errors.push({ input: f('nome'), message: 'Scrivi nome e cognome.' });
  if (!body.account.email.includes('@')) errors.push({ input: f('email'), message: 'Scrivi un indirizzo e-mail.' });
  if ([...body.account.password].length < 12) errors.push({ input: f('password'), message: 'La password ha almeno 12 caratteri.' });
  if (errors.length) { markFields(form, errors); return; }
  const btn = $('#invia-registrazione');
  btn.disabled = true;
  try {
    const r = await apiSend('POST', '/sua/albo/registrazioni', body);
    const esito = $('#esito-registrazione');
    esito.textContent = r.messaggio;
    esito.hidden = false;
    form.hidden = true;
    esito.focus();
  } catch (err) {
    if (!err.field || !markField(form, err.field, err.message, { focus: true })) showApiError(err, 'registrazione');
  } finally {
    btn.disabled = false;
  }
});

initSite();
