// Shared behaviour of every page: Bootstrap Italia components used by the
// layout (focus tracking, collapsible navbar) and the instance's Province in
// the slim header and footer.
import 'bootstrap-italia/dist/plugins/init.js';
import NavBarCollapsible from 'bootstrap-italia/dist/plugins/navbar-collapsible.js';
import { getIstanza, isAbort } from './api.js';
import { showError } from './alert.js';
import { nomeEnte } from './format.js';


function fillHeader(istanza) {
  const p = istanza.provincia;
  for (const el of document.querySelectorAll('[data-istanza-ente]')) {
    el.textContent = p ? nomeEnte(p) : 'Rete delle Province';
  }
  for (const el of document.querySelectorAll('[data-istanza-regione]')) {
    el.textContent = p && p.regione ? `Regione ${p.regione.nome}` : '';
  }
  for (const el of document.querySelectorAll('[data-istanza-versione]')) {
    el.textContent = istanza.versione ? `versione ${istanza.versione}` : '';
  }
}

export function initSite() {
  // Creating the instances also keeps the plugin (and its data-api click
  // handler) in the bundle: bootstrap-italia marks its plugins side-effect
  // free, so a bare import would be dropped.
  for (const el of document.querySelectorAll('.navbar-collapsable')) {
    NavBarCollapsible.getOrCreateInstance(el);
  }
  getIstanza().then(fillHeader, (e) => {
    if (!isAbort(e)) showError(`Dati dell'istanza non disponibili: ${e.message}`, 'istanza');
  });
}
