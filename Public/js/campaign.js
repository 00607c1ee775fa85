// Keeps a campaign's progress bar and numbers current while it sends. The page shows the same numbers without it.
"use strict";
(function () {
  var box = document.querySelector("[data-campaign-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-campaign-progress");
  function set(name, value) { var cell = box.querySelector("[data-" + name + "]"); if (cell) { cell.textContent = value; } }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (report) {
        var done = report.sent + report.failed + report.skipped;
        var bar = box.querySelector("[data-bar]");
        bar.max = report.total; bar.value = done;
        ["total", "queued", "sent", "waiting", "failed", "skipped"].forEach(function (name) { set(name, report[name]); });
        if (report.statusLabel) { set("status", report.statusLabel); }
        if (report.status !== "done" || report.waiting > 0) { window.setTimeout(poll, 3000); }
      }).catch(function () {});
  }
  poll();
})();
