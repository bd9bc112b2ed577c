// "Voorlezen" (progressive enhancement): buttons with data-read-aloud="id id ..." read those
// elements aloud with the browser's speech synthesis, in the page's language. The buttons
// stay hidden where the browser cannot speak (and without JavaScript).
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var speech = window.speechSynthesis;
  var buttons = document.querySelectorAll("button[data-read-aloud]");
  var speaking = null;

  function reset(button) {
    button.textContent = button.getAttribute("data-label");
    button.setAttribute("aria-pressed", "false");
    if (speaking === button) { speaking = null; }
  }

  function textOf(button) {
    return button.getAttribute("data-read-aloud").split(/\s+/)
      .map(function (id) { return document.getElementById(id); })
      .filter(function (el) { return el; })
      .map(function (el) { return el.innerText; })
      .join("\n\n");
  }

  buttons.forEach(function (button) {
    button.setAttribute("data-label", button.textContent);
    button.hidden = false;
    button.addEventListener("click", function () {
      var wasMe = speaking === button;
      speech.cancel();
      if (speaking) { reset(speaking); }
      if (wasMe) { return; }
      var utterance = new window.SpeechSynthesisUtterance(textOf(button));
      utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
      utterance.rate = 0.9;
      utterance.onend = function () { reset(button); };
      utterance.onerror = function () { reset(button); };
      speaking = button;
      button.textContent = button.getAttribute("data-stop-label");
      button.setAttribute("aria-pressed", "true");
      speech.speak(utterance);
    });
  });
})();
