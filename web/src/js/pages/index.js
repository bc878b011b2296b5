// Home: the instance's Province and its figures (GET /api/v1/istanza).
import { initSite } from '../lib/site.js';
import { getIstanza, isAbort } from '../lib/api.js';
import { $, $$ } from '../lib/dom.js';
import { formatNumber, nomeEnte } from '../lib/format.js';

initSite();

function render(istanza) {
  const p = istanza.provincia;
  const status = $('#istanza-stato');
  $('[data-istanza-titolo]').textContent = p ? nomeEnte(p) : 'Istanza nazionale della rete';
  status.textContent = p
    ? `Questa piattaforma è gestita dalla ${nomeEnte(p)} (sigla ${p.sigla}, codice ISTAT ${p.codice}).`
    : 'Questa istanza non è legata a una Provincia: raccoglie la rete nazionale delle Province.';
  const values = {
    comuni_attivi: formatNumber(istanza.comuni_attivi),
    popolazione: formatNumber(istanza.popolazione),
    regione: p && p.regione ? p.regione.nome : 'Italia',
  };
  for (const el of $$('[data-cifra]')) el.textContent = values[el.dataset.cifra];
  $('#istanza-cifre').hidden = false;
  if (p) {
    const link = $('#link-comuni-provincia');
    link.href = `/comuni.html?provincia=${encodeURIComponent(p.sigla)}`;
    link.textContent = `Cerca tra i Comuni della ${nomeEnte(p)}`;
  }
}

getIstanza().then(render, (e) => {
  if (isAbort(e)) return;
  // site.js already shows the error in the alert area.
  $('#istanza-stato').textContent = 'I dati della Provincia non sono disponibili.';
});
