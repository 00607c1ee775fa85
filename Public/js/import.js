// Keeps an import's progress bar current while its job runs; the page says the same after a refresh without it.
"use strict";
(function () {
  var box = document.querySelector("[data-import-progress]");
  if (!box || !box.querySelector("[data-refresh]")) { return; }
  var url = box.getAttribute("data-import-progress");
  function set(name, value) { var cell = box.querySelector("[data-" + name + "]"); if (cell) { cell.textContent = value; } }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        var bar = box.querySelector("[data-bar]");
        if (bar) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
        set("processed", p.processed); set("written", p.written); set("total", p.total);
        var status = document.querySelector("[data-import-status]");
        if (status) { status.textContent = p.statusLabel; }
        if (p.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      }).catch(function () {});
  }
  window.setTimeout(poll, 1000);
})();
