// idp-prova.js - the IdP di prova's pages (src/identity/test_idp_handlers.c):
// the form that carries the signed SAMLResponse to the service's ACS is
// submitted without a click, as an IdP's HTTP-POST page does.  A file of
// this site, so the CSP (script-src 'self') allows it; without script the
// form's button does the same.
for (const form of document.querySelectorAll('form[data-invio-automatico]')) {
  form.submit();
}
