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
export function markField(form, path, message) {
  const el = inputForPath(form, path);
  if (el) setFieldError(el, message);
  return el;
}
