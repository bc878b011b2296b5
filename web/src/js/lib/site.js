// Shared behaviour of every page: Bootstrap Italia components used by the
// layout (focus tracking, collapsible navbar, the user menu's dropdown), the
// instance's Province in the slim header and footer, and the user menu
// ("Accedi" for anonymous visitors, the user's name and links by role once
// logged in).
import 'bootstrap-italia/dist/plugins/init.js';
import NavBarCollapsible from 'bootstrap-italia/dist/plugins/navbar-collapsible.js';
import Dropdown from 'bootstrap-italia/dist/plugins/dropdown.js';
import { getIstanza, isAbort } from './api.js';
import { showError } from './alert.js';
import { h, icon } from './dom.js';
import { getMe, isAdmin, hasRole, loginUrl, logout, currentPath } from './session.js';
import { renderBell } from './notifiche.js';


// The owning administration, its parent and the footer's contacts and legal
// links come in the HTML itself (the server renders the installation's
// identity into every page: docs/istanza.md); only the version is added.
function fillHeader(istanza) {
  for (const el of document.querySelectorAll('[data-istanza-versione]')) {
    el.textContent = istanza.versione ? `versione ${istanza.versione}` : '';
  }
}

// To an admin, the footer's legal links still missing say "da completare"
// (the server hid the link: its href would be empty).
function showDaCompletare() {
  for (const el of document.querySelectorAll('[data-da-completare]')) {
    const link = el.previousElementSibling;
    if (link && link.classList.contains('d-none')) el.classList.remove('d-none');
  }
}

// The links of the user menu: everyone's, then by role.
function menuLinks(me) {
  // The API tokens are under the profile's advanced section, not here.
  const links = [
    { href: '/area.html', label: 'La mia area' },
    { href: '/password.html', label: 'Il mio profilo / cambia password' },
  ];
  if (isAdmin(me)) {
    links.push({ href: '/utenti.html', label: 'Utenti' }, { href: '/audit.html', label: 'Registro di audit' },
      { href: '/identita.html', label: "Identità dell'ente" });
  }
  if (isAdmin(me) || hasRole(me, 'upi')) links.push({ href: '/importa-istat.html', label: 'Importa dati ISTAT' });
  if (isAdmin(me)) links.push({ href: '/pcp.html', label: 'Collegamento PCP (ANAC)' });
  if (hasRole(me, 'operator')) links.push({ href: '/offerte.html', label: 'Le mie offerte' });
  if (hasRole(me, 'sua_officer')) {
    links.push({ href: '/custode.html', label: 'Chiave di custode' }, { href: '/apertura.html', label: 'Apertura delle buste' });
  }
  return links;
}

function renderUserMenu(zone, me) {
  const here = window.location.pathname;
  const button = h('button', {
    type: 'button', id: 'menu-utente-pulsante',
    class: 'btn btn-primary btn-icon btn-full dropdown-toggle',
    'aria-expanded': 'false', 'aria-controls': 'menu-utente',
    dataset: { bsToggle: 'dropdown', bsDisplay: 'static' },
  },
  h('span', { class: 'rounded-icon' }, icon('it-user', 'icon-primary')),
  h('span', { class: 'visually-hidden' }, 'Menu utente: '),
  h('span', { class: 'nome-utente', dataset: { utenteNome: '' } }, me.name),
  icon('it-expand', 'icon-white d-none d-md-inline'));
  const esci = h('button', { type: 'button', class: 'dropdown-item list-item', dataset: { esci: '' } },
    icon('it-logout', 'icon-primary icon-sm me-2'), h('span', {}, 'Esci'));
  const menu = h('div', { class: 'dropdown-menu dropdown-menu-end', id: 'menu-utente' },
    h('div', { class: 'link-list-wrapper' }, h('ul', { class: 'link-list' },
      h('li', {}, h('span', { class: 'list-item menu-utente-email' }, me.email)),
      h('li', {}, h('span', { class: 'divider', 'aria-hidden': 'true' })),
      menuLinks(me).map((l) => h('li', {}, h('a', {
        class: `dropdown-item list-item${l.href === here ? ' active' : ''}`, href: l.href,
        'aria-current': l.href === here ? 'page' : null,
      }, h('span', {}, l.label)))),
      h('li', {}, h('span', { class: 'divider', 'aria-hidden': 'true' })),
      h('li', {}, esci))));
  zone.replaceChildren(h('div', { class: 'dropdown' }, button, menu));
  Dropdown.getOrCreateInstance(button);
  esci.addEventListener('click', async () => {
    esci.disabled = true;
    try {
      // A SPID/CIE session: Single Logout, which ends the session here and
      // at the identity provider (docs/spid-cie.md), through the browser.
      const metodo = me.sessione && me.sessione.metodo;
      if (metodo === 'spid' || metodo === 'cie') {
        window.location.assign('/api/v1/auth/saml/slo');
        return;
      }
      await logout();
      window.location.assign('/');
    } catch (e) {
      esci.disabled = false;
      showError(`Uscita non riuscita: ${e.message}`, 'logout');
    }
  });
}

function renderLoginLink(zone) {
  for (const a of zone.querySelectorAll('a[data-accedi]')) {
    if (window.location.pathname !== '/accedi.html') a.href = loginUrl();
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
  const zone = document.querySelector('[data-utente]');
  return getMe().then((me) => {
    if (zone) {
      if (me) renderUserMenu(zone, me);
      else renderLoginLink(zone);
      if (me && !me.must_change_password) renderBell(zone);
    }
    if (isAdmin(me)) showDaCompletare();
    // An account still on its one-time password may only change it: the
    // API refuses it everything else, so the page does not even start.
    if (me && me.must_change_password && window.location.pathname !== '/password.html') {
      window.location.replace(`/password.html?next=${encodeURIComponent(currentPath())}`);
      return new Promise(() => {});
    }
    return me;
  }, (e) => {
    if (zone) renderLoginLink(zone);
    if (!isAbort(e)) showError(`Impossibile verificare l'accesso: ${e.message}`, 'utente');
    return null;
  });
}
