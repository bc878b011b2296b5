// "La mia area" (GET /api/v1/area): the panels the modules contribute for
// the user's roles, drawn without knowing any module: a heading, a sentence,
// things to do (label, count, link), recent activity, deadlines, tools and
// the Comune's card.  A role with no panel gets the API's honest sentence.
// While loading the panels' area is busy with a visible "Caricamento…"; a
// failed load is shown at the top, focused, with "Riprova".
import { initSite } from '../lib/site.js';
import { apiGet, isAbort } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatNumber, formatTimestamp, formatDate, ruoloLabel, enteLabel } from '../lib/format.js';

const status = $('#stato-area');
const grid = $('#area-pannelli');

const link = (href, text) => (href ? h('a', { href }, text) : h('span', {}, text));

function todoList(items) {
  return h('ul', { class: 'area-todo list-unstyled' }, items.map((t) => h('li', { class: 'd-flex justify-content-between gap-3 py-1 border-bottom' },
    link(t.link, t.label),
    Number.isInteger(t.count) ? h('span', { class: 'badge bg-primary area-conteggio align-self-start' }, formatNumber(t.count)) : null)));
}

function activityList(items) {
  if (!items.length) return h('p', { class: 'text-secondary' }, 'Nessuna attività recente.');
  return h('ul', { class: 'area-attivita list-unstyled' }, items.map((a) => h('li', { class: 'py-1 border-bottom' },
    h('time', { datetime: a.time, class: 'small text-secondary d-block' }, formatTimestamp(a.time)),
    a.action_label
      ? h('span', {}, link(a.link, a.action_label), h('span', { class: 'd-block small' }, a.actor_name))
      : h('span', {}, link(a.link, a.label), a.detail ? h('span', { class: 'd-block small' }, a.detail) : null))));
}

function deadlineList(items) {
  return h('ul', { class: 'list-unstyled' }, items.map((d) => h('li', { class: 'py-1' },
    h('time', { datetime: d.date, class: 'fw-semibold me-2' }, formatDate(d.date)), link(d.link, d.label))));
}

function linkList(items) {
  return h('ul', { class: 'list-unstyled' }, items.map((l) => h('li', { class: 'py-1' },
    h('a', { href: l.link, class: 'fw-semibold' }, l.label),
    l.description ? h('span', { class: 'd-block small' }, l.description) : null)));
}

function comuneCard(c) {
  const pop = c.popolazione === null ? 'non indicata' : `${formatNumber(c.popolazione)} abitanti`;
  return h('dl', { class: 'row mb-2 area-scheda' },
    h('dt', { class: 'col-sm-4' }, 'Comune'), h('dd', { class: 'col-sm-8' }, link(c.link, c.nome), ` (codice ISTAT ${c.codice_istat})`),
    h('dt', { class: 'col-sm-4' }, 'Provincia'), h('dd', { class: 'col-sm-8' }, `${c.provincia.nome} (${c.provincia.sigla}), ${c.regione}`),
    h('dt', { class: 'col-sm-4' }, 'Popolazione'), h('dd', { class: 'col-sm-8' }, pop, h('span', { class: 'd-block small text-secondary' }, `Fonte: ${c.popolazione_riferimento}.`)),
    c.attivo ? null : [h('dt', { class: 'col-sm-4' }, 'Stato'), h('dd', { class: 'col-sm-8' }, 'Comune soppresso')]);
}

function panel(p, i) {
  const id = `pannello-${p.id}`;
  const part = (title, content) => [h('h3', { class: 'h6 mt-3' }, title), content];
  return h('div', { class: 'col-12 col-lg-6' },
    h('section', { class: 'card card-bg area-pannello h-100', 'aria-labelledby': id, dataset: { pannello: p.id } },
      h('div', { class: 'card-body' },
        h('h2', { class: 'h4 card-title', id }, p.title),
        p.description ? h('p', { class: 'card-text' }, p.description) : null,
        p.cards?.length ? p.cards.map(comuneCard) : null,
        p.todo ? part('Da fare', p.todo.length ? todoList(p.todo) : h('p', { class: 'text-secondary' }, 'Niente da fare per ora.')) : null,
        p.deadlines?.length ? part('Scadenze', deadlineList(p.deadlines)) : null,
        p.activity ? part(p.id === 'audit' ? 'Ultime operazioni' : 'Attività recenti', activityList(p.activity)) : null,
        p.links?.length ? part('Strumenti', linkList(p.links)) : null)));
}

async function load() {
  clearError('area');
  setLoading(grid, true, { status, text: 'Caricamento…' });
  try {
    const a = await apiGet('/area');
    setLoading(grid, false, { status });
    clear($('#area-ruoli')).append(...a.roles.map((r) => h('li', {}, `${ruoloLabel(r.role)} — ${enteLabel(r.ente)}`)));
    clear(grid).append(...a.panels.map(panel));
    $('#area-vuota').hidden = a.panels.length > 0;
    $('#area-vuota-testo').textContent = a.empty ?? '';
    status.textContent = a.panels.length
      ? `${a.panels.length === 1 ? 'Un riquadro' : `${a.panels.length} riquadri`} per i tuoi ruoli.`
      : '';
  } catch (err) {
    if (isAbort(err)) return;
    setLoading(grid, false, { status, text: 'La tua area non è disponibile.' });
    showApiError(err, 'area', { retry: load });
  }
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'))) return;
  $('#saluto').textContent = `Buongiorno, ${me.name}. Qui trovi quello che ti riguarda sulla piattaforma, secondo i tuoi ruoli.`;
  $('#area-personale').hidden = false;
  load();
});
