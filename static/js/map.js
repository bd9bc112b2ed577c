// The map on /kaart (progressive enhancement): approximate neighbourhood points on Leaflet.
// Without Leaflet, JavaScript or tiles the list beside it still says everything.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L || !window.fetch) { return; }
  var status = document.querySelector(".map-status");
  box.innerHTML = "";
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", document.getElementById("map-heading").textContent);
  box.setAttribute("aria-describedby", "map-hint");
  L.Icon.Default.imagePath = box.dataset.images;
  var map = L.map(box, { scrollWheelZoom: false }).setView([51.92, 4.48], 12);
  var tiles = L.tileLayer(box.dataset.tileUrl, { maxZoom: 18, attribution: box.dataset.tileAttribution });
  var failed = false;
  tiles.on("tileerror", function () {
    if (!failed && status) { failed = true; status.textContent = box.dataset.tilesFailed; }
  });

  // Tiles from another site tell it the visitor's IP address: only after "Kaart laden",
  // remembered in this browser. Without them the map shows the neighbourhoods alone.
  var CONSENT_KEY = "buurthulp.kaart-tegels";
  function remembered() {
    try { return window.localStorage.getItem(CONSENT_KEY) === "ja"; } catch (e) { return false; }
  }
  function remember(yes) {
    try {
      if (yes) { window.localStorage.setItem(CONSENT_KEY, "ja"); }
      else { window.localStorage.removeItem(CONSENT_KEY); }
    } catch (e) { /* private browsing: asked again next time */ }
  }
  var consent = document.querySelector(".map-consent");
  var button = consent && consent.querySelector("button");
  function showTiles(yes) {
    if (yes) { tiles.addTo(map); } else { tiles.remove(); }
    if (button) { button.textContent = yes ? button.dataset.labelStop : button.dataset.labelLoad; }
  }
  if (box.dataset.tilesNeedConsent !== "yes") {
    tiles.addTo(map);
  } else if (button) {
    consent.hidden = false;
    showTiles(remembered());
    button.addEventListener("click", function () {
      var yes = !map.hasLayer(tiles);
      remember(yes);
      showTiles(yes);
    });
  }
  function label(point) {
    var text = point.count === 1 ? box.dataset.labelOne : box.dataset.labelMany;
    return text.replace("%(name)s", point.neighbourhood).replace("%(num)s", point.count);
  }
  fetch(box.dataset.pointsUrl, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      data.points.forEach(function (point) {
        var text = label(point);
        var marker = L.marker([point.lat, point.lon], { title: text, alt: text, keyboard: true });
        var link = document.createElement("a");
        link.href = point.list_url;
        link.textContent = text;
        marker.bindPopup(link).addTo(map);
        bounds.push([point.lat, point.lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 }); }
    })
    .catch(function () { if (status) { status.textContent = box.dataset.tilesFailed; } });
})();
