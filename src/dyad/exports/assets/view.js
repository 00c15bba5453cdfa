// The graph view's renderer: plain DOM and SVG, no library, so the page works offline and from a file.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dyad-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph"), nodeLayer = document.getElementById("nodes"), edgeLayer = document.getElementById("edges");
  var panel = document.getElementById("panel"), slider = document.getElementById("slider"), when = document.getElementById("when");
  var undated = document.getElementById("undated"), counts = document.getElementById("counts");
  var byId = {}, nodeEls = {}, edgeEls = [];
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(s) { return document.createTextNode(s == null ? "" : String(s)); }
  data.legend.forEach(function (item) {
    var span = document.createElement("span");
    span.style.setProperty("--c", item.colour);
    span.appendChild(text(item.label));
    document.getElementById("legend").appendChild(span);
  });
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) {
    var a = byId[e.source], b = byId[e.target];
    var line = el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "edge" + (e.label === "wasDerivedFrom" ? " source-link" : "")}, edgeLayer);
    var title = el("title", {}, line); title.appendChild(text(e.label));
    edgeEls.push({edge: e, el: line});
  });
  data.nodes.forEach(function (n) {
    var g = el("g", {"class": "node", "data-id": n.id, "data-type": n.type, transform: "translate(" + n.x + "," + n.y + ")"}, nodeLayer);
    var r = n.type === "Country" ? 11 : n.type === "Event" ? 8 : 6;
    el("circle", {r: r, fill: n.colour}, g);
    var label = el("text", {x: r + 2, y: 3}, g);
    label.appendChild(text(n.label.length > 40 ? n.label.slice(0, 38) + "…" : n.label));
    var title = el("title", {}, g); title.appendChild(text(n.type + ": " + n.label));
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n.id); });
    nodeEls[n.id] = g;
  });
  var dates = [];
  data.nodes.forEach(function (n) { if (n.start && dates.indexOf(n.start) < 0) { dates.push(n.start); } });
  dates.sort();
  slider.max = Math.max(dates.length - 1, 0);
  slider.value = slider.max;
  slider.disabled = dates.length === 0;
  function visible(n, limit) {
    if (!n.start) { return n.type !== "Event" && n.type !== "Claim" ? true : undated.checked; }
    return limit == null || n.start <= limit;
  }
  function apply() {
    var limit = dates.length ? dates[+slider.value] : null;
    when.value = limit || "no dates";
    var shown = 0;
    data.nodes.forEach(function (n) {
      var on = visible(n, limit);
      nodeEls[n.id].setAttribute("class", "node" + (on ? "" : " hidden") + (n.id === selected ? " selected" : ""));
      if (on) { shown += 1; }
    });
    edgeEls.forEach(function (item) {
      var on = visible(byId[item.edge.source], limit) && visible(byId[item.edge.target], limit);
      item.el.setAttribute("class", item.el.getAttribute("class").replace(/ hidden/g, "") + (on ? "" : " hidden"));
    });
    counts.textContent = shown + " of " + data.nodes.length + " nodes";
  }
  var selected = null;
  function row(table, key, value) {
    var tr = document.createElement("tr"), k = document.createElement("td"), v = document.createElement("td");
    k.appendChild(text(key));
    if (value instanceof Node) { v.appendChild(value); } else { v.appendChild(text(value)); }
    tr.appendChild(k); tr.appendChild(v); table.appendChild(tr);
  }
  function nodeLink(id) {
    var a = document.createElement("a");
    a.href = "#"; a.appendChild(text(byId[id].label));
    a.addEventListener("click", function (ev) { ev.preventDefault(); select(id); });
    return a;
  }
  function select(id) {
    selected = id;
    var n = byId[id];
    panel.textContent = "";
    var h = document.createElement("h3"); h.appendChild(text(n.label)); panel.appendChild(h);
    var table = document.createElement("table");
    row(table, "type", n.type);
    row(table, "IRI", n.id);
    Object.keys(n.attributes).sort().forEach(function (k) { if (k !== "type") { row(table, k, n.attributes[k]); } });
    if (n.attributes.url) {
      var a = document.createElement("a"); a.href = n.attributes.url; a.rel = "noopener"; a.appendChild(text(n.attributes.url));
      row(table, "open", a);
    }
    data.edges.forEach(function (e) {
      if (e.source === id) { row(table, e.label + " →", nodeLink(e.target)); }
      else if (e.target === id) { row(table, "← " + e.label, nodeLink(e.source)); }
    });
    panel.appendChild(table);
    apply();
  }
  svg.addEventListener("click", function () { selected = null; apply(); });
  slider.addEventListener("input", apply);
  undated.addEventListener("change", apply);
  var view = {x: 0, y: 0, w: 1000, h: 1000}, drag = null;
  function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, box = svg.getBoundingClientRect();
    var px = view.x + view.w * (ev.clientX - box.left) / box.width, py = view.y + view.h * (ev.clientY - box.top) / box.height;
    view.x = px - (px - view.x) * f; view.y = py - (py - view.y) * f; view.w *= f; view.h *= f; setView();
  }, {passive: false});
  svg.addEventListener("mousedown", function (ev) { drag = {x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y}; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var box = svg.getBoundingClientRect(), s = Math.max(view.w / box.width, view.h / box.height);
    view.x = drag.vx - (ev.clientX - drag.x) * s; view.y = drag.vy - (ev.clientY - drag.y) * s; setView();
  });
  apply();
  document.body.setAttribute("data-drawn-nodes", String(nodeLayer.childNodes.length));
})();
