"""The HTML report's stylesheet and script, kept apart from the code that builds the page.

Both are constants: the page's Content-Security-Policy allows the script by its hash
(``html._csp_hash(SCRIPT)``), so the script never contains data from a draft; finding data
travels in escaped ``data-*`` attributes that the script reads.
"""

CSS = """
:root { --panel: 34rem; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: #1b1b1b; background: #fafafa; }
header { position: sticky; top: 0; z-index: 3; background: #263238; color: #fff; padding: .6rem 1rem; }
header h1 { font-size: 1.1rem; margin: 0 0 .3rem 0; }
header .summary { font-size: .85rem; opacity: .9; }
.filters { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-size: .8rem; margin-top: .4rem; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .2rem .7rem; }
.filters legend { float: left; font-weight: 600; margin-right: .4rem; }
.swatch { display: inline-block; min-width: 1.7em; padding: 0 .15em; border-radius: 2px; color: #1b1b1b;
          font: 700 .65rem/1.3 ui-monospace, monospace; text-align: center; border: 1px solid rgba(0, 0, 0, .35); }
.nav { display: flex; gap: .4rem; align-items: center; font-size: .8rem; margin-top: .4rem; }
.nav a, .nav button { font: inherit; color: #fff; background: #37474f; border: 1px solid #90a4ae; border-radius: 3px;
                      padding: .1rem .5rem; cursor: pointer; text-decoration: none; }
.nav button:disabled { opacity: .45; cursor: default; }
.nav kbd { font: .7rem ui-monospace, monospace; border: 1px solid #90a4ae; border-radius: 2px; padding: 0 .2rem; }
.nav .where { opacity: .85; }
.hd { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-weight: 700; color: #102027; }
.hd-article { font-size: 1.05em; }
.hd-division { font-size: 1.12em; letter-spacing: .04em; color: #37474f; }
main { display: flex; align-items: flex-start; }
.drafts { flex: 1; min-width: 0; padding: 1rem 1.5rem; }
aside { width: var(--panel); flex: none; position: sticky; top: 6.5rem; max-height: calc(100vh - 6.5rem);
        overflow-y: auto; border-left: 1px solid #ddd; background: #fff; padding: .5rem 1rem 2rem; font-size: .85rem; }
section.file h2 { font-size: 1rem; font-family: ui-monospace, monospace; border-bottom: 1px solid #ccc; }
.docfinding { border-left: 4px solid #c62828; background: #fff3f3; padding: .4rem .7rem; margin: .5rem 0; font-size: .85rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Times New Roman", serif;
        font-size: .95rem; line-height: 1.55; background: #fff; padding: 1rem 1rem 1rem 4rem;
        border: 1px solid #e0e0e0; position: relative; }
.ln { position: absolute; left: 0; width: 3.2rem; text-align: right; color: #9e9e9e; font: .7rem ui-monospace, monospace;
      user-select: none; padding-top: .3rem; }
.ln::before { content: attr(data-n); }
mark.hl { color: inherit; border-radius: 2px; padding: 0 1px; cursor: pointer; border-bottom: 2px solid transparent;
          scroll-margin-top: 9rem; }
mark.hl[data-part="0"]::before { content: attr(data-code); font: 700 .55rem ui-monospace, monospace; color: #37474f;
                                 vertical-align: super; margin-right: 1px; }
mark.sev-error { border-bottom: 3px solid #b71c1c; }
mark.sev-warning { border-bottom: 2px dashed #e65100; }
mark.sev-info { border-bottom: 2px dotted #0d47a1; }
#first-passage { scroll-margin-top: 9rem; }
mark.hl.off, mark.hl.under { background: transparent !important; border-bottom-color: transparent !important; }
mark.hl.off { cursor: auto; }
mark.hl.off::before { content: none; }
mark.hl.focus, .card.focus { outline: 3px solid #263238; }
aside h2 { font-size: .95rem; margin: 1rem 0 .2rem; font-family: ui-monospace, monospace; }
aside h3 { font-size: .9rem; margin: .8rem 0 .2rem; }
aside h4 { font-size: .8rem; margin: .4rem 0 .2rem; color: #555; font-weight: 600; }
.card { border: 1px solid #e0e0e0; border-left: 6px solid #999; border-radius: 3px; padding: .4rem .6rem; margin: .3rem 0; }
.card.hidden, .docfinding.hidden { display: none; }
.card .head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.badge { font-size: .7rem; font-weight: 700; text-transform: uppercase; padding: 0 .3rem; border-radius: 2px; color: #fff; }
.badge.error { background: #b71c1c; } .badge.warning { background: #a04000; } .badge.info { background: #0d47a1; }
.rule { font-family: ui-monospace, monospace; font-size: .75rem; }
.card a.loc { margin-left: auto; font-size: .75rem; }
.card p { margin: .3rem 0; }
.card .why, .card .refs, .card .mit { color: #444; font-size: .8rem; }
.card blockquote { margin: .3rem 0; padding-left: .5rem; border-left: 3px solid #ddd; font-family: Georgia, serif; }
details pre { white-space: pre-wrap; font-size: .75rem; background: #f5f5f5; padding: .5rem; max-height: 24rem; overflow: auto; }
.empty { color: #2e7d32; font-weight: 600; }
@media print { aside { position: static; max-height: none; } header { position: static; } .filters, .nav { display: none; } }
"""

