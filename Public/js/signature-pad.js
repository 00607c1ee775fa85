// A signature pad on a canvas for finger, pen and mouse (Pointer Events). The drawing goes into the form as a PNG
// data URL; an empty pad is refused before sending.
"use strict";
(function () {
  document.querySelectorAll("[data-signature-pad]").forEach(function (canvas) {
    var form = canvas.closest("form");
    var output = form.querySelector("[data-signature-value]");
    var empty = form.querySelector("[data-signature-empty]");
    var context = canvas.getContext("2d");
    var strokes = 0;
    var last = null;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1d2a3a";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      context.beginPath();
      context.arc(last.x, last.y, 1, 0, 2 * Math.PI);
      context.fill();
      strokes += 1;
      if (empty) { empty.hidden = true; }
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) { return; }
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    function stop() { last = null; }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        strokes = 0;
        output.value = "";
      });
    }
    form.addEventListener("submit", function (event) {
      var file = form.querySelector("input[type=file]");
      if (strokes === 0 && !(file && file.files.length > 0)) {
        event.preventDefault();
        if (empty) { empty.hidden = false; }
        return;
      }
      if (strokes > 0) { output.value = canvas.toDataURL("image/png"); }
    });
  });
})();
