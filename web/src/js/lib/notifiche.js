// The bell in the header: a link to the "Notifiche" page with the number of
// unread notifications (GET /api/v1/notifiche/conteggio) as a badge, for a
// logged-in user.  A failure leaves the bell without a number: it is not
// worth an error box on every page.
import { apiGet } from './api.js';
import { h, icon } from './dom.js';

export function bellLabel(n) {
  if (!n) return 'Notifiche: nessuna da leggere';
  return n === 1 ? 'Notifiche: 1 da leggere' : `Notifiche: ${n} da leggere`;
}

// Sets the badge of an existing bell to n.
export function setBell(n) {
  const a = document.querySelector('[data-campanella]');
  if (!a) return;
  const badge = a.querySelector('[data-campanella-numero]');
  badge.textContent = n > 99 ? '99+' : String(n);
  badge.hidden = !n;
  a.setAttribute('aria-label', bellLabel(n));
  a.title = bellLabel(n);
}

export function renderBell(zone) {
  const here = window.location.pathname === '/notifiche.html';
  const a = h('a', {
    href: '/notifiche.html', class: 'campanella btn btn-icon me-2', dataset: { campanella: '' },
    'aria-label': bellLabel(0), title: bellLabel(0), 'aria-current': here ? 'page' : null,
  },
  h('span', { class: 'rounded-icon' }, icon('it-mail', 'icon-primary')),
  h('span', { class: 'badge bg-danger campanella-numero', dataset: { campanellaNumero: '' }, hidden: true }, '0'));
  zone.prepend(a);
  return apiGet('/notifiche/conteggio').then((c) => setBell(c.non_lette), () => {});
}
