/* Compendium browser search: the filter panel of search/index.html,
 * loaded by search.js when the panel is first opened. `P` hands over what
 * it shares with the page (the engine, its labels in the page's language,
 * the search box, `run`, `el`, `say`,
 * `parse`, the panel's element, the filters handed over in the address and
 * how to drop one); the returned function draws the panel for
 * a search's results. Everything the panel does goes through the query in
 * the box (`field:value` tokens), so what it shows can be typed, read and
 * bookmarked. */
CSI('facets', function (P) {
  'use strict';
  var engine = P.engine, box = P.box, run = P.run, el = P.el, say = P.say, parse = P.parse, facetBox = P.facetBox, m = P.shown || engine.meta;
  function filters() { return parse(box.value, function (n) { return engine.isField(n); }, m.k).filters; }
  // Filters a listing handed over in the address (`?status=in-force`): shown
  // pressed like the box's, and pressing one drops it from the address.
  var handed = P.handed || function () { return []; }, dropHanded = P.dropHanded;
  function inHanded(field, value, label) {
    var names = [value.toLowerCase(), label.toLowerCase()];
    return handed().some(function (g) {
      return g[0].toLowerCase() === field && g[1].some(function (v) { return names.indexOf(v.trim().toLowerCase()) >= 0; });
    });
  }
  function token(field, value) { return field + ':' + (/[\s"]/.test(value) ? '"' + value.replace(/"/g, '') + '"' : value); }
  function addFilter(field, value) {
    box.value = (box.value.trim() + ' ' + token(field, value)).trim();
    run(box.value);
  }
  // Whether `on` (the box's filters) has `field` = the value (by id or label).
  function hasFilter(on, field, value, label) {
    var names = [value.toLowerCase(), label.toLowerCase()];
    return on.some(function (x) {
      return x.field === field && engine.rangeOf(x) < 0 && names.indexOf(x.value.trim().toLowerCase()) >= 0;
    });
  }
  // The box's query without `field:v` (or `field:"v"`) for each of `values`;
  // excluded ones (`-field:v`) stay.
  function strip(field, values) {
    function esc(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
    var q = box.value;
    values.forEach(function (v) {
      q = q.replace(new RegExp('(^|\\s)' + esc(field) + ':(' + esc(v) + '|"\\s*' + esc(v) + '\\s*")(?=\\s|$)', 'gi'), ' ');
    });
    return q.replace(/\s+/g, ' ').trim();
  }
  function removeFilter(field, value, label) {
    box.value = strip(field, [value, label]);
    run(box.value);
  }
  // The range the box asks of `field`, as the panel's two inputs show it
  // (`>=A` and `..B` and `A..B`; a strict `>A` or `<A` is left to the box),
  // and the values of every range token of the field.
  function rangeIn(on, field) {
    var got = { from: '', to: '', values: [] };
    on.forEach(function (x) {
      if (x.field !== field || engine.rangeOf(x) < 0) return;
      var v = x.value.trim(), op = /^(>=|<=)(.*)$/.exec(v), at = v.indexOf('..');
      got.values.push(x.value);
      if (op) got[op[1] === '>=' ? 'from' : 'to'] = op[2];
      else if (at >= 0) { got.from = v.slice(0, at) || got.from; got.to = v.slice(at + 2) || got.to; }
      else if (!/^[<>]/.test(v)) got.from = got.to = v;
    });
    return got;
  }
  // Digits typed in another script (Arabic-Indic, Persian, full-width), as
  // the query language reads them: ASCII.
  function digits(s) { return s.trim().replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, function (c) { return c.charCodeAt(0) & 15; }); }
  // Writes the one range token of `field` the two inputs make (replacing
  // any the box had), or none when both are empty, and searches again.
  function setRange(field, from, to) {
    var q = strip(field, rangeIn(filters(), field).values), v;
    from = digits(from); to = digits(to);
    v = from && to ? from + '..' + to : from ? '>=' + from : to ? '<=' + to : '';
    box.value = (q + (v ? ' ' + token(field, v) : '')).trim();
    run(box.value);
  }
  // Value counts, [[field, label, [[value, label, count]]]]. Live counts: a
  // field with values chosen counts over the records that match without
  // that choice (`last.without`), so its other values stay selectable;
  // every other field over the results.
  function counts(last) {
    return Promise.all(m.facets.map(function (_, i) { return engine.facetDocs(i); })).then(function (lists) {
      function over(field) { return new Set(last.without[field] || last.all); }
      var hits = over('collection');
      var groups = [['collection', say('collection', 'Collection', {}), m.collections.map(function (c) {
        var n = 0;
        hits.forEach(function (d) { if (d >= c[3] && d < c[3] + c[4]) n++; });
        return [c[0], c[1], n];
      })]];
      m.facets.forEach(function (fc, i) {
        var hits = over(fc[0]);
        groups.push([fc[0], fc[1], fc[2].map(function (v, vi) {
          var n = 0;
          lists[i][vi].forEach(function (d) { if (hits.has(d)) n++; });
          return [v[0], v[1], n];
        })]);
      });
      return groups;
    });
  }
  // Each range field with the results' lowest and highest values (null
  // when no result has one).
  function ranges(last) {
    var hits = new Set(last.all);
    return Promise.all(m.ranges.map(function (r, i) {
      return engine.rangeDocs(i).then(function (vals) {
        var lo = null, hi = null;
        vals.forEach(function (x) {
          if (x[1].some(function (d) { return hits.has(d); })) { if (lo === null) lo = x[0]; hi = x[0]; }
        });
        return [r, lo, hi];
      });
    }));
  }
  // Labels of equal counts in the page language's order, as listings
  // sort them (render/collation.rs): pinyin for Chinese, accents after
  // the base letter in French, digits as numbers (`9` before `10`).
  var order = { compare: function () { return 0; } };
  try { order = new Intl.Collator(typeof document === 'object' && document.documentElement.lang || undefined, { numeric: true }); } catch (e) { /* the default order */ }
  // Fields whose every value is listed ("+N more" pressed), and the value
  // to focus once the panel is drawn again (the first of those shown then).
  var expanded = {}, focusNext = null;
  function show(last) {
    Promise.all([counts(last), ranges(last)]).then(function (got) {
      // The panel is drawn again; a keyboard user keeps focus on the control
      // they used (a value's button, a range input and what it holds).
      var had = document.activeElement && facetBox.contains(document.activeElement) ? document.activeElement : null;
      var keep = focusNext || had && (had.id || had.getAttribute('data-field') + '\u0000' + had.getAttribute('data-value')), again = null;
      focusNext = null;
      var on = filters();
      facetBox.textContent = '';
      got[0].forEach(function (g) {
        var vals = g[2].map(function (v) { return v.concat(hasFilter(on, g[0], v[0], v[1]) || inHanded(g[0], v[0], v[1])); })
          .sort(function (a, b) { return b[2] - a[2] || order.compare(a[1], b[1]) || (a[1] < b[1] ? -1 : 1); });
        // The dozen most frequent, and every value chosen (to undo it);
        // the rest behind "+N more", as listings do.
        var held = vals.filter(function (v) { return v[2] > 0; }).length, open = expanded[g[0]];
        vals = vals.filter(function (v, i) { return v[3] || (v[2] > 0 && (open || i < 12)); });
        var hidden = open ? 0 : Math.max(0, held - 12);
        if (!vals.length) return;
        var fs = el('fieldset', 'search-facet');
        fs.appendChild(el('legend', null, g[1]));
        vals.forEach(function (v) {
          var b = el('button', 'search-facet-value', v[1] + say('in-brackets', ' ({text})', { text: v[2] }));
          b.type = 'button';
          b.setAttribute('aria-pressed', v[3] ? 'true' : 'false');
          b.setAttribute('data-field', g[0]);
          b.setAttribute('data-value', v[0]);
          b.addEventListener('click', function () {
            if (dropHanded && inHanded(g[0], v[0], v[1])) dropHanded(g[0], [v[0], v[1]]);
            else if (hasFilter(filters(), g[0], v[0], v[1])) removeFilter(g[0], v[0], v[1]); else addFilter(g[0], v[0]);
          });
          fs.appendChild(b);
          if (keep === g[0] + '\u0000' + v[0]) again = b;
        });
        if (hidden) {
          var more = el('button', 'search-facet-more', say('facet-more', '+{count} more', {}, hidden));
          more.type = 'button';
          more.setAttribute('data-field', g[0]);
          more.setAttribute('data-value', '');
          more.addEventListener('click', function () {
            expanded[g[0]] = true;
            var next = g[2].filter(function (v) { return v[2] > 0 && !vals.some(function (w) { return w[0] === v[0]; }); })
              .sort(function (a, b) { return b[2] - a[2] || order.compare(a[1], b[1]) || (a[1] < b[1] ? -1 : 1); })[0];
            focusNext = next ? g[0] + '\u0000' + next[0] : null;
            show(last);
          });
          fs.appendChild(more);
        }
        facetBox.appendChild(fs);
      });
      // A range field some result has (or the query ranges over): "from"
      // and "to", written to the box as one token when applied.
      got[1].forEach(function (x, i) {
        var r = x[0], now = rangeIn(on, r[0]), date = r[2] === 'date';
        if (x[1] === null && !now.values.length) return;
        var fs = el('fieldset', 'search-facet'), form = el('form', 'search-range'), inputs = [];
        fs.appendChild(el('legend', null, r[1]));
        [['from', 'From', now.from, x[1]], ['to', 'To', now.to, x[2]]].forEach(function (e) {
          var label = el('label', null, say('range-' + e[0], e[1], {})), input = el('input');
          input.id = 'search-range-' + i + '-' + e[0];
          input.autocomplete = 'off';
          input.value = e[2];
          // The results' own span, as a hint (years for dates).
          if (e[3] !== null) input.placeholder = String(date ? Math.floor(e[3] / 10000) : e[3]);
          if (had && had.id === input.id) input.value = had.value;
          label.appendChild(input);
          form.appendChild(label);
          inputs.push(input);
          if (keep === input.id) again = input;
        });
        var apply = el('button', null, say('range-apply', 'Apply', {}));
        apply.type = 'submit';
        apply.id = 'search-range-' + i + '-apply';
        if (keep === apply.id) again = apply;
        form.appendChild(apply);
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          setRange(r[0], inputs[0].value, inputs[1].value);
        });
        fs.appendChild(form);
        facetBox.appendChild(fs);
      });
      // When the pressed value is no longer listed, the panel's first button.
      if (keep && !again) again = facetBox.querySelector('button');
      if (again) again.focus();
    });
  }
  // The counts alone, for tests/testsuite/browser/driver.js.
  show.counts = counts;
  return show;
});
