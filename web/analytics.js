/* The /analytics page: signs in (a bearer token, or a demo person's web chat token), loads the report for
   a date range, and draws it with uPlot (served by this server from node_modules). */
(function () {
  'use strict';
  var KEY = 'analytics-token';
  var $ = function (id) { return document.getElementById(id); };
  var COLORS = { resolved: '#2f9e44', escalated: '#1c7ed6', abandoned: '#e8590c', unengaged: '#adb5bd' };
  var charts = [];

  function token() { return sessionStorage.getItem(KEY); }

  function show(id, visible) { $(id).hidden = !visible; }

  function problem(message) {
    $('problem').textContent = message || '';
    show('problem', Boolean(message));
  }

  function query() {
    var params = new URLSearchParams();
    if ($('from').value) params.set('from', $('from').value);
    if ($('to').value) params.set('to', $('to').value);
    return params.toString();
  }

  function request(path) {
    return fetch(path + '?' + query(), { headers: { authorization: 'Bearer ' + token() } }).then(function (res) {
      if (res.ok) return res;
      return res.json().then(function (body) {
        var error = new Error(body.message || res.statusText);
        error.status = res.status;
        throw error;
      });
    });
  }

  function load() {
    problem('');
    request('/analytics/data').then(function (res) { return res.json(); }).then(function (report) {
      show('sign-in', false);
      show('range', true);
      show('report', true);
      $('from').value = report.from;
      $('to').value = report.to;
      render(report);
    }, function (error) {
      show('report', false);
      if (error.status === 401) { sessionStorage.removeItem(KEY); signIn(); }
      problem(error.message);
    });
  }

  function seconds(value) { return value === null ? '–' : value + ' s'; }

  function percent(part, whole) { return whole === 0 ? '–' : Math.round((100 * part) / whole) + '%'; }

  function tile(label, value, detail, accent) {
    var div = document.createElement('div');
    div.className = 'tile';
    if (accent) div.style.setProperty('--accent', accent);
    div.innerHTML = '<div class="value"></div><div class="label"></div>';
    div.firstChild.textContent = value;
    div.lastChild.textContent = label + (detail ? ' · ' + detail : '');
    return div;
  }

  function render(report) {
    var tiles = $('tiles');
    tiles.replaceChildren(
      tile('sessions', String(report.sessions), report.open ? report.open + ' still open' : '', '#486581'),
      tile('resolved', percent(report.resolved, report.sessions), report.resolved + ' (' + report.resolvedConfirmed + ' confirmed)', COLORS.resolved),
      tile('escalated', percent(report.escalated, report.sessions), String(report.escalated), COLORS.escalated),
      tile('abandoned', percent(report.abandoned, report.sessions), String(report.abandoned), COLORS.abandoned),
      tile('unengaged', percent(report.unengaged, report.sessions), String(report.unengaged), COLORS.unengaged),
      tile('deflection', Math.round(report.deflectionRate * 100) + '%', 'resolved by the bot alone', '#5f3dc4'),
      tile('CSAT', report.csat.average === null ? '–' : String(report.csat.average), report.csat.count + ' rating(s)', '#f08c00'),
      tile('queue wait', seconds(report.queue.averageWaitSeconds), report.queue.accepted + ' accepted, longest ' + seconds(report.queue.longestWaitSeconds), COLORS.escalated),
      tile('first agent reply', seconds(report.queue.averageFirstResponseSeconds), report.queue.answered + ' case(s)', COLORS.escalated),
      tile('tickets', String(report.queue.tickets), report.queue.ticketsOutOfHours + ' out of hours, ' + report.queue.ticketsNoAgent + ' no agent', '#868e96'),
      tile('sessions escalated after searching', String(report.searchesEscalated), '', '#868e96')
    );
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [outcomesChart(report), csatChart(report)];
    rows('articles', report.articles.map(function (a) { return [a.article, a.answers, a.helpful, a.notRelated, a.notAnswered]; }));
    rows('menu-paths', report.menuPaths.map(function (p) { return [p.path, p.count]; }));
    rows('account-intents', report.accountIntents.map(function (i) { return [i.intent, i.asked, i.refused, i.notFound]; }));
    rows('unanswered', report.unanswered.map(function (g) { return [g.count, g.example, g.terms.join(' '), g.examples.slice(1).join(' · '), markButtons(g)]; }));
    rows('marked', report.marked.map(function (g) { return [g.count, g.example, g.mark === 'covered' ? 'covered by an article' : 'out of scope', g.article || '']; }));
    rows('days', report.days.map(function (d) { return [d.day, d.sessions, d.resolved, d.escalated, d.abandoned, d.unengaged]; }));
  }

  function rows(id, data) {
    var body = $(id).tBodies[0];
    body.replaceChildren.apply(body, data.map(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (value) {
        var td = document.createElement('td');
        if (value instanceof Node) td.appendChild(value); else td.textContent = String(value);
        if (typeof value === 'number') td.className = 'num';
        tr.appendChild(td);
      });
      return tr;
    }));
    if (data.length === 0) {
      var tr = document.createElement('tr');
      var td = document.createElement('td');
      td.colSpan = $(id).tHead.rows[0].cells.length;
      td.textContent = 'Nothing in this range.';
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function width(id) { return Math.max(280, $(id).parentElement.clientWidth - 24); }

  /* Every day of the range (empty days as zeros), outcomes stacked: each series is drawn as the sum of
     itself and those below it, topmost first, and its legend shows its own count. */
  function outcomesChart(report) {
    var byDay = {};
    report.days.forEach(function (d) { byDay[d.day] = d; });
    var x = [];
    for (var t = Date.parse(report.from + 'T00:00:00Z'), end = Date.parse(report.to + 'T00:00:00Z'); t <= end && x.length < 400; t += 86400000) x.push(t / 1000);
    var names = ['resolved', 'escalated', 'abandoned', 'unengaged'];
    var own = names.map(function (name) {
      return x.map(function (sec) { var d = byDay[new Date(sec * 1000).toISOString().slice(0, 10)]; return d ? d[name] : 0; });
    });
    var stacked = own.map(function (_, i) { return x.map(function (_, j) { var sum = 0; for (var k = 0; k <= i; k++) sum += own[k][j]; return sum; }); });
    var order = [3, 2, 1, 0];
    var bars = uPlot.paths.bars({ size: [0.7, 60], align: 0 });
    return new uPlot({
      width: width('outcomes-chart'),
      height: 260,
      scales: {
        x: { time: true, range: function () { return [x[0] - 43200, x[x.length - 1] + 43200]; } },
        y: { range: function (_u, _min, max) { return [0, Math.max(1, max)]; } },
      },
      series: [{ label: 'day', value: function (_u, v) { return v == null ? '' : new Date(v * 1000).toISOString().slice(0, 10); } }].concat(order.map(function (i) {
        var name = names[i];
        return { label: name, stroke: COLORS[name], fill: COLORS[name], width: 0, paths: bars, points: { show: false }, value: function (_u, _v, _s, idx) { return idx == null ? '–' : own[i][idx]; } };
      })),
      axes: [
        {
          // One tick per day (every few days in a long range), never between days.
          splits: function () { var step = Math.ceil(x.length / 10); return x.filter(function (_, i) { return i % step === 0; }); },
          values: function (_u, ticks) { return ticks.map(function (t) { return new Date(t * 1000).toISOString().slice(5, 10); }); },
        },
        { label: 'sessions', values: function (_u, ticks) { return ticks.map(function (t) { return Number.isInteger(t) ? t : ''; }); } },
      ],
    }, [x].concat(order.map(function (i) { return stacked[i]; })), $('outcomes-chart'));
  }

  function csatChart(report) {
    var scores = ['1', '2', '3', '4', '5'];
    return new uPlot({
      width: width('csat-chart'),
      height: 260,
      scales: { x: { time: false, range: [0.5, 5.5] }, y: { range: function (_u, _min, max) { return [0, Math.max(1, max)]; } } },
      series: [{ label: 'rating' }, { label: 'ratings', stroke: '#f08c00', fill: '#f08c0099', points: { show: false }, paths: uPlot.paths.bars({ size: [0.6, 50] }) }],
      axes: [{ values: function (_u, ticks) { return ticks.map(function (t) { return Number.isInteger(t) ? t + '★' : ''; }); } }, {}],
    }, [scores.map(Number), scores.map(function (s) { return report.csat.distribution[s]; })], $('csat-chart'));
  }

  /* "Covered by article" asks for the article's id; both marks take the group's wordings out of the inbox. */
  function markButtons(group) {
    var span = document.createElement('span');
    [['covered', 'Covered by article'], ['out-of-scope', 'Out of scope']].forEach(function (pair) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = pair[1];
      button.addEventListener('click', function () {
        var body = { mark: pair[0], questions: group.examples };
        if (pair[0] === 'covered') {
          var article = window.prompt('Which article answers "' + group.example + '"? Its id, e.g. purchase-methods');
          if (!article) return;
          body.article = article.trim();
        }
        fetch('/analytics/inbox', { method: 'POST', headers: { authorization: 'Bearer ' + token(), 'content-type': 'application/json' }, body: JSON.stringify(body) })
          .then(function (res) { return res.ok ? load() : res.json().then(function (b) { problem(b.message); }); });
      });
      span.appendChild(button);
    });
    return span;
  }

  function exportCsv(table) {
    request('/analytics/export/' + table + '.csv').then(function (res) {
      var name = (/filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '') || [])[1] || table + '.csv';
      return res.blob().then(function (blob) {
        var link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = name;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      });
    }, function (error) { problem(error.message); });
  }

  function signIn() {
    show('sign-in', true);
    show('range', false);
    fetch('/webchat/config').then(function (res) { return res.ok ? res.json() : { demoSignIn: false }; }).then(function (config) {
      if (!config.demoSignIn) return;
      show('demo-people', true);
      $('people').replaceChildren.apply($('people'), config.people.concat([{ id: '', name: 'Anonymous visitor' }]).map(function (person) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = person.name;
        button.addEventListener('click', function () { demoToken(person.id); });
        return button;
      }));
    });
  }

  function demoToken(user) {
    fetch('/v3/directline/tokens/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user ? { user: user } : {}) })
      .then(function (res) { return res.json(); })
      .then(function (body) { sessionStorage.setItem(KEY, body.token); load(); });
  }

  $('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    load();
  });
  $('range').addEventListener('submit', function (event) { event.preventDefault(); load(); });
  $('sign-out').addEventListener('click', function () { sessionStorage.removeItem(KEY); show('report', false); problem(''); signIn(); });
  Array.prototype.forEach.call(document.querySelectorAll('button.csv'), function (button) {
    button.addEventListener('click', function () { exportCsv(button.dataset.table); });
  });
  if (token()) load(); else signIn();
})();
