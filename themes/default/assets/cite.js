/* "Cite this entry": each style's Copy button copies its citation as
   plain text. The Clipboard API needs a secure context (https, localhost);
   elsewhere (file://, plain http) or when it refuses, the citation is
   selected instead and the status says to press Ctrl+C. Without this
   script the buttons stay hidden and the text can be selected by hand. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".record-cite .cite-copy");
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function say(button, key) {
    var status = button.parentNode.querySelector(".cite-status");
    if (status) status.textContent = button.getAttribute(key) || "";
  }
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-target"));
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.replace(/\s+/g, " ").trim();
      function fallback() {
        select(target);
        var copied = false;
        // The older command still works in many browsers from file://.
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        say(button, copied ? "data-copied" : "data-select");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          say(button, "data-copied");
        }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
