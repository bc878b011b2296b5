// fonti.js - where the registry's data come from and as of when, in the
// words the pages show beside Comuni and population (GET /api/v1/istanza
// gives `fonti`: {comuni: {fonte, data}, popolazione: {fonte, data}}).  A
// date the installation does not know is said to be unknown, never guessed.
import { formatDate } from './format.js';

function one(label, f) {
  if (!f) return null;
  const when = f.data ? `al ${formatDate(f.data)}` : 'data non indicata';
  return `${label}: ${f.fonte}, ${when}`;
}

// "Elenco dei Comuni: ISTAT, SITUAS: elenco dei Comuni, al 14/08/2026.
//  Popolazione: ISTAT, popolazione legale (censimento), al 09/10/2011."
export function fontiFrase(istanza) {
  const fonti = (istanza && istanza.fonti) || {};
  const parts = [one('Elenco dei Comuni', fonti.comuni), one('Popolazione', fonti.popolazione)]
    .filter(Boolean);
  if (istanza && Number.isFinite(istanza.comuni_con_popolazione) &&
      istanza.comuni_con_popolazione < istanza.comuni_attivi) {
    const n = istanza.comuni_attivi - istanza.comuni_con_popolazione;
    parts.push(n === 1
      ? '1 Comune, nato da una fusione successiva, non ha ancora il dato di popolazione'
      : `${n} Comuni, nati da fusioni successive, non hanno ancora il dato di popolazione`);
  }
  return parts.length ? `Fonti: ${parts.join('. ')}.` : '';
}
