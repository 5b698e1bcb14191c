// A business's revenue (bars) and profit (line) per month. Data comes from json_script;
// months without a record are null and leave a gap. The page has the same figures as a
// table and a summary in words, so the canvas is hidden from screen readers.
(function () {
  const canvas = document.getElementById("business-chart");
  const source = document.getElementById("business-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const lang = document.documentElement.lang || "id";
  const rupiah = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "line",
          label: canvas.dataset.profitLabel,
          data: data.profit,
          borderColor: "#b35000",
          backgroundColor: "#b35000",
          borderWidth: 2,
          pointRadius: 3,
          spanGaps: false,
          order: 0,
        },
        {
          type: "bar",
          label: canvas.dataset.revenueLabel,
          data: data.revenue,
          backgroundColor: "rgba(25, 135, 84, 0.55)",
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { ticks: { callback: (v) => compact.format(v) } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) =>
              item.raw === null ? "" : `${item.dataset.label}: Rp ${rupiah.format(item.raw)}`,
          },
        },
      },
    },
  });
})();
