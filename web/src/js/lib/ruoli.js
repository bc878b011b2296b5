// Role select and ente field shared by the users page (create, grant).
import { h } from './dom.js';
import { RUOLI } from './format.js';

export function fillRoleSelect(select) {
  for (const r of RUOLI) select.append(h('option', { value: r.code }, r.label));
}

const PLACEHOLDER = {
  provincia: 'provincia:NNN',
  comune: 'comune:NNNNNN',
  operatore: 'operatore:PARTITAIVA',
  upi: 'upi',
};

// When the role changes: the ente's placeholder follows the kind of ente the
// role requires, and an obvious value is proposed (upi; the admin's own
// Province for Province roles) if the field is empty or of another kind.
export function linkRoleToEnte(select, input, me) {
  const own = me?.roles?.find((r) => r.role === 'admin')?.ente ?? '';
  const update = () => {
    const kind = RUOLI.find((r) => r.code === select.value)?.ente;
    input.placeholder = kind ? PLACEHOLDER[kind] : '';
    if (!kind) return;
    const cur = input.value.trim();
    const fits = kind === 'upi' ? cur === 'upi' : cur.startsWith(`${kind}:`);
    if (fits) return;
    if (kind === 'upi') input.value = 'upi';
    else if (kind === 'provincia' && own.startsWith('provincia:')) input.value = own;
    else input.value = `${kind}:`;
  };
  select.addEventListener('change', update);
  update();
}

// Client-side shape check of an ente code for a role (the server decides).
export function enteProblem(role, ente) {
  const kind = RUOLI.find((r) => r.code === role)?.ente;
  if (!ente) return "Indica l'ente del ruolo.";
  const ok = {
    provincia: /^provincia:\d{3}$/,
    comune: /^comune:\d{6}$/,
    operatore: /^operatore:\d{11}$/,
    upi: /^upi$/,
  }[kind];
  if (ok && !ok.test(ente)) return `Per questo ruolo l'ente deve avere la forma ${PLACEHOLDER[kind]}.`;
  return null;
}
