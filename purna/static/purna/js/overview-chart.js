// Stacked bars of returnees per quadrant per district; suppressed cells (null) are left out.
(function () {
  const canvas = document.getElementById("overview-chart");
  const source = document.getElementById("overview-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = { I: "#dc3545", II: "#b35000", III: "#0d6efd", IV: "#198754" };
  data.datasets.forEach((d) => { d.backgroundColor = colours[d.quadrant]; });
  // One readable row per district: Chart.js would otherwise skip every other label.
  canvas.parentNode.style.height = `${data.labels.length * 28 + 90}px`;
  new Chart(canvas, {
    type: "bar",
    data,
    options: {
      indexAxis: "y",
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } },
    },
  });
})();
