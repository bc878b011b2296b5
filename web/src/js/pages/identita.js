// "Identità dell'ente" (admin): GET /api/v1/istanza/identita fills the form,
// PUT saves the changed fields; the legal links still missing are marked
// "da completare".  The server renders the saved identity into every page.
// A refused value is marked on its field (error.field); a failed load or
// save is shown at the top, focused, with "Riprova".
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage, isAdmin } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';

const KEYS = ['ente', 'ente_padre', 'ente_padre_url', 'colore', 'indirizzo', 'telefono', 'email', 'pec',
  'codice_fiscale', 'accessibilita_url', 'privacy_url', 'note_legali_url'];
const LABELS = {
  accessibilita_url: 'Dichiarazione di accessibilità',
  privacy_url: 'Informativa privacy',
  note_legali_url: 'Note legali',
};
const form = $('#form-identita');
const esito = $('#esito-identita');
let current = {};

function show(ident) {
  current = ident;
  for (const k of KEYS) form.elements[k].value = ident[k] ?? '';
  form.elements.stemma.value = '';
  $('#stemma-stato').textContent = ident.stemma ? 'Stemma caricato.' : 'Stemma predefinito.';
  $('#stemma-predefinito').hidden = !ident.stemma;
  const todo = ident.da_completare ?? [];
  for (const el of document.querySelectorAll('[data-da-completare-campo]')) {
    el.hidden = !todo.includes(el.dataset.daCompletareCampo);
  }
  $('#riepilogo-completare').replaceChildren();
  if (todo.length) {
    const p = document.createElement('p');
    p.className = 'alert alert-warning';
    p.textContent = `Da completare: ${todo.map((k) => LABELS[k] ?? k).join(', ')}. Finché mancano, il piè di pagina non mostra questi collegamenti.`;
    $('#riepilogo-completare').append(p);
  }
}

// The chosen crest file as a data: URI (the API checks type and size).
function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(new Error('File non leggibile.'));
    r.readAsDataURL(file);
  });
}

async function save(body) {
  try {
    show(await apiSend('PUT', '/istanza/identita', body));
    esito.textContent = 'Identità salvata: le pagine la mostrano da subito.';
  } catch (err) {
    if (!markField(form, err.field, err.message, { focus: true })) {
      showApiError(err, 'identita', { retry: () => save(body) });
    }
  }
}

$('#stemma-predefinito').addEventListener('click', () => {
  clearFieldErrors(form);
  esito.textContent = '';
  save({ stemma: '' });
});

async function load() {
  clearError('identita');
  try {
    show(await apiGet('/istanza/identita'));
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'identita', { retry: load, suffix: ' L\'identità dell\'ente non è stata caricata.' });
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  clearError('identita');
  esito.textContent = '';
  const body = {};
  for (const k of KEYS) {
    const v = form.elements[k].value.trim();
    if (v !== (current[k] ?? '')) body[k] = v;
  }
  const file = form.elements.stemma.files[0];
  if (file) {
    try {
      body.stemma = await readFile(file);
    } catch (err) {
      markField(form, 'stemma', err.message, { focus: true });
      return;
    }
  }
  if (Object.keys(body).length === 0) {
    esito.textContent = 'Nessuna modifica da salvare.';
    return;
  }
  await save(body);
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'admin', forbidden: "Solo un amministratore può modificare l'identità dell'ente." })) return;
  if (!isAdmin(me)) return;
  $('#area-identita').hidden = false;
  load();
});

