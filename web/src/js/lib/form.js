// Field-level validation messages next to the inputs (Bootstrap Italia
// .invalid-feedback), tied to the field with aria-describedby/aria-invalid.
// The page-level summary goes through showError (role="alert").
//
// The API names the bad value by its JSON path in error.field
// ("referente.email", "roles[0].ente", "offerte[3]"); markField finds the
// input that edits it (inputForPath) and marks it.

// setFieldError(input, message): the feedback element is #<input id>-errore,
// created after the input when the page has none.
export function setFieldError(input, message) {
  let fb = document.getElementById(`${input.id}-errore`);
  if (message && !fb && input.id) {
    fb = document.createElement('div');
    fb.id = `${input.id}-errore`;
    fb.className = 'invalid-feedback';
    input.after(fb);
  }
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('is-invalid');
    if (fb) {
      fb.textContent = message;
      fb.hidden = false;
      fb.classList.add('d-block');
      const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      if (!ids.includes(fb.id)) input.setAttribute('aria-describedby', [...ids, fb.id].join(' '));
    }
  } else {
    input.removeAttribute('aria-invalid');
    input.classList.remove('is-invalid');
    if (fb) {
      fb.textContent = '';
      fb.hidden = true;
      fb.classList.remove('d-block');
    }
  }
}

export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('input, select, textarea')) {
    if (el.id) setFieldError(el, null);
  }
}

// The key of a JSON path with its list indices dropped: "roles[2].ente" ->
// "roles[].ente", for forms that edit one item of a list.
export function pathKey(path) {
  return String(path ?? '').replace(/\[\d+\]/g, '[]');
}

// The input of form that edits the value at path: the element whose
// data-campo is the path (or its pathKey), else the one named so.
export function inputForPath(form, path) {
  if (!path) return null;
  for (const p of [path, pathKey(path)]) {
    const el = form.querySelector(`[data-campo="${CSS.escape(p)}"]`) ?? form.querySelector(`[name="${CSS.escape(p)}"]`);
    if (el) return el;
  }
  return null;
}

// Marks the input for an error's path with its message; returns it (or null).
// opts.focus: move the focus to it (the first wrong field of a form).
export function markField(form, path, message, { focus = false } = {}) {
  const el = inputForPath(form, path);
  if (el) {
    setFieldError(el, message);
    if (focus) focusField(el);
  }
  return el;
}

function focusField(el) {
  el.scrollIntoView({ block: 'center', behavior: 'instant' });
  el.focus({ preventScroll: true });
}

// Marks several fields at once ([{path, message}] or [{input, message}]) and
// moves the focus to the first wrong one in the form's order.  Returns the
// errors whose field was not found (to show at page level).
export function markFields(form, errors) {
  const missed = [];
  for (const e of errors) {
    const el = e.input ?? inputForPath(form, e.path);
    if (el) setFieldError(el, e.message);
    else missed.push(e);
  }
  focusFirstInvalid(form);
  return missed;
}

// Focus the first input of form marked aria-invalid; returns it (or null).
export function focusFirstInvalid(form) {
  const el = form.querySelector('[aria-invalid="true"]');
  if (el) focusField(el);
  return el;
}

// A neutral note under a field, e.g. how a typed value was read ("Letto
// come € 1.500,00"): #<input id>-lettura, tied with aria-describedby;
// null or '' removes it.
export function setFieldNote(input, text) {
  const id = `${input.id}-lettura`;
  let note = document.getElementById(id);
  if (text) {
    if (!note) {
      note = document.createElement('div');
      note.id = id;
      note.className = 'form-text lettura-campo';
      (document.getElementById(`${input.id}-errore`) ?? input).after(note);
    }
    note.textContent = text;
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!ids.includes(id)) input.setAttribute('aria-describedby', [...ids, id].join(' '));
  } else if (note) {
    note.remove();
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  }
}
