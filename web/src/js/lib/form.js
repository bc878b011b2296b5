// Field-level validation messages next to the inputs (Bootstrap Italia
// .invalid-feedback), tied to the field with aria-describedby/aria-invalid.
// The page-level summary goes through showError (role="alert").

// setFieldError(input, message): the feedback element is #<input id>-errore.
export function setFieldError(input, message) {
  const fb = document.getElementById(`${input.id}-errore`);
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('is-invalid');
    if (fb) {
      fb.textContent = message;
      fb.hidden = false;
      fb.classList.add('d-block');
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
