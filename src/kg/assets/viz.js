/* kg viz: draws the network and wires the search box and the type filters.
 * Every string from the graph is data: it reaches the page only through
 * textContent, option.value, or vis-network (canvas text; string tooltips are
 * set with innerText). Never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");
  document.body.setAttribute("data-kg-nodes", String(data.nodes.length));
  if (!data.nodes.length || typeof vis === "undefined") {
    document.body.setAttribute("data-kg-ready", "1");
    return;
  }
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-kg-ready", "1");
  });

  function say(text) { status.textContent = text; }

  // type filters -----------------------------------------------------------
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-kg-type]"));
  var hiddenNow = {};
  function applyFilters() {
    var hide = {};
    boxes.forEach(function (box) { hide[box.getAttribute("data-kg-type")] = !box.checked; });
    var changes = [];
    data.nodes.forEach(function (n) {
      var h = hide[n.group] === true;
      if (h !== (hiddenNow[n.id] === true)) {
        hiddenNow[n.id] = h;
        changes.push({ id: n.id, hidden: h });
      }
    });
    if (changes.length) { nodes.update(changes); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilters); });

  // search -----------------------------------------------------------------
  var list = document.getElementById("kg-labels");
  var byLower = [];
  var seen = {};
  data.nodes.forEach(function (n) {
    var label = String(n.label || "");
    byLower.push([label.toLowerCase(), n.id, label]);
    if (!seen[label] && label) {
      seen[label] = true;
      var opt = document.createElement("option");
      opt.value = label;
      list.appendChild(opt);
    }
  });
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var i, starts = null, contains = null;
    for (i = 0; i < byLower.length; i++) {
      var l = byLower[i][0];
      if (l === q) { return byLower[i]; }
      if (starts === null && l.indexOf(q) === 0) { starts = byLower[i]; }
      if (contains === null && l.indexOf(q) > 0) { contains = byLower[i]; }
    }
    return starts || contains;
  }
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var query = document.getElementById("kg-search-input").value;
    var hit = find(query);
    if (!hit) { say("no node matches \u201c" + query.trim() + "\u201d"); return; }
    if (hiddenNow[hit[1]]) {
      say(hit[2] + " is hidden by a filter");
      return;
    }
    network.selectNodes([hit[1]]);
    network.focus(hit[1], { scale: 1.4, animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    say("found: " + hit[2]);
  });
})();
