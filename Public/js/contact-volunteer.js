// The contact form's volunteer choice matters only for the volunteer-service channel: show it only then.
// Without this file the choice is always shown, and the server refuses it for other channels.
"use strict";
(function () {
  var channel = document.getElementById("field-channel");
  var volunteer = document.getElementById("field-volunteer");
  if (!channel || !volunteer) { return; }
  var box = volunteer.closest(".field");
  function update() {
    var shown = channel.value === "volunteerService";
    box.hidden = !shown;
    if (!shown) { volunteer.value = ""; }
  }
  channel.addEventListener("change", update);
  update();
})();
