// The public tender page's statement of who can read the bids and when
// (GET /api/v1/gare/{id}/riservatezza, docs/sua-buste.md).  Best effort:
// a failure leaves the section hidden, the rest of the page is unaffected.
import { apiGet } from './api.js';

export async function showRiservatezza(section, text, id) {
  try {
    const r = await apiGet(`/gare/${id}/riservatezza`);
    text.textContent = r.lettura;
    section.hidden = false;
  } catch {
    section.hidden = true;
  }
}
