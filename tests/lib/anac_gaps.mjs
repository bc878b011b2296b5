// anac_gaps.mjs - ANAC's schema check of a scheda as the PCP stub runs it
// (tests/stubs/pcp.mjs, option checkScheda): tests/lib/anac_scheda_check.py
// builds the JSON Schema from ANAC's YAML; the only errors admitted are the
// documented gaps of docs/pcp-schede.md "Not covered" (the same lists as
// tests/http/pcp-eforms.test.mjs and pcp-schede.test.mjs): required
// properties the SUA does not collect yet.  Anything else is a reason to
// refuse the scheda.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, ROOT } from './server.mjs';

const NPA = join(SHARED, 'data', 'anac', 'npa');
const LOTTO_P = ['lavoroOAcquistoPrevistoInProgrammazione', 'opzioniRinnovi', 'categoria', 'ripetizioniEConsegneComplementari',
  'servizioPubblicoLocale', 'prestazioniComprese', 'ccnl', 'ipotesiCollegamento', 'categorieMerceologiche',
  'afferenteInvestimentiPNRR', 'contrattiDisposizioniParticolari', 'finanziamenti'].map((p) => ['anacForm/lotti/N', p]);
export const GAPS = {
  P1_16: [['', 'espd'], ['anacForm/appalto', 'categorieMerceologiche'], ...LOTTO_P],
  P2_16: [['', 'espd'], ['anacForm/appalto', 'categorieMerceologiche'], ...LOTTO_P],
  S2: [['anacForm/elencoSoggetti/N/partecipanti/N', 'tipoOE'], ['anacForm/elencoSoggetti/N/partecipanti/N', 'avvalimento']],
  A1_29: [['anacForm/appalto', 'relazioneUnicaSulleProcedure'], ['anacForm/appalto', 'opereUrbanizzazioneScomputo']],
  A2_29: [['anacForm/appalto', 'relazioneUnicaSulleProcedure'], ['anacForm/appalto', 'opereUrbanizzazioneScomputo'],
    ['anacForm/aggiudicazioni/N/offertePresentate/N', 'ccnl']],
  AD3: [['anacForm/aggiudicazioni/N', 'ccnl'], ['anacForm/aggiudicazioni/N', 'afferenteInvestimentiPNRR'],
    ['anacForm/aggiudicazioni/N/partecipanti/N', 'tipoOE'], ['anacForm/aggiudicazioni/N/partecipanti/N', 'avvalimento']],
  AD5: [],
};

// Nothing more for the lifecycle's schede: the PCP configuration carries
// the AUSA code and the centro di costo (sa_centro_costo, migration 0057).
const LIFECYCLE = [];

const dir = mkdtempSync(join(tmpdir(), 'anac-gaps-'));
let n = 0;
export const checked = []; // [codice, number of errors] of every scheda checked

// null when the scheda is valid but for its code's documented gaps; else the reason.
export function anacCheck(codice, scheda) {
  const f = join(dir, `s-${++n}.json`);
  writeFileSync(f, JSON.stringify({ scheda }));
  const { errors } = JSON.parse(execFileSync('/usr/bin/python3', [join(ROOT, 'tests', 'lib', 'anac_scheda_check.py'), f, NPA], { encoding: 'utf8' }));
  checked.push([codice, errors.length]);
  if (!GAPS[codice]) return `nessuna verifica per ${codice}`;
  const gaps = [...GAPS[codice], ...LIFECYCLE];
  for (const e of errors) {
    const m = /^'(\w+)' is a required property$/.exec(e.message);
    const key = m && `${e.path.replace(/\/\d+/g, '/N')}#${m[1]}`;
    if (e.validator !== 'required' || !gaps.some(([p, q]) => `${p}#${q}` === key)) {
      if (process.env.ANAC_GAPS_DEBUG) process.stderr.write(`anacCheck ${codice}: ${e.path}: ${e.message}\n`);
      return `${e.path}: ${e.message}`;
    }
  }
  return null;
}
