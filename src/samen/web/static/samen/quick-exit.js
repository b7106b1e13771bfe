/* Quick exit: replace this page with a neutral site so Back does not return here.
   Works on the button and on Shift pressed three times within two seconds. */
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) { return; }
  var target = button.getAttribute("data-exit-url");
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(target);
  }
  button.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { leave(null); }
  });
}());
