/* Compendium browser search: the filter panel of search/index.html,
 * loaded by search.js when the panel is first opened. `P` hands over what
 * it shares with the page (the engine, the search box, `run`, `el`, `say`,
 * `parse`, the panel's element); the returned function draws the panel for
 * a search's results. */
CSI('facets', function (P) {
  'use strict';
  var engine = P.engine, box = P.box, run = P.run, el = P.el, say = P.say, parse = P.parse, facetBox = P.facetBox;
  function addFilter(field, value) {
    var v = /[\s"]/.test(value) ? '"' + value.replace(/"/g, '') + '"' : value;
    box.value = (box.value.trim() + ' ' + field + ':' + v).trim();
    run(box.value);
  }
  // Whether the query in the box filters on `field` = the value (by id or label).
  function hasFilter(field, value, label) {
    var names = [value.toLowerCase(), label.toLowerCase()];
    return parse(box.value, function (n) { return engine.isField(n); }, engine.meta.k).filters.some(function (x) {
      return x.field === field && names.indexOf(x.value.trim().toLowerCase()) >= 0;
    });
  }
  // Takes `field:value` (or `field:"label"`) out of the query in the box.
  function removeFilter(field, value, label) {
    function esc(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
    var q = box.value;
    [value, label].forEach(function (v) {
      q = q.replace(new RegExp('(^|\\s)' + esc(field) + ':(' + esc(v) + '|"\\s*' + esc(v) + '\\s*")(?=\\s|$)', 'gi'), ' ');
    });
    box.value = q.replace(/\s+/g, ' ').trim();
    run(box.value);
  }
  return function (last) {
    var m = engine.meta, hits = new Set(last.all);
    Promise.all(m.facets.map(function (_, i) { return engine.facetDocs(i); })).then(function (lists) {
      // The buttons are drawn again; a keyboard user keeps focus on the one they pressed.
      var had = document.activeElement && facetBox.contains(document.activeElement) ? document.activeElement : null;
      var keep = had ? [had.getAttribute('data-field'), had.getAttribute('data-value')] : null, again = null;
      facetBox.textContent = '';
      var groups = [['collection', say('collection', 'Collection', {}), m.collections.map(function (c) {
        var n = 0; last.all.forEach(function (d) { if (d >= c[3] && d < c[3] + c[4]) n++; });
        return [c[0], c[1], n];
      })]];
      m.facets.forEach(function (fc, i) {
        groups.push([fc[0], fc[1], fc[2].map(function (v, vi) {
          var n = 0; lists[i][vi].forEach(function (d) { if (hits.has(d)) n++; });
          return [v[0], v[1], n];
        })]);
      });
      groups.forEach(function (g) {
        var vals = g[2].filter(function (v) { return v[2] > 0; }).sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); });
        if (!vals.length) return;
        var fs = el('fieldset', 'search-facet');
        fs.appendChild(el('legend', null, g[1]));
        vals.slice(0, 12).forEach(function (v) {
          var b = el('button', 'search-facet-value', v[1] + ' (' + v[2] + ')');
          var on = hasFilter(g[0], v[0], v[1]);
          b.type = 'button';
          b.setAttribute('aria-pressed', on ? 'true' : 'false');
          b.setAttribute('data-field', g[0]);
          b.setAttribute('data-value', v[0]);
          b.addEventListener('click', function () {
            if (hasFilter(g[0], v[0], v[1])) removeFilter(g[0], v[0], v[1]); else addFilter(g[0], v[0]);
          });
          fs.appendChild(b);
          if (keep && keep[0] === g[0] && keep[1] === v[0]) again = b;
        });
        facetBox.appendChild(fs);
      });
      // When the pressed value is no longer listed, the panel's first button.
      if (keep && !again) again = facetBox.querySelector('button');
      if (again) again.focus();
    });
  };
});
