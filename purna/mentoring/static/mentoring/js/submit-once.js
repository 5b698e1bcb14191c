// A form marked data-submit-once sends once: a second tap on a slow connection would save
// the visit twice. The buttons come back when the page is shown again from the browser's
// history (back button), where the form may be sent anew.
(function () {
  const forms = document.querySelectorAll("form[data-submit-once]");
  const buttons = (form) => form.querySelectorAll("button[type=submit], input[type=submit]");
  forms.forEach((form) => {
    form.addEventListener("submit", () => {
      // After this event, so the clicked button's own name and value are still sent.
      setTimeout(() => buttons(form).forEach((button) => {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      }), 0);
    });
  });
  window.addEventListener("pageshow", () => {
    forms.forEach((form) => buttons(form).forEach((button) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }));
  });
})();
