/*
 * The History tab. Plain browser JavaScript, no build step.
 *
 * Inside Teams: app.initialize() → getContext() for locale and theme, follows theme changes, and gets the user's
 * SSO token with authentication.getAuthToken() for every call to /api/history.
 * In a plain browser (teams-js cannot reach a host and gives up, or we stop waiting after a few seconds): browser
 * locale, default theme, and a token only if one was handed over in the URL fragment (#token=…, kept in
 * sessionStorage for this browser tab). Without a token the API answers only in the bot's local development mode.
 *
 * Overrides for testing and support: ?lang=en|ja  ?theme=default|dark|contrast  ?tz=Asia/Tokyo
 */
(function () {
  'use strict';

  var TEAMS_WAIT_MS = 4000;
  var CHART_DAYS = 30;
  var PAGE_SIZE = 25;
  var THEMES = ['default', 'dark', 'contrast'];
  var TOKEN_KEY = 'veeamHistoryTabToken';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  var params = new URLSearchParams(window.location.search);
  var page = {
    lang: 'en',
    tz: 'UTC',
    host: 'browser',
    teams: null,
    filters: {},
    cursor: null,
    jobNames: {},
  };

  // ---------- small helpers ----------

  function $(id) {
    return document.getElementById(id);
  }

  function t(key, values) {
    var table = window.HISTORY_STRINGS[page.lang] || window.HISTORY_STRINGS.en;
    var text = table[key] !== undefined ? table[key] : window.HISTORY_STRINGS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (_, name) {
      return values && values[name] !== undefined ? String(values[name]) : '';
    });
  }

  function withTimeout(promise, ms, what) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(new Error(what + ' timed out'));
      }, ms);
      promise.then(
        function (v) {
          clearTimeout(timer);
          resolve(v);
        },
        function (e) {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  function langFrom(locale) {
    return String(locale || '').toLowerCase().indexOf('ja') === 0 ? 'ja' : 'en';
  }

  function validZone(tz) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz }).format(0);
      return true;
    } catch {
      return false;
    }
  }

  function setState(state) {
    document.body.setAttribute('data-state', state);
  }

  // ---------- theme and words ----------

  function applyTheme(theme) {
    document.documentElement.setAttribute('data-theme', THEMES.indexOf(theme) >= 0 ? theme : 'default');
  }

  function applyWords() {
    document.documentElement.lang = page.lang;
    document.title = t('title');
    var nodes = document.querySelectorAll('[data-text]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-text'), { days: CHART_DAYS });
    var labelled = document.querySelectorAll('[data-label]');
    for (var j = 0; j < labelled.length; j++) labelled[j].setAttribute('aria-label', t(labelled[j].getAttribute('data-label')));
    $('zone-note').textContent = t('zoneNote', { tz: page.tz });
  }

  // ---------- Teams ----------

  /** Resolves to the Teams context, or null when the page is not running inside a Teams host. */
  function connectToTeams() {
    var teams = window.microsoftTeams;
    if (!teams || !teams.app) return Promise.resolve(null);
    return withTimeout(teams.app.initialize(), TEAMS_WAIT_MS, 'Teams initialisation')
      .then(function () {
        return withTimeout(teams.app.getContext(), TEAMS_WAIT_MS, 'Teams context');
      })
      .then(function (context) {
        page.teams = teams;
        teams.app.registerOnThemeChangeHandler(applyTheme);
        if (teams.app.notifySuccess) teams.app.notifySuccess();
        return context;
      })
      .catch(function (err) {
        // Expected in a plain browser: no Teams host answered. Carry on quietly in browser mode.
        if (window.console) console.info('History tab: browser mode (' + (err && err.message) + ')');
        return null;
      });
  }

  /** The bearer token for the API: Teams SSO inside Teams; outside, one handed over in the URL fragment, if any. */
  function getToken() {
    if (page.teams) {
      return page.teams.authentication.getAuthToken().catch(function (err) {
        if (window.console) console.warn('History tab: Teams SSO failed', err);
        return null;
      });
    }
    var fragment = new URLSearchParams(window.location.hash.slice(1));
    var handed = fragment.get('token');
    try {
      if (handed) {
        window.sessionStorage.setItem(TOKEN_KEY, handed);
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
      }
      return Promise.resolve(window.sessionStorage.getItem(TOKEN_KEY));
    } catch {
      return Promise.resolve(handed);
    }
  }

  // ---------- API ----------

  function ApiError(status) {
    this.status = status;
  }

  function api(path, query) {
    var qs = new URLSearchParams();
    Object.keys(query).forEach(function (k) {
      if (query[k] !== undefined && query[k] !== null && query[k] !== '') qs.set(k, query[k]);
    });
    return getToken().then(function (token) {
      var headers = { Accept: 'application/json' };
      if (token) headers.Authorization = 'Bearer ' + token;
      return fetch(path + '?' + qs.toString(), { headers: headers, credentials: 'same-origin' }).then(function (res) {
        if (!res.ok) throw new ApiError(res.status);
        return res.json();
      });
    });
  }

  function showProblem(err) {
    if (err instanceof ApiError && err.status === 401) {
      $('signin').hidden = false;
      setState('signin');
      return;
    }
    $('error').textContent = t('loadFailed', { status: err instanceof ApiError ? 'HTTP ' + err.status : err && err.message });
    $('error').hidden = false;
    setState('error');
  }

  // ---------- formatting ----------

  function formatTime(iso) {
    return new Intl.DateTimeFormat(page.lang === 'ja' ? 'ja-JP' : 'en-US', {
      timeZone: page.tz,
      year: 'numeric',
      month: page.lang === 'ja' ? '2-digit' : 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  }

  function formatDuration(sec) {
    if (sec === undefined || sec === null) return '';
    var s = Math.round(sec);
    if (s < 60) return t('seconds', { s: s });
    if (s < 3600) return t('minutes', { m: Math.floor(s / 60), s: s % 60 });
    return t('hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  }

  function formatBytes(bytes) {
    if (bytes === undefined || bytes === null) return '';
    var units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit >= 2 ? value.toFixed(1) : String(Math.round(value))) + ' ' + units[unit];
  }

  function shortDay(day) {
    var parts = day.split('-');
    return Number(parts[1]) + '/' + Number(parts[2]);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function badge(result) {
    var marks = { Success: '✓', Warning: '!', Failed: '✕', None: '…' };
    var node = el('span', 'badge badge-' + result);
    var mark = el('span', 'badge-mark', marks[result] || '');
    mark.setAttribute('aria-hidden', 'true');
    node.appendChild(mark);
    node.appendChild(document.createTextNode(t(result)));
    return node;
  }

  // ---------- summary and chart ----------

  function renderSummary(summary) {
    var counts = $('counts');
    counts.textContent = '';
    ['Success', 'Warning', 'Failed'].forEach(function (r) {
      var item = el('li', 'count count-' + r);
      item.setAttribute('data-result', r);
      item.appendChild(el('span', 'count-value', String(summary.counts[r])));
      item.appendChild(el('span', 'count-label', t(r)));
      counts.appendChild(item);
    });
    var total = el('li', 'count count-total');
    total.appendChild(el('span', 'count-value', String(summary.counts.total)));
    total.appendChild(el('span', 'count-label', t('total')));
    counts.appendChild(total);

    var legend = $('legend');
    legend.textContent = '';
    ['Success', 'Warning', 'Failed'].forEach(function (r) {
      var item = el('li', 'legend-item');
      item.appendChild(el('span', 'swatch swatch-' + r));
      item.appendChild(document.createTextNode(t(r)));
      legend.appendChild(item);
    });

    drawChart(summary.days, summary.counts);
  }

  /** Stacked bars per day: success at the bottom, then warnings, failures on top. */
  function drawChart(days, counts) {
    var container = $('chart');
    container.textContent = '';
    var width = 720;
    var height = 200;
    var left = 32;
    var bottom = 22;
    var top = 8;
    var plotHeight = height - top - bottom;
    var step = (width - left - 4) / days.length;
    var barWidth = Math.max(2, step * 0.7);
    var max = 1;
    days.forEach(function (d) {
      max = Math.max(max, d.Success + d.Warning + d.Failed);
    });
    var scale = plotHeight / max;

    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', class: 'chart-svg', 'data-days': days.length });
    chart.appendChild(
      svg('title', {}, t('chartLabel', { days: days.length, success: counts.Success, warning: counts.Warning, failed: counts.Failed })),
    );
    // Gridlines and the y scale (0, half, max).
    [0, Math.ceil(max / 2), max].forEach(function (v) {
      var y = top + plotHeight - v * scale;
      chart.appendChild(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
      chart.appendChild(svg('text', { x: left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
    });

    days.forEach(function (d, i) {
      var x = left + i * step + (step - barWidth) / 2;
      var group = svg('g', { class: 'day', 'data-day': d.day });
      var y = top + plotHeight;
      ['Success', 'Warning', 'Failed'].forEach(function (r) {
        var n = d[r];
        if (!n) return;
        var h = n * scale;
        y -= h;
        group.appendChild(
          svg('rect', { x: x, y: y, width: barWidth, height: h, class: 'bar bar-' + r, 'data-result': r, 'data-count': n, 'data-day': d.day }),
        );
      });
      group.appendChild(
        svg('title', {}, d.day + ' — ' + t('Success') + ' ' + d.Success + ', ' + t('Warning') + ' ' + d.Warning + ', ' + t('Failed') + ' ' + d.Failed),
      );
      // A transparent full-height target so the tooltip works on empty days too.
      group.appendChild(svg('rect', { x: left + i * step, y: top, width: step, height: plotHeight, class: 'hit' }));
      chart.appendChild(group);
      if (i % 5 === 0 || i === days.length - 1) {
        chart.appendChild(svg('text', { x: x + barWidth / 2, y: height - 6, class: 'axis', 'text-anchor': 'middle' }, shortDay(d.day)));
      }
    });
    container.appendChild(chart);
  }

  // ---------- table ----------

  function renderRows(items, append) {
    var body = document.querySelector('#runs tbody');
    if (!append) body.textContent = '';
    items.forEach(function (run) {
      page.jobNames[run.jobName] = true;
      var row = el('tr');
      row.setAttribute('data-run-id', run.id);
      row.setAttribute('data-result', run.result);
      row.appendChild(el('td', 'job', run.jobName));
      var result = el('td');
      result.appendChild(badge(run.result));
      row.appendChild(result);
      row.appendChild(el('td', 'nowrap', formatTime(run.endTime)));
      row.appendChild(el('td', 'nowrap num', formatDuration(run.durationSec)));
      row.appendChild(el('td', 'nowrap num', formatBytes(run.backupSizeBytes)));
      var details = el('td', 'details');
      if (run.errorMessage) {
        details.textContent = run.errorMessage;
        details.title = run.errorMessage;
      } else if (run.objectCount) {
        details.textContent = t('objects', { count: run.objectCount });
      }
      row.appendChild(details);
      body.appendChild(row);
    });
    var list = $('job-names');
    list.textContent = '';
    Object.keys(page.jobNames)
      .sort()
      .forEach(function (name) {
        var option = document.createElement('option');
        option.value = name;
        list.appendChild(option);
      });
    $('empty').hidden = body.children.length > 0;
  }

  function readFilters() {
    var form = $('filters');
    var results = [];
    var boxes = form.querySelectorAll('input[name=result]:checked');
    for (var i = 0; i < boxes.length; i++) results.push(boxes[i].value);
    return {
      job: form.job.value.trim(),
      result: results.join(','),
      from: form.from.value,
      to: form.to.value,
    };
  }

  function loadRuns(append) {
    $('loading').hidden = false;
    $('more').hidden = true;
    var f = page.filters;
    return api('/api/history', {
      job: f.job,
      result: f.result,
      from: f.from,
      to: f.to,
      tz: page.tz,
      limit: PAGE_SIZE,
      cursor: append ? page.cursor : undefined,
    })
      .then(function (answer) {
        renderRows(answer.items, append);
        page.cursor = answer.nextCursor || null;
        $('more').hidden = !page.cursor;
      })
      .finally(function () {
        $('loading').hidden = true;
      });
  }

  function loadSummary() {
    return api('/api/history/summary', { days: CHART_DAYS, tz: page.tz }).then(renderSummary);
  }

  function run(work) {
    setState('loading');
    $('error').hidden = true;
    return work.then(
      function () {
        setState('ready');
      },
      function (err) {
        showProblem(err);
      },
    );
  }

  // ---------- start ----------

  function start(context) {
    page.host = context ? 'teams' : 'browser';
    document.documentElement.setAttribute('data-host', page.host);
    var teamsApp = (context && context.app) || {};
    page.lang = langFrom(params.get('lang') || teamsApp.locale || window.navigator.language);
    var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    page.tz = [params.get('tz'), browserZone, 'UTC'].filter(function (z) {
      return z && validZone(z);
    })[0];
    applyTheme(params.get('theme') || teamsApp.theme || 'default');
    applyWords();

    $('filters').addEventListener('submit', function (event) {
      event.preventDefault();
      page.filters = readFilters();
      run(loadRuns(false));
    });
    $('filters').addEventListener('reset', function () {
      setTimeout(function () {
        page.filters = {};
        run(loadRuns(false));
      }, 0);
    });
    $('more').addEventListener('click', function () {
      run(loadRuns(true));
    });

    run(Promise.all([loadSummary(), loadRuns(false)]));
  }

  connectToTeams().then(start);
})();
