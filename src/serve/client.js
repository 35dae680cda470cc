// Compendium live reload. `compendium serve` adds this script to the pages it
// serves (never to `build` output). It listens to the server's events over a
// WebSocket (an event stream where there is none: browsers hold at most six
// of those to a host, so a seventh tab would wait for ever):
// `reload` (with the changed files, or "*") reloads the page when its own file
// is among them, `css` swaps stylesheets in place, `errors` shows
// the content errors over the page (the page itself is the last good build),
// `ok` removes them. The overlay is built with DOM calls and textContent only,
// so nothing in a diagnostic can inject markup.
(function () {
  "use strict";
  if (window.__compendiumReload) return;
  // The 404 page reloads on any change: the page it stands for may exist now.
  var script = document.currentScript;
  var any = !!(script && script.getAttribute("data-reload") === "any");

  // This page's file in the build folder, as the server names changed files.
  function ownFile() {
    var p;
    try { p = decodeURIComponent(window.location.pathname); } catch (e) { return ""; }
    // Under base-url's path (`/kb/`), the server names files without it.
    // The base is written as the address has it (`/k%20b/`): compared decoded.
    var base = (script && script.getAttribute("data-base")) || "";
    try { base = decodeURIComponent(base); } catch (e) { /* kept as written */ }
    if (base && p.indexOf(base) === 0) p = p.slice(base.length);
    p = p.replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }
  var ID = "compendium-errors";

  function hide() {
    var el = document.getElementById(ID);
    if (el && el.parentNode) el.parentNode.removeChild(el);
  }

  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) e.style.cssText = css;
    return e;
  }

  function show(diags) {
    hide();
    var errors = diags.filter(function (d) { return d.severity === "error"; }).length;
    var box = el("section", "", "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;" +
      "max-height:60vh;overflow:auto;background:#fff;color:#1a1a1a;border:3px solid #b00020;" +
      "border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,.35);padding:1rem 1.25rem;" +
      "font:15px/1.45 system-ui,sans-serif;text-align:left");
    box.id = ID;
    // English, with paths and code: left to right on any page.
    box.setAttribute("lang", "en");
    box.setAttribute("dir", "ltr");
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", ID + "-title");
    // The content's or the theme's: errors first, then warnings.
    diags = diags.filter(function (d) { return d.severity === "error"; })
      .concat(diags.filter(function (d) { return d.severity !== "error"; }));
    var title = el("h2", errors + (errors === 1 ? " error" : " errors") +
      ": this page shows the last good build", "margin:0 2.5rem .75rem 0;font-size:1.1rem;color:#b00020");
    title.id = ID + "-title";
    var close = el("button", "Dismiss", "position:absolute;top:.75rem;right:.75rem;font:inherit;" +
      "padding:.2rem .6rem;border:1px solid #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a;cursor:pointer");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss the error list");
    close.addEventListener("click", hide);
    var list = el("ul", "", "margin:0;padding:0;list-style:none");
    diags.forEach(function (d) {
      var item = el("li", "", "margin:.5rem 0;padding-top:.5rem;border-top:1px solid #ddd");
      item.appendChild(el("code", d.path + ":" + d.line + ":" + d.col, "font-weight:bold;word-break:break-all"));
      item.appendChild(el("span", " " + d.severity + ": " + d.message));
      if (d.help) item.appendChild(el("div", "help: " + d.help, "color:#333;margin-left:1rem"));
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(close);
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var stamp = String(Date.now());
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (!href) continue;
      try {
        var url = new URL(href, document.baseURI);
        url.searchParams.set("compendium-reload", stamp);
        links[i].href = url.href;
      } catch (e) { /* leave a link we cannot parse alone */ }
    }
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });

  function reload(data) {
    var files = "*";
    try { files = JSON.parse(data); } catch (err) { /* reload to be safe */ }
    if (any || files === "*" || !Array.isArray(files) || files.indexOf(ownFile()) >= 0) {
      window.location.reload();
    }
  }
  function errors(data) {
    try { show(JSON.parse(data)); } catch (err) { /* a malformed message is ignored */ }
  }
  var on = { reload: reload, css: swapStylesheets, ok: hide, errors: errors };

  // Reconnects after `serve` restarts, waiting longer each time it is away;
  // back, it reloads the page (the content may have changed meanwhile)
  // unless the server says there are errors.
  // The first connection says how long ago the page started loading, so
  // that the server tells it of a save written after its request but told
  // before it listened.
  var wait = 500, back = false, first = true;
  function age() {
    return "?age=" + Math.max(0, Math.round(window.performance ? performance.now() : 0));
  }
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/__compendium/live" + (first ? age() : ""));
    first = false;
    // Also marks the page as connected (readyState 1) for tests and tools.
    window.__compendiumReload = ws;
    ws.onopen = function () { wait = 500; ws.__opened = true; };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (back && m && m.event === "ok") { window.location.reload(); return; }
      back = false;
      if (m && Object.prototype.hasOwnProperty.call(on, m.event)) on[m.event](String(m.data));
    };
    ws.onclose = function () {
      if (ws.__opened) back = true;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 10000);
    };
  }
  if (window.WebSocket) {
    connect();
  } else if (window.EventSource) {
    var source = new EventSource("/__compendium/events" + age());
    window.__compendiumReload = source;
    Object.keys(on).forEach(function (name) {
      source.addEventListener(name, function (e) { on[name](e.data); });
    });
  }
})();
