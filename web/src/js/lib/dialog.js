// Modal dialogs on the native <dialog> element: showModal() makes the rest of
// the page inert, keeps Tab inside, closes on Escape and gives the focus back
// to the element that opened it.  Styled with Bootstrap Italia classes
// (app.css: .app-dialog).  No inline styles or handlers (CSP).
import { h } from './dom.js';
import { clearFieldErrors, markField } from './form.js';

let seq = 0;

// openDialog({title, intro, content, submitLabel, cancelLabel, danger, onSubmit})
// resolves to the value returned by onSubmit(form) (true if it returns
// nothing) once it succeeds, or to null when the user cancels.  If onSubmit
// throws, the dialog stays open and shows the error (role="alert"); an
// ApiError's `field` (a JSON path) marks the input that edits it as invalid,
// with the message beside it, and focuses it (form.js: markField); an
// error no field fits gets the focus itself, so it is read at once.
export function openDialog({
  title, intro = null, content = [], submitLabel = 'Conferma', cancelLabel = 'Annulla',
  danger = false, onSubmit = null,
}) {
  const id = `dialogo-${++seq}`;
  const alerts = h('div', { class: 'dialog-alerts' });
  const submit = h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}` }, submitLabel);
  const cancel = h('button', { type: 'button', class: 'btn btn-outline-primary' }, cancelLabel);
  const form = h('form', { class: 'app-dialog-form', novalidate: true },
    h('h2', { id: `${id}-titolo`, class: 'h4 mb-3' }, title),
    intro ? h('p', { id: `${id}-testo` }, intro) : null,
    alerts,
    content,
    h('div', { class: 'app-dialog-buttons' }, cancel, submit));
  const dlg = h('dialog', {
    class: 'app-dialog', id, 'aria-labelledby': `${id}-titolo`, 'aria-describedby': intro ? `${id}-testo` : null,
  }, form);
  document.body.append(dlg);
  const opener = document.activeElement;

  return new Promise((resolve) => {
    let result = null;
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => {
      dlg.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      alerts.replaceChildren();
      clearFieldErrors(form);
      submit.disabled = true;
      try {
        const r = onSubmit ? await onSubmit(form) : true;
        result = r === undefined ? true : r;
        dlg.close();
      } catch (err) {
        submit.disabled = false;
        const alert = h('div', { class: 'alert alert-danger', role: 'alert', tabindex: '-1' }, err.message);
        alerts.append(alert);
        const field = markField(form, err.field, err.message);
        (field ?? alert).focus();
      }
    });
    dlg.showModal();
    // Destructive confirmations start on "Annulla"; forms on their first field.
    const first = danger ? cancel : form.querySelector('input:not([type=hidden]):not([disabled]), select, textarea') ?? submit;
    first.focus();
  });
}

// Yes/no question; resolves to true when confirmed (and onSubmit, if any,
// succeeded), false when cancelled.
export async function confirmDialog(opts) {
  return (await openDialog(opts)) !== null;
}
