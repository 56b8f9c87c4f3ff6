/* Ruamjai maps: the network map (/map) and the small maps on member, venue and event pages.
 *
 * Leaflet and Leaflet.markercluster are served from static/vendor (no CDN). Everything the
 * script needs comes from data- attributes (the CSP forbids inline scripts). Without this
 * script, or without Leaflet, the server-drawn SVG and the list stay as they are. Without
 * tiles (none configured, offline, or blocked) the approximate province outline is drawn
 * from /map/outline.geojson, so points still have a place to sit.
 */
(function () {
  "use strict";
  if (!window.L || !document.querySelector) { return; }
  var L = window.L;
  var LAYER_ORDER = ["network", "node", "individual", "centre", "venue", "event"];
  var MAX_LIST = 100;

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content) { el.textContent = content; }
    return el;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) {
      return values[key] !== undefined ? String(values[key]) : "";
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  /* A Leaflet map in `box` (its SVG fallback removed), with tiles when configured and the
   * province outline underneath. Calls back with the map and the outline's bounds. */
  function baseMap(box, ready) {
    var ds = box.dataset;
    var fallback = box.querySelector(".map-fallback-box");
    if (fallback) { fallback.remove(); }
    box.classList.add("has-leaflet");
    // No zoom animation and an unpadded SVG renderer: nothing Leaflet draws reaches past
    // the map's box (clipped anyway, but a 360 px page should hold no overflowing parts).
    var map = L.map(box, {
      zoomControl: false, attributionControl: true, scrollWheelZoom: false,
      zoomAnimation: false, renderer: L.svg({ padding: 0 }),
      // Without a tile layer nothing else sets these, and the cluster plugin needs them.
      minZoom: 5, maxZoom: 18
    });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.control.zoom({ zoomInTitle: ds.zoomIn, zoomOutTitle: ds.zoomOut }).addTo(map);
    var note = text("p", "map-offline-note", ds.tilesFailed);
    note.hidden = true;
    box.parentNode.insertBefore(note, box.nextSibling);
    if (ds.tileUrl) {
      var failures = 0, loads = 0;
      var tiles = L.tileLayer(ds.tileUrl, {
        maxZoom: 18,
        attribution: '<a href="' + ds.tileAttributionUrl + '">' +
          ds.tileAttribution.replace(/[<>&"]/g, "") + "</a>"
      });
      tiles.on("tileerror", function () {
        failures += 1;
        if (!loads && failures >= 2) { note.hidden = false; box.classList.add("tiles-offline"); }
      });
      tiles.on("tileload", function () {
        loads += 1; note.hidden = true; box.classList.remove("tiles-offline");
      });
      tiles.addTo(map);
    } else {
      box.classList.add("tiles-offline");
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", ds.closeLabel); close.title = ds.closeLabel; }
    });
    getJSON(ds.outlineUrl).then(function (outline) {
      var shape = L.geoJSON(outline, {
        interactive: false,
        filter: function (f) { return f.properties.role === "outline"; },
        style: function () { return { className: "province-outline" }; }
      }).addTo(map);
      shape.bringToBack();
      ready(map, shape.getBounds());
    }).catch(function () {
      ready(map, null);
    });
    return map;
  }

  function markerIcon(layer) {
    return L.divIcon({ className: "map-marker layer-" + layer, iconSize: [18, 18], html: "" });
  }

  function districtIcon(props) {
    var html = text("span", "", String(props.total));
    return L.divIcon({ html: html, className: "map-cluster map-district", iconSize: [48, 48] });
  }

  function popupFor(props) {
    var box = text("div", "map-popup");
    var link = text("a", "", props.name);
    link.href = props.url;
    box.appendChild(link);
    var facts = [props.detail, props.district].filter(Boolean).join(" · ");
    if (facts) { box.appendChild(text("div", "muted", facts)); }
    return box;
  }

  /* ---- the network map ---------------------------------------------------------- */

  function networkMap(box) {
    var ds = box.dataset;
    var form = document.getElementById("map-filters");
    var list = document.getElementById("map-list");
    var status = document.getElementById("map-list-status");
    var pages = document.getElementById("map-list-pages");
    var texts = document.getElementById("map-list-texts").dataset;
    var features = [];
    var outlineBounds = null;
    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var html = text("span", "", String(n));
        html.setAttribute("aria-label", fill(ds.clusterLabel, { n: n }));
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({ html: html, className: "map-cluster map-cluster-" + size, iconSize: [40, 40] });
      }
    });
    var districts = L.layerGroup();
    var map = baseMap(box, function (readyMap, bounds) {
      outlineBounds = bounds;
      if (bounds) { readyMap.fitBounds(bounds); }
      load(ds.layersUrl, false);
    });
    map.setView([17.4, 101.6], 8);
    clusters.addTo(map);
    districts.addTo(map);

    function renderList() {
      var view = map.getBounds();
      var inView = features.filter(function (f) {
        var c = f.geometry.coordinates;
        return view.contains([c[1], c[0]]);
      });
      list.textContent = "";
      inView.slice(0, MAX_LIST).forEach(function (f) {
        var p = f.properties;
        var item = text("li", "place layer-" + p.layer);
        var swatch = text("span", "swatch");
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(swatch);
        var link = text("a", "", p.name);
        link.href = p.url;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(text("span", "muted", [p.detail, p.district].filter(Boolean).join(" · ")));
        list.appendChild(item);
      });
      if (!inView.length) { list.appendChild(text("li", "muted", texts.none)); }
      var message = fill(texts.inView, { shown: Math.min(inView.length, MAX_LIST), total: inView.length });
      if (inView.length > MAX_LIST) { message += " " + texts.more; }
      status.textContent = message;
    }

    function load(url, refit) {
      box.dataset.loaded = "";  // tests and styles can tell a load is under way
      return getJSON(url).then(function (collection) {
        features = collection.features;
        clusters.clearLayers();
        districts.clearLayers();
        var markers = features.map(function (f) {
          var c = f.geometry.coordinates;
          var p = f.properties;
          var marker = p.role === "district"
            ? L.marker([c[1], c[0]], { icon: districtIcon(p), title: p.name + " · " + p.detail, alt: p.name, keyboard: true })
            : L.marker([c[1], c[0]], { icon: markerIcon(p.layer), title: p.name, alt: p.name, keyboard: true });
          marker.bindPopup(popupFor(p));
          return marker;
        });
        // A district's count is already a summary: drawn as it is, never clustered.
        clusters.addLayers(markers.filter(function (m, i) { return features[i].properties.role !== "district"; }));
        markers.forEach(function (m, i) { if (features[i].properties.role === "district") { districts.addLayer(m); } });
        LAYER_ORDER.forEach(function (name) {
          var count = document.querySelector('[data-layer-count="' + name + '"]');
          if (count) { count.textContent = String(collection.counts[name] || 0); }
        });
        if (refit && markers.length) {
          map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 13, padding: [20, 20] });
        } else if (refit && outlineBounds) {
          map.fitBounds(outlineBounds);
        }
        if (pages) { pages.hidden = true; }
        box.dataset.loaded = String(features.length);
        renderList();
      }).catch(function () {
        box.dataset.loaded = "error";
      });
    }

    function currentQuery() {
      var params = new URLSearchParams(new FormData(form));
      return params;
    }

    function apply(event) {
      if (event) { event.preventDefault(); }
      var params = currentQuery();
      var pageQuery = params.toString();
      history.replaceState(null, "", form.action + (pageQuery ? "?" + pageQuery : ""));
      if (!params.getAll("layer").length) {
        // Nothing ticked shows nothing (the server would read "no layer" as "every layer").
        features = [];
        clusters.clearLayers();
        box.dataset.loaded = "0";
        renderList();
        return;
      }
      params.set("lang", ds.lang);
      load(ds.layersBase + "?" + params.toString(), true);
    }

    form.addEventListener("submit", apply);
    form.addEventListener("change", apply);
    map.on("moveend", renderList);
  }

  /* ---- small maps on other pages ------------------------------------------------- */

  var ROLE_CLASS = { place: "place", stop: "stop", from: "from", to: "to" };

  function placeMap(box) {
    var data = JSON.parse(box.dataset.placeMap);
    var shapes = L.geoJSON(data, {
      style: function (f) {
        return { className: f.properties.role === "route" ? "map-route" : "map-area" };
      },
      pointToLayer: function (f, latlng) {
        var role = ROLE_CLASS[f.properties.role] || "place";
        var label = f.properties.position ? String(f.properties.position) : "";
        var icon = L.divIcon({ className: "map-marker role-" + role, iconSize: [22, 22], html: text("span", "", label) });
        return L.marker(latlng, { icon: icon, title: f.properties.name, alt: f.properties.name, keyboard: true });
      },
      onEachFeature: function (f, layer) {
        if (f.geometry.type === "Point") {
          var content = text("div", "map-popup", f.properties.name);
          if (f.properties.leg_km !== undefined && f.properties.leg_km !== null) {
            content.appendChild(text("div", "muted", fill(box.dataset.km, { km: f.properties.leg_km.toFixed(1) })));
          }
          layer.bindPopup(content);
        }
      }
    });
    var map = baseMap(box, function (readyMap) {
      var bounds = shapes.getBounds();
      if (bounds.isValid()) { readyMap.fitBounds(bounds, { maxZoom: 13, padding: [24, 24] }); }
    });
    map.setView([17.4, 101.6], 8);
    shapes.addTo(map);
  }

  function start() {
    var network = document.getElementById("network-map");
    if (network) { networkMap(network); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-place-map]"), placeMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
