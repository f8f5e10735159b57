// Live run page: draws the run's 1 s points with uPlot from the server-sent events that the
// htmx SSE extension receives ('history' then 'point'); 'figures' is swapped by htmx itself.
// No inline script and no network access beyond this server: the CSP stays 'self' only.
(function () {
  'use strict';

  var points = new Map();   // second -> point, so a point seen twice is kept once
  var charts = {};          // chart id -> {plot, kinds}
  var stopRequested = false; // then the status line keeps saying so until the run ends

  function css(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  var palette = function () {
    return [css('--accent', '#2357c6'), css('--ok', '#1e7a3c'), css('--warn', '#8a5a00'),
      css('--danger', '#b3261e'), '#8e44ad', '#16a085', '#d35400'];
  };

  function sorted() {
    return Array.from(points.values()).sort(function (a, b) { return a.second - b.second; });
  }

  function failureKinds(list) {
    var kinds = new Set();
    list.forEach(function (p) { Object.keys(p.failuresByKind || {}).forEach(kinds.add, kinds); });
    return Array.from(kinds).sort();
  }

  var definitions = {
    'chart-rate': {
      series: function () { return ['target /s', 'started /s', 'requests /s']; },
      values: function (p) {
        return [p.targetRatePerSecond, p.startedPerSecond, p.requestsPerSecond];
      }
    },
    'chart-latency': {
      series: function () { return ['p50 ms', 'p95 ms', 'p99 ms']; },
      values: function (p) { return [p.p50Millis, p.p95Millis, p.p99Millis]; }
    },
    'chart-errors': {
      series: function (kinds) { return kinds.length ? kinds : ['failures']; },
      values: function (p, kinds) {
        if (!kinds.length) { return [0]; }
        return kinds.map(function (k) { return (p.failuresByKind || {})[k] || 0; });
      }
    },
    'chart-load': {
      series: function () { return ['in flight', 'dropped /s']; },
      values: function (p) { return [p.inFlight, p.dropped]; }
    }
  };

  function options(element, names) {
    var colors = palette();
    var axis = { stroke: css('--muted', '#5d6677'), grid: { stroke: css('--line', '#d9dde5') },
      ticks: { stroke: css('--line', '#d9dde5') } };
    return {
      width: Math.max(200, element.clientWidth),
      height: 200,
      scales: { x: { time: false } },
      axes: [Object.assign({ label: 's' }, axis), axis],
      series: [{ label: 'second' }].concat(names.map(function (name, i) {
        return { label: name, stroke: colors[i % colors.length], width: 2, spanGaps: true };
      }))
    };
  }

  function draw(id, list) {
    var element = document.getElementById(id);
    if (!element || typeof uPlot === 'undefined') { return; }
    var definition = definitions[id];
    var kinds = failureKinds(list);
    var names = definition.series(kinds);
    var data = [list.map(function (p) { return p.second; })];
    names.forEach(function () { data.push([]); });
    list.forEach(function (p) {
      definition.values(p, kinds).forEach(function (v, i) { data[i + 1].push(v); });
    });
    var chart = charts[id];
    if (chart && chart.names.join('|') !== names.join('|')) {
      chart.plot.destroy();   // a new failure kind appeared: the series change
      chart = null;
    }
    if (!chart) {
      chart = { names: names, plot: new uPlot(options(element, names), data, element) };
      charts[id] = chart;
    } else {
      chart.plot.setData(data);
    }
    element.setAttribute('data-points', String(list.length));
    element.setAttribute('data-nonzero', JSON.stringify(nonZeroSeconds(names, data)));
  }

  // Per series, how many seconds have a value above zero: lets a test (or a curious reader of
  // the page) see that a chart got data without reading the canvas.
  function nonZeroSeconds(names, data) {
    var counts = {};
    names.forEach(function (name, i) {
      counts[name] = data[i + 1].filter(function (v) { return v > 0; }).length;
    });
    return counts;
  }

  function redraw() {
    var list = sorted();
    Object.keys(definitions).forEach(function (id) { draw(id, list); });
  }

  function status(text) {
    var element = document.getElementById('live-status');
    if (element) { element.textContent = text; }
  }

  function onMessage(event) {
    var message = event.detail;   // the EventSource's MessageEvent
    event.preventDefault();       // the charts take the data; nothing is swapped
    var payload = JSON.parse(message.data);
    if (message.type === 'history') {
      points.clear();
      payload.forEach(function (p) { points.set(p.second, p); });
      status(payload.length ? 'Live.' : 'Live; waiting for the first second of figures.');
    } else if (message.type === 'point') {
      points.set(payload.second, payload);
      if (!stopRequested) { status('Live.'); }
    }
    redraw();
  }

  // The error page's message, such as "This needs the role 'operator' or higher...".
  function refusal(xhr) {
    var page = new DOMParser().parseFromString(xhr.responseText || '', 'text/html');
    var message = page.querySelector('main p');
    return message ? message.textContent.trim() : 'HTTP ' + xhr.status;
  }

  // Stop is posted by htmx: the page stays, and the event stream brings the final state.
  function watchStop(form) {
    form.addEventListener('htmx:beforeRequest', function () {
      form.querySelector('button').disabled = true;
    });
    form.addEventListener('htmx:afterRequest', function (event) {
      if (event.detail.successful) {
        stopRequested = true;
        status('Stop requested; the run ends once its requests in flight are done.');
      } else {
        form.querySelector('button').disabled = false;
        status('The stop was refused: ' + refusal(event.detail.xhr));
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var data = document.getElementById('run-data');
    var stream = document.getElementById('run-stream');
    if (!data || !stream) { return; }
    var stop = document.getElementById('stop-run');
    if (stop) { watchStop(stop); }
    data.addEventListener('htmx:sseBeforeMessage', onMessage);
    stream.addEventListener('htmx:sseClose', function () {
      status('The run has ended; these are its final figures.');
      var stop = document.getElementById('stop-run');
      if (stop) { stop.hidden = true; }
    });
    stream.addEventListener('htmx:sseError', function () {
      status('The live connection dropped; reconnecting...');
    });
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        Object.keys(charts).forEach(function (id) {
          var element = document.getElementById(id);
          charts[id].plot.setSize({ width: Math.max(200, element.clientWidth), height: 200 });
        });
      }, 150);
    });
  });
})();