SCRIPT = """
(function () {
  var RANK = { error: 2, warning: 1, info: 0 };
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark.hl'));
  var prev = document.getElementById('nav-prev'), next = document.getElementById('nav-next');
  var first = document.getElementById('nav-first'), where = document.getElementById('nav-where');
  var order = [], current = -1;
  function outer(m) { return m.parentElement ? m.parentElement.closest('mark.hl') : null; }
  // the mark that shows where m is: the most severe visible one of m and the marks around it
  function strongest(m) {
    var best = null;
    for (var x = m; x; x = outer(x)) {
      if (!x.classList.contains('off') && (!best || RANK[x.dataset.severity] > RANK[best.dataset.severity])) { best = x; }
    }
    return best;
  }
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.name + ':' + b.value] = b.checked; });
    function visible(el) {
      return on['category:' + el.dataset.category] !== false && on['severity:' + el.dataset.severity] !== false;
    }
    marks.forEach(function (m) { m.classList.toggle('off', !visible(m)); });
    marks.forEach(function (m) { m.classList.toggle('under', !m.classList.contains('off') && strongest(m) !== m); });
    document.querySelectorAll('.card, .docfinding').forEach(function (c) { c.classList.toggle('hidden', !visible(c)); });
    document.querySelectorAll('aside .group').forEach(function (g) {
      g.hidden = !g.querySelector('.card:not(.hidden)');
    });
    var seen = {}, was = order[current];
    order = [];
    marks.forEach(function (m) {
      var n = m.dataset.finding;
      if (!m.classList.contains('off') && !seen[n]) { seen[n] = true; order.push(n); }
    });
    current = order.indexOf(was);
    update();
  }
  function update() {
    if (!where) { return; }
    where.textContent = order.length ? (current < 0 ? '' : (current + 1) + ' of ') + order.length + ' in the text' : 'none shown';
    prev.disabled = current <= 0;
    next.disabled = current >= order.length - 1;
  }
  function focus(number) {
    document.querySelectorAll('.focus').forEach(function (x) { x.classList.remove('focus'); });
    var parts = document.querySelectorAll('mark[data-finding="' + number + '"]');
    var card = document.getElementById('card-' + number);
    parts.forEach(function (x) { x.classList.add('focus'); });
    if (card) { card.classList.add('focus'); card.scrollIntoView({ block: 'nearest' }); }
    if (parts.length) { parts[0].scrollIntoView({ block: 'center' }); }
    current = order.indexOf(String(number));
    update();
  }
  function go(index) {
    if (order.length) { focus(order[Math.max(0, Math.min(order.length - 1, index))]); }
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (where) {
    prev.addEventListener('click', function () { go(current - 1); });
    next.addEventListener('click', function () { go(current + 1); });
    first.addEventListener('click', function (ev) { ev.preventDefault(); go(0); });
  }
  document.addEventListener('keydown', function (ev) {
    var target = ev.target;
    if (!where || ev.ctrlKey || ev.metaKey || ev.altKey || (target.closest && target.closest('input, textarea, select'))) { return; }
    var step = { n: 1, j: 1, p: -1, k: -1 }[ev.key];
    if (step) { ev.preventDefault(); go(current < 0 && step > 0 ? 0 : current + step); }
    else if (ev.key === 'f') { ev.preventDefault(); go(0); }
  });
  document.addEventListener('click', function (ev) {
    var mark = ev.target.closest('mark.hl');
    if (mark && !mark.classList.contains('off')) {
      var shown = strongest(mark);
      document.querySelectorAll('.focus').forEach(function (x) { x.classList.remove('focus'); });
      var card = document.getElementById('card-' + shown.dataset.finding);
      if (card) { card.classList.add('focus'); card.scrollIntoView({ block: 'center' }); }
      current = order.indexOf(shown.dataset.finding);
      update();
      return;
    }
    var link = ev.target.closest('a.loc');
    if (link) { ev.preventDefault(); focus(link.dataset.finding); }
  });
  apply();
  document.documentElement.setAttribute('data-ready', '1');
})();
"""
