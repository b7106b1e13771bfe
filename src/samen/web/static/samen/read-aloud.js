/* Read aloud (progressive enhancement): a button that reads the page's main text with the
   browser's speech synthesis. Offered only when the device has a voice for the page's language
   that runs on the device itself (localService): a network voice would send the text elsewhere.
   Without JavaScript, or without such a voice, nothing is shown. */
(function () {
  "use strict";
  var template = document.getElementById("read-aloud-template");
  var main = document.getElementById("main");
  if (!template || !main || !window.speechSynthesis || !window.SpeechSynthesisUtterance) { return; }
  var language = (document.documentElement.lang || "").toLowerCase();
  function localVoice() {
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var voice = voices[i];
      var code = (voice.lang || "").toLowerCase().split(/[-_]/)[0];
      if (voice.localService && code === language) { return voice; }
    }
    return null;
  }
  var shown = false;
  function offer() {
    var voice = localVoice();
    if (shown || !voice) { return; }
    shown = true;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "read-aloud";
    button.textContent = template.getAttribute("data-read");
    var stop = template.getAttribute("data-stop");
    var read = button.textContent;
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        button.textContent = read;
        return;
      }
      var utterance = new window.SpeechSynthesisUtterance(main.innerText);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.onend = function () { button.textContent = read; };
      window.speechSynthesis.speak(utterance);
      button.textContent = stop;
    });
    main.insertBefore(button, main.firstChild);
  }
  offer();
  // Chromium loads its voices after the page: offer the button once they arrive.
  if (window.speechSynthesis.addEventListener) {
    window.speechSynthesis.addEventListener("voiceschanged", offer);
  }
}());
