// "Le mie ricerche di bandi europei" (role comune; sape_officer with
// ?comune=): the user's saved searches for the Comune, the secret calendar
// address (create, copy, regenerate, revoke), the archive of weekly
// digests with this week's preview, the calls marked non pertinente.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError } from '../lib/alert.js';
import { guardPage, hasRole } from '../lib/session.js';
import { formatDate, formatUnix, plural } from '../lib/format.js';
import { clearFieldErrors, markField } from '../lib/form.js';

let codice;
const base = () => `/comuni/${encodeURIComponent(codice)}`;

function filtri(r) {
  const f = [];
  if (r.programma) f.push(`programma ${r.programma}`);
  if (r.stato) f.push(`stato ${r.stato}`);
  if (r.q) f.push(`parole «${r.q}»`);
  if (r.scadenza_da !== null) f.push(`scadenza dal ${formatUnix(r.scadenza_da).slice(0, 10)}`);
  if (r.scadenza_a !== null) f.push(`scadenza entro il ${formatUnix(r.scadenza_a - 1).slice(0, 10)}`);
  if (r.solo_ammissibili) f.push('solo bandi ammissibili');
  return f.length ? f.join('; ') : 'tutti i bandi';
}

async function loadRicerche() {
  try {
    const l = await apiGet(`${base()}/ricerche`);
    $('#stato-ricerche').textContent = l.total === 0 ? 'Nessuna ricerca salvata.'
      : `${l.total} ${plural(l.total, 'ricerca salvata', 'ricerche salvate')}.`;
    clear($('#elenco-ricerche')).append(...l.items.map((r) => h('li', { class: 'card card-bg mb-2', dataset: { ricerca: r.id } },
      h('div', { class: 'card-body d-flex flex-column flex-md-row gap-2 justify-content-between' },
        h('div', {},
          h('p', { class: 'fw-semibold mb-1' }, r.nome),
          h('p', { class: 'small mb-0' }, `${filtri(r)}. ${r.avvisi ? 'Con avvisi.' : 'Senza avvisi.'}`)),
        h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm align-self-start', 'aria-label': `Elimina la ricerca ${r.nome}`, onclick: () => elimina(r.id) }, 'Elimina')))));
  } catch (err) {
    showApiError(err, 'ricerche');
  }
}

async function elimina(id) {
  try {
    await apiSend('DELETE', `${base()}/ricerche/${id}`);
    $('#esito-ricerca').textContent = 'Ricerca eliminata.';
    await loadRicerche();
  } catch (err) {
    showApiError(err, 'ricerche');
  }
}

function bindForm() {
  const form = $('#form-ricerca');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const val = (id) => $(id).value.trim() || null;
    const body = {
      nome: val('#ric-nome'), programma: val('#ric-programma'), stato: val('#ric-stato'), q: val('#ric-q'),
      scadenza_da: val('#ric-da'), scadenza_a: val('#ric-a'),
      solo_ammissibili: $('#ric-solo').checked, avvisi: $('#ric-avvisi').checked,
    };
    if (!body.nome) { markField(form, 'nome', 'Indica un nome per la ricerca.', { focus: true }); return; }
    $('#salva-ricerca').disabled = true;
    try {
      await apiSend('POST', `${base()}/ricerche`, body);
      form.reset();
      $('#esito-ricerca').textContent = 'Ricerca salvata.';
      await loadRicerche();
    } catch (err) {
      if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'ricerche');
    } finally {
      $('#salva-ricerca').disabled = false;
    }
  });
}

function showCalendario(c) {
  $('#stato-calendario').textContent = c.attivo
    ? `Hai un indirizzo attivo, creato il ${formatUnix(c.creato)}.` : 'Non hai ancora un indirizzo di calendario.';
  $('#crea-calendario').textContent = c.attivo ? 'Rigenera l\'indirizzo' : 'Crea l\'indirizzo';
  $('#revoca-calendario').hidden = !c.attivo;
}

async function loadCalendario() {
  try {
    showCalendario(await apiGet(`${base()}/calendario`));
  } catch (err) {
    showApiError(err, 'calendario');
  }
}

function bindCalendario() {
  $('#crea-calendario').addEventListener('click', async () => {
    try {
      const r = await apiSend('POST', `${base()}/calendario`);
      $('#indirizzo-calendario').value = r.url;
      $('#box-indirizzo').hidden = false;
      await loadCalendario();
      $('#indirizzo-calendario').focus();
      $('#indirizzo-calendario').select();
    } catch (err) {
      showApiError(err, 'calendario');
    }
  });
  $('#copia-calendario').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('#indirizzo-calendario').value);
      $('#stato-calendario').textContent = 'Indirizzo copiato.';
    } catch {
      $('#indirizzo-calendario').select();
      $('#stato-calendario').textContent = 'Copia non riuscita: seleziona l\'indirizzo e copialo a mano.';
    }
  });
  $('#revoca-calendario').addEventListener('click', async () => {
    try {
      await apiSend('DELETE', `${base()}/calendario`);
      $('#box-indirizzo').hidden = true;
      $('#indirizzo-calendario').value = '';
      await loadCalendario();
      $('#stato-calendario').textContent = 'Indirizzo revocato: le app di calendario non lo leggono più.';
    } catch (err) {
      showApiError(err, 'calendario');
    }
  });
}

