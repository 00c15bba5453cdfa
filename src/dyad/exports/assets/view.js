// The graph view: Cytoscape.js (inlined above) draws the subgraph; this script adds the time slider,
// claims folded behind their events, the click panel, and the message for a subgraph too big to draw.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dyad-data").textContent);
  var panel = document.getElementById("panel"), slider = document.getElementById("slider"), when = document.getElementById("when");
  var undated = document.getElementById("undated"), allClaims = document.getElementById("claims"), counts = document.getElementById("counts");
  var byId = {}, claimsOf = {}, expanded = {}, selected = null, cy = null;

  function text(s) { return document.createTextNode(s == null ? "" : String(s)); }
  data.legend.forEach(function (item) {
    var span = document.createElement("span");
    span.style.setProperty("--c", item.colour);
    span.appendChild(text(item.label));
    document.getElementById("legend").appendChild(span);
  });
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    if (n.type === "Claim" && n.event) { (claimsOf[n.event] = claimsOf[n.event] || []).push(n.id); }
  });
  var neighbours = {};
  data.edges.forEach(function (e) {
    (neighbours[e.source] = neighbours[e.source] || []).push(e.target);
    (neighbours[e.target] = neighbours[e.target] || []).push(e.source);
  });

  var dates = [];
  data.nodes.forEach(function (n) { if (n.start && dates.indexOf(n.start) < 0) { dates.push(n.start); } });
  dates.sort();
  slider.max = Math.max(dates.length - 1, 0);
  slider.value = slider.max;
  slider.disabled = dates.length === 0;

  function inTime(n, limit) {
    if (!n.start) { return n.type !== "Event" && n.type !== "Claim" ? true : undated.checked; }
    return limit == null || n.start <= limit;
  }
  function claimShown(n, limit) {
    return inTime(n, limit) && (allClaims.checked || !n.event || expanded[n.event] === true) && (!n.event || inTime(byId[n.event], limit));
  }
  // Documents and agents are reached through claims: shown when a claim of theirs is, or when they link to something else.
  function visible(n, limit) {
    if (n.type === "Claim") { return claimShown(n, limit); }
    if (n.type === "Document" || n.type === "Agent") {
      var links = neighbours[n.id] || [];
      if (!links.length) { return true; }
      return links.some(function (id) { var m = byId[id]; return m.type === "Claim" ? claimShown(m, limit) : m.type !== "Document" && m.type !== "Agent"; });
    }
    return inTime(n, limit);
  }
  function folded(n) {
    var claims = claimsOf[n.id] || [];
    return claims.length && !allClaims.checked && expanded[n.id] !== true ? n.label + "\n(+" + claims.length + " claim" + (claims.length > 1 ? "s" : "") + ")" : n.label;
  }

  function apply() {
    var limit = dates.length ? dates[+slider.value] : null;
    when.value = limit || "no dates";
    var shown = 0;
    cy.batch(function () {
      data.nodes.forEach(function (n) {
        var on = visible(n, limit), node = cy.getElementById(n.id);
        node.toggleClass("hidden", !on);
        node.toggleClass("selected", n.id === selected);
        if (n.type === "Event") { node.data("shown", folded(n)); }
        if (on) { shown += 1; }
      });
    });
    counts.textContent = shown + " of " + data.nodes.length + " nodes";
    document.body.setAttribute("data-visible-nodes", String(shown));
  }

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
    if (n.event) { expanded[n.event] = true; }
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

  // A fixed seed for the layout, so that the same subgraph is drawn the same way every time.
  function seeded(seed) {
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function draw() {
    document.getElementById("too-big").hidden = true;
    var elements = data.nodes.map(function (n) {
      return {group: "nodes", data: {id: n.id, shown: n.label, type: n.type, colour: n.colour}};
    }).concat(data.edges.map(function (e, i) {
      return {group: "edges", data: {id: "e" + i, source: e.source, target: e.target, label: e.label}};
    }));
    cy = cytoscape({
      container: document.getElementById("graph"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        {selector: "node", style: {
          "background-color": "data(colour)", "label": "data(shown)", "width": 12, "height": 12,
          "font-size": 10, "color": "#333", "text-valign": "bottom", "text-margin-y": 3,
          "text-wrap": "wrap", "text-max-width": "180px", "min-zoomed-font-size": 7,
          "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": "1px",
          "border-width": 1, "border-color": "#ffffff"}},
        {selector: "node[type = 'Country']", style: {"width": 26, "height": 26, "font-size": 13, "font-weight": "bold"}},
        {selector: "node[type = 'Event']", style: {"width": 16, "height": 16, "shape": "round-rectangle"}},
        {selector: "node[type = 'Claim']", style: {"width": 9, "height": 9, "shape": "diamond", "font-size": 9}},
        {selector: "node[type = 'Document']", style: {"shape": "rectangle"}},
        {selector: "node.selected", style: {"border-width": 3, "border-color": "#000000"}},
        {selector: "edge", style: {"width": 1, "line-color": "#c4c4c4", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#c4c4c4", "arrow-scale": 0.6}},
        {selector: "edge[label = 'wasDerivedFrom']", style: {"line-style": "dashed", "line-color": "#8f8f8f"}},
        {selector: ".hidden", style: {"display": "none"}}
      ]
    });
    var random = Math.random;
    Math.random = seeded(7);
    try {
      // Countries touch every event: they push harder and keep their events further off, so that two
      // countries do not end up on top of each other in the middle.
      cy.layout({name: "cose", animate: false, randomize: true, numIter: data.nodes.length > 300 ? 1000 : 2500, nodeOverlap: 40, componentSpacing: 90,
                 gravity: 0.25, padding: 30,
                 nodeRepulsion: function (node) { return node.data("type") === "Country" ? 10000000 : 1500000; },
                 idealEdgeLength: function (edge) {
                   return edge.source().data("type") === "Country" || edge.target().data("type") === "Country" ? 200 : 70;
                 }}).run();
    } finally {
      Math.random = random;
    }
    cy.on("tap", "node", function (ev) {
      var n = byId[ev.target.id()];
      if (claimsOf[n.id]) { expanded[n.id] = expanded[n.id] !== true; }
      select(n.id);
    });
    cy.on("tap", function (ev) { if (ev.target === cy) { selected = null; apply(); } });
    slider.addEventListener("input", apply);
    undated.addEventListener("change", apply);
    allClaims.addEventListener("change", apply);
    apply();
    cy.fit(cy.nodes(":visible"), 30);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(cy.nodes(":visible")); }  // a small graph at a readable size
    document.body.setAttribute("data-drawn-nodes", String(cy.nodes().length));
  }

  if (data.nodes.length > data.drawable) {
    document.getElementById("too-big-text").textContent = "This subgraph has " + data.nodes.length + " nodes and " +
      data.edges.length + " edges: more than " + data.drawable + " cannot be drawn so that you can read it. Narrow it " +
      "(dyad export --since/--until, --center with fewer --hops, or --source) or open the .gexf export in Gephi.";
    counts.textContent = data.nodes.length + " nodes, not drawn";
    document.getElementById("too-big").hidden = false;
    document.body.setAttribute("data-drawn-nodes", "0");
    document.getElementById("draw-anyway").addEventListener("click", draw);
  } else {
    draw();
  }
})();
