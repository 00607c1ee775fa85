// Inquiry answers: FAQ suggestions follow what is typed, and one click puts a suggested answer in the box.
// Canned replies: one click copies the text. Every page works without this file.
"use strict";
(function () {
  var box = document.querySelector("[data-faq-suggest]");
  if (box) {
    var list = document.querySelector("[data-faq-list]");
    var useLabel = (document.querySelector("[data-use-label]") || {}).innerHTML || "";
    var timer = null;
    var asked = "";
    function show(items) {
      if (!items.length) { return; }
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var q = document.createElement("strong");
        q.textContent = item.question;
        var a = document.createElement("p");
        a.textContent = item.answer;
        var use = document.createElement("button");
        use.type = "button";
        use.setAttribute("data-use-answer", "");
        use.textContent = useLabel;
        li.append(q, a, use);
        list.append(li);
      });
    }
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      // Ask once the officer pauses typing, not on every key.
      timer = window.setTimeout(function () {
        var text = box.value.trim();
        if (text.length < 3 || text === asked) { return; }
        asked = text;
        fetch(box.getAttribute("data-faq-suggest") + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; }).then(show).catch(function () {});
      }, 400);
    });
    document.addEventListener("click", function (event) {
      if (!event.target.matches("[data-use-answer]")) { return; }
      var answer = event.target.parentElement.querySelector("p");
      if (answer) { box.value = answer.textContent; box.focus(); }
    });
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = button.getAttribute("data-copied"); });
    });
  });
})();
