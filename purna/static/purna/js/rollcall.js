// The roll call: "everyone present" ticks every toggle so the facilitator only taps who is
// missing before saving; the count on the save button follows the toggles. Without
// JavaScript the same button saves everyone as present.
(() => {
  const form = document.querySelector("[data-rollcall]");
  if (!form) return;
  const boxes = () => [...form.querySelectorAll("input[name=present]")];
  const count = form.querySelector("[data-rollcall-count]");
  const update = () => {
    count.textContent = boxes().filter((box) => box.checked).length;
  };
  form.addEventListener("change", update);
  form.querySelector("[data-rollcall-all]").addEventListener("click", (event) => {
    event.preventDefault();
    boxes().forEach((box) => {
      box.checked = true;
    });
    update();
  });
  update();
})();
