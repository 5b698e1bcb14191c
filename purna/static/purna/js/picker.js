// Choosing another regency or district empties the selects below it, so a village of
// the previous choice is never submitted; htmx then loads the new options.
document.addEventListener("change", (event) => {
  const ids = event.target.dataset.resets;
  if (!ids) return;
  ids.split(" ").forEach((id) => {
    const select = document.getElementById(id);
    if (select) select.length = 1; // keep only "Choose…"
  });
});
