// Marks <html> before the page is drawn, so that style.css shows the
// controls that need JavaScript only where it runs. A file rather than an
// inline script: a Content-Security-Policy of 'self' allows it.
document.documentElement.className += " js";
