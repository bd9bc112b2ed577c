// Privacy guard while typing (progressive enhancement; the server checks again on send).
// Under each text area, a polite note appears when the text looks like it holds an address,
// a phone number, an e-mail address or health details. Nothing is blocked.
(function () {
  "use strict";
  var data = document.getElementById("privacy-guard-messages");
  if (!data || !window.JSON) { return; }
  var text = JSON.parse(data.textContent);
  var checks = [
    ["address", /\b[a-z][\w'’-]*(straat|laan|weg|singel|plein|kade|gracht|dijk|dreef|hof|steeg|pad|markt|wal|haven|rij)\s+\d{1,4}(?!\d)(?!\s*(km|m|uur|keer|x|min|minuten)\b)/i],
    ["phone", /(^|[^\w+])(\+31|0031|0)[\s.-]*\d([\s.-]*\d){8}(?!\d)/],
    ["email", /[\w.+-]+@[\w-]+(\.[\w-]+)+/],
    ["medical", /\b(diagnose|medicijn|medicatie|dementie|alzheimer|parkinson|kanker|chemo|depressie|depressief|ziekenhuisopname|psychose|diabetes|beroerte|epilepsie|verslaving|insuline|dialyse)/i]
  ];
  function findings(value) {
    var found = [];
    checks.forEach(function (check) { if (check[1].test(value)) { found.push(text[check[0]]); } });
    return found;
  }
  document.querySelectorAll("form[method=post] textarea").forEach(function (area) {
    var note = document.createElement("p");
    note.className = "privacy-hint-live utrecht-alert utrecht-alert--warning";
    note.setAttribute("role", "status");
    note.hidden = true;
    area.insertAdjacentElement("afterend", note);
    var timer = null;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var found = findings(area.value);
        note.hidden = found.length === 0;
        note.textContent = found.length ? text.intro + " " + found.join(", ") + ". " + text.advice : "";
      }, 600);
    });
  });
})();
