/* The language switcher keeps what the reader is looking at: its links
   (this same page in each language) take the address's query string and
   hash as they are when followed (a search, a listing's filters, a
   comparison), which the pages' scripts change as the reader goes
   (history.replaceState, the hash). Without JavaScript the links are the
   plain pages. */
(function () {
  "use strict";
  var nav = document.querySelector("nav.language-switcher");
  if (!nav) return;
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href]"));
  var plain = links.map(function (a) { return a.getAttribute("href"); });
  function carry() {
    var state = location.search + location.hash;
    links.forEach(function (a, i) {
      a.setAttribute("href", state ? plain[i].replace(/[?#].*$/, "") + state : plain[i]);
    });
  }
  carry();
  window.addEventListener("hashchange", carry);
  window.addEventListener("popstate", carry);
  // replaceState fires no event: read the address again just before a
  // link is used (clicked, opened in a new tab, copied) or shown.
  ["mouseover", "focusin", "mousedown", "click", "auxclick", "contextmenu", "touchstart"].forEach(function (type) {
    nav.addEventListener(type, carry, type === "touchstart" ? { passive: true } : true);
  });
})();
