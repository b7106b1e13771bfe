/* Quick exit: replace this page with a neutral site so Back does not return here.
   Works on the button and on Shift pressed three times within a few seconds, counted only
   when Shift goes down and up alone (as GOV.UK's "Exit this page"): any other key in between
   starts the count again, so typing capitals ("Den Haag") never leaves the site. */
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) { return; }
  var target = button.getAttribute("data-exit-url");
  var WINDOW_MS = 5000;
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(target);
  }
  button.addEventListener("click", leave);
  var presses = [];
  var shiftAlone = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      shiftAlone = !event.repeat;
      return;
    }
    shiftAlone = false;
    presses = [];
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftAlone) { return; }
    shiftAlone = false;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) { leave(null); }
  });
}());
