// Places a person's assessments on the business (x) / sakinah (y) plane with the
// quadrant boundaries at the instrument's threshold. Data comes from json_script.
(function () {
  const canvas = document.getElementById("quadrant-chart");
  const source = document.getElementById("chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const t = data.threshold;
  const labels = {
    id: "quadrant-labels",
    afterDraw(chart) {
      const { ctx, scales: { x, y } } = chart;
      ctx.save();
      ctx.strokeStyle = "#6c757d";
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x.getPixelForValue(t), y.top);
      ctx.lineTo(x.getPixelForValue(t), y.bottom);
      ctx.moveTo(x.left, y.getPixelForValue(t));
      ctx.lineTo(x.right, y.getPixelForValue(t));
      ctx.stroke();
      ctx.fillStyle = "#adb5bd";
      ctx.font = "bold 16px sans-serif";
      ctx.textAlign = "center";
      [["I", t / 2, t / 2], ["II", (100 + t) / 2, t / 2],
       ["III", t / 2, (100 + t) / 2], ["IV", (100 + t) / 2, (100 + t) / 2]]
        .forEach(([q, qx, qy]) => ctx.fillText(q, x.getPixelForValue(qx), y.getPixelForValue(qy)));
      ctx.restore();
    },
  };
  const axisTitle = (text) => ({ display: true, text });
  new Chart(canvas, {
    type: "scatter",
    data: {
      datasets: [{
        // The quadrant history: self assessments joined oldest to newest.
        type: "line",
        data: data.path,
        borderColor: "#6c757d",
        borderWidth: 1.5,
        borderDash: [2, 3],
        pointRadius: 0,
        fill: false,
        tooltip: { enabled: false },
      }, {
        data: data.points,
        pointRadius: data.points.map((p) => (p.current ? 8 : 5)),
        pointBackgroundColor: data.points.map((p) => (p.current ? "#198754" : "#b35000")),
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => item.datasetIndex === 1,
          callbacks: { label: (c) => `${c.raw.source} ${c.raw.date}: ${c.raw.x} / ${c.raw.y}` },
        },
      },
      scales: {
        x: { min: 0, max: 100, title: axisTitle(canvas.dataset.xLabel || "Business") },
        y: { min: 0, max: 100, title: axisTitle(canvas.dataset.yLabel || "Sakinah") },
      },
    },
    plugins: [labels],
  });
})();