async function loadRiepiloghi() {
  $('#anteprima-riepilogo').href = `/europa-digest.html?comune=${encodeURIComponent(codice)}`;
  try {
    const l = await apiGet(`${base()}/digests`, { limit: 200 });
    $('#stato-riepiloghi').textContent = l.total === 0 ? 'Nessun riepilogo inviato finora.' : '';
    clear($('#elenco-riepiloghi')).append(...l.items.map((d) => h('li', { dataset: { riepilogo: d.id } },
      h('a', { href: `/europa-digest.html?comune=${encodeURIComponent(codice)}&id=${d.id}` }, `Settimana al ${formatDate(d.data)}`),
      ` — nuovi ${d.nuovi}, modificati ${d.modificati}, in scadenza ${d.in_scadenza}`)));
  } catch (err) {
    showApiError(err, 'riepiloghi');
  }
}

async function loadNp() {
  try {
    const l = await apiGet(`${base()}/non-pertinenti`, { limit: 500 });
    $('#stato-np').textContent = l.total === 0 ? 'Nessun bando segnato come non pertinente.' : '';
    clear($('#elenco-np')).append(...l.items.map((b) => h('li', { class: 'mb-2', dataset: { np: b.bando_id } },
      h('a', { href: `/europa-bando.html?id=${b.bando_id}`, class: 'me-2' }, b.titolo),
      h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', 'aria-label': `Ripristina ${b.titolo}`, onclick: async () => {
        try {
          await apiSend('DELETE', `${base()}/non-pertinenti/${b.bando_id}`);
          await loadNp();
        } catch (err) {
          showApiError(err, 'non pertinenti');
        }
      } }, 'Ripristina'))));
  } catch (err) {
    showApiError(err, 'non pertinenti');
  }
}

initSite().then((me) => {
  const asked = new URLSearchParams(location.search).get('comune');
  const role = hasRole(me, 'sape_officer') && asked ? 'sape_officer' : 'comune';
  if (!guardPage(me, $('#accesso-richiesto'), { role, forbidden: 'Questa pagina è per i referenti dei Comuni e per l\'ufficio europeo della Provincia.' })) return;
  const mine = me.roles.filter((r) => r.role === 'comune').map((r) => r.ente.replace('comune:', ''));
  codice = role === 'sape_officer' ? asked : (asked && mine.includes(asked) ? asked : mine[0]);
  $('#comune-ricerche').textContent = `Comune con codice ISTAT ${codice}.`;
  $('#area-ricerche').hidden = false;
  bindForm();
  bindCalendario();
  loadRicerche();
  loadCalendario();
  loadRiepiloghi();
  loadNp();
});
