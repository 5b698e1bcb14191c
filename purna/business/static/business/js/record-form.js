// The profit (revenue minus costs) as it is typed, with the same reading of amounts as the
// server: digits, dots between thousands (1.500.000), an optional "Rp". The server works it
// out again on saving; this is only a preview.
(function () {
  const output = document.getElementById("profit-preview");
  const revenue = document.getElementById("id_revenue");
  const costs = document.getElementById("id_costs");
  if (!output || !revenue || !costs) return;
  const amount = (text) => {
    const t = text.replace(/\s/g, "").replace(/^rp\.?/i, "").replace(/,0{1,2}$/, "");
    if (/^\d+$/.test(t) || /^\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ""));
    return null;
  };
  const lang = document.documentElement.lang || "id";
  const format = (n) => "Rp " + new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
  const update = () => {
    const r = amount(revenue.value);
    const c = amount(costs.value);
    if (r === null || c === null) {
      output.textContent = "–";
      output.classList.remove("text-danger");
      return;
    }
    const profit = r - c;
    output.textContent = format(profit) + (profit < 0 ? ` (${output.dataset.lossLabel})` : "");
    output.classList.toggle("text-danger", profit < 0);
  };
  revenue.addEventListener("input", update);
  costs.addEventListener("input", update);
  update();
})();
