// Comparison page: draws the p95 of every compared run over time in one uPlot chart, from the
// JSON data block the page embeds (#compare-series). Loaded from /static so that the content
// security policy can stay 'self' only; the chart follows the width of its container.
(function () {
  'use strict';

  function css(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function draw() {
    var target = document.getElementById('p95');
    var data = JSON.parse(document.getElementById('compare-series').textContent);
    var colours = [css('--accent', '#2357c6'), css('--danger', '#b3261e'), css('--ok', '#1e7a3c'),
      '#8250df', css('--warn', '#8a5a00')];
    var axis = { stroke: css('--muted', '#5d6677'), grid: { stroke: css('--line', '#d9dde5') },
      ticks: { stroke: css('--line', '#d9dde5') } };
    var series = [{ label: 'second' }];
    data.runs.forEach(function (id, i) {
      series.push({ label: 'run #' + id + ' p95 ms', stroke: colours[i % colours.length],
        width: 2 });
    });
    var plot = new uPlot({ title: 'p95 latency over time (ms)',
      width: Math.max(200, target.clientWidth), height: 280, series: series,
      scales: { x: { time: false } }, axes: [axis, axis] },
      [data.seconds].concat(data.p95), target);
    window.addEventListener('resize', function () {
      plot.setSize({ width: Math.max(200, target.clientWidth), height: 280 });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
