// Charts of the strategy dashboard, drawn with Apache ECharts (served by the platform, no CDN).
// Each chart box names, in data-chart, the JSON block that holds its figures; a table next to it gives the
// same figures for those who cannot see the chart. A suppressed value is a gap, never a number.
(function () {
  "use strict";

  function option(data, rtl) {
    var base = {
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 24, top: 36, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.labels, inverse: rtl, axisLabel: { rotate: data.labels.length > 8 ? 45 : 0 } },
      yAxis: { type: "value", position: rtl ? "right" : "left" },
      legend: { top: 0 },
    };
    if (data.kind === "trend") {
      base.series = [{ name: data.name, type: "line", data: data.values, connectNulls: false, symbolSize: 7 }];
      if (data.expected && data.expected.length) {
        base.series.push({ name: data.expectedName, type: "line", data: data.expected, lineStyle: { type: "dashed" }, symbol: "none" });
      }
    } else {
      base.series = [{ name: data.name, type: "bar", data: data.values }];
    }
    return base;
  }

  function draw() {
    if (typeof window.echarts === "undefined") return;
    var rtl = document.documentElement.dir === "rtl";
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) return;
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option(JSON.parse(source.textContent), rtl));
      box.setAttribute("data-chart-ready", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
