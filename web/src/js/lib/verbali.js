// The published minutes of a tender on its public page: each with its PDF
// and SHA-256 (GET /api/v1/sua/gare/{id}/verbali answers the public with
// the published ones only).  The section stays hidden while there are none
// and when the list cannot be read (the tender's page works without it).
import { apiGet, apiUrl } from './api.js';
import { h } from './dom.js';
import { formatDataOra } from './numeri.js';

export async function showVerbaliPubblici(section, garaId) {
  let r;
  try {
    r = await apiGet(`/sua/gare/${garaId}/verbali`);
  } catch {
    section.hidden = true;
    return;
  }
  const items = r.items.filter((v) => v.pubblicato);
  section.querySelector('ul').replaceChildren(...items.map((v) => h('li', { class: 'mb-2', dataset: { verbale: String(v.id) } },
    h('a', { href: apiUrl(`/sua/verbali/${v.id}/pdf`) }, `${v.titolo} (PDF, ${v.pagine} ${v.pagine === 1 ? 'pagina' : 'pagine'})`),
    h('span', { class: 'd-block small text-secondary text-break' },
      `Pubblicato il ${formatDataOra(v.pubblicato_at * 1000)} · SHA-256 `, h('code', {}, v.sha256)))));
  section.hidden = items.length === 0;
}
