// The public help form: the topic question belongs to requests for help only. Without
// JavaScript it simply stays visible (and is ignored for the other kinds).
(function () {
  const form = document.getElementById("help-form");
  const block = document.getElementById("topic-block");
  if (!form || !block) return;
  function update() {
    const chosen = form.querySelector("input[name=kind]:checked");
    block.hidden = !chosen || chosen.value !== "help";
  }
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") update();
  });
  update();
})();
