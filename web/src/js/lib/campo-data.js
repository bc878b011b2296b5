// Date fields typed as Italians write them: text inputs (not type="date",
// whose look and order follow the browser's locale) that accept gg/mm/aaaa
// and the API's aaaa-mm-gg alike, read with numeri.js parseData.  How the
// value was read is shown under the field ("Letto come 01/03/2026.") as
// soon as the user leaves it, a bad date is marked on the field, and the
// page sends the ISO value.
import { parseData, formatData } from './numeri.js';
import { setFieldError, setFieldNote } from './form.js';

export const DATA_SEGNAPOSTO = 'gg/mm/aaaa';

// Reads the field: { ok: true, value: 'aaaa-mm-gg' } ('' when empty and
// optional) or { ok: false, message }; updates the note under the field.
export function readDateField(input, { optional = true } = {}) {
  const raw = input.value.trim();
  if (raw === '' && optional) {
    setFieldNote(input, null);
    return { ok: true, value: '' };
  }
  const p = parseData(raw);
  setFieldNote(input, p.ok ? `Letto come ${p.shown}.` : null);
  return p;
}

// Makes input a date field: placeholder, the ISO value shown the Italian way,
// the reading shown under it as soon as the text is a whole date (while
// typing, so that leaving the field never moves the button the user is
// clicking); a corrected date clears its error, a wrong one is marked when
// the form is sent.
export function bindDateField(input, { optional = true } = {}) {
  input.setAttribute('placeholder', DATA_SEGNAPOSTO);
  input.setAttribute('inputmode', 'numeric');
  if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) input.value = formatData(input.value);
  input.addEventListener('input', () => {
    if (readDateField(input, { optional }).ok && input.getAttribute('aria-invalid')) setFieldError(input, null);
  });
}
