/* Draws every [data-lls-network] element of the page with vis-network, from the JSON block inside it.
 *
 * The JSON (written by lls_kg.viz.network_data):
 *   measure  the node measure the sizes show, named in the page's language
 *   classes  [{label, colour, shape}], in legend order
 *   nodes    [{x, y, size, c: class index, label (in the page's language), lang (its language when another), en, nn,
 *             nb, iri, value, q: [quotes], g: [goal indices], m: [municipality indices]}]
 *   edges    [{from, to (node indices), relation, dashed, width, weight, works: [labels], q: [quotes], curve?}]
 *   options  vis-network options
 *   words    the page's own words for what the script writes: shown, found, founds ({n}, {shown}, {total}), weight
 * Text from the data reaches the page only through textContent and the canvas, never as HTML.
 * Positions are given and physics is off: nothing moves, nothing is random.
 */
(function () {
  "use strict";

  /* Text as searches compare it, by lls_kg/text.py's one rule: case, accents and runs of spaces ignored,
     æ ø å spelt ae o aa. */
  function fold(text) {
    return text.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "aa").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = String(text);
    return made;
  }

  function withQuotes(box, quotes) {
    quotes.forEach(function (quote) { box.appendChild(element("blockquote", null, quote)); });
    return box;
  }

  /* A message of data.words with its {placeholders} filled in. */
  function say(data, key, values) {
    return data.words[key].replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
  }

  function describeNode(data, node) {
    const box = element("div", "describe");
    const name = box.appendChild(element("p", "name", node.label));
    if (node.lang) name.lang = node.lang;
    ["nn", "nb", "en"].forEach(function (tag) {
      if (node[tag] && node[tag] !== node.label && !(tag === "nb" && node.nb === node.nn)) {
        box.appendChild(element("p", "other", node[tag])).lang = tag;
      }
    });
    box.appendChild(element("p", "kind", data.classes[node.c].label + " · " + node.iri));
    box.appendChild(element("p", "kind", data.measure + ": " + node.value));
    return withQuotes(box, node.q);
  }

  function describeEdge(data, edge) {
    const box = element("div", "describe");
    box.appendChild(element("p", "name", data.nodes[edge.from].label + " — " + edge.relation + " — " + data.nodes[edge.to].label));
    if (edge.weight !== 1) box.appendChild(element("p", "kind", data.words.weight + ": " + edge.weight));
    if (edge.works.length) {
      const list = box.appendChild(element("ul"));
      edge.works.forEach(function (work) { list.appendChild(element("li", null, work)); });
    }
    return withQuotes(box, edge.q);
  }

  function setup(root) {
    const data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
    const nodes = new vis.DataSet(data.nodes.map(function (node, id) {
      const kind = data.classes[node.c];
      return { id: id, label: node.label, x: node.x, y: node.y, size: node.size, shape: kind.shape, color: { background: kind.colour } };
    }));
    const edges = new vis.DataSet(data.edges.map(function (edge, id) {
      const link = { id: id, from: edge.from, to: edge.to, label: edge.relation, width: edge.width, dashes: edge.dashed };
      if (edge.curve) link.smooth = { enabled: true, type: "curvedCW", roundness: edge.curve };
      return link;
    }));
    const shown = new Set(nodes.getIds());
    const nodeView = new vis.DataView(nodes, { filter: function (node) { return shown.has(node.id); } });
    const edgeView = new vis.DataView(edges, { filter: function (edge) { return shown.has(edge.from) && shown.has(edge.to); } });
    const network = new vis.Network(root.querySelector(".canvas"), { nodes: nodeView, edges: edgeView }, data.options);
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.92 });  // fit() frames the nodes; leave room for their labels
    const panel = root.querySelector(".details");
    const tooltip = root.querySelector(".tooltip");
    const status = root.querySelector(".status");
    const search = root.querySelector("input[type=search]");
    const boxes = Array.from(root.querySelectorAll(".legend input[type=checkbox]"));
    const goal = root.querySelector('[data-filter="goal"]');
    const place = root.querySelector('[data-filter="municipality"]');

    function describe(pick) {
      if (pick.nodes.length) return describeNode(data, data.nodes[pick.nodes[0]]);
      if (pick.edges.length) return describeEdge(data, data.edges[pick.edges[0]]);
      return null;
    }

    function keep(pick) {
      const box = describe(pick);
      if (box) panel.replaceChildren(box);
    }

    function tip(box, pointer) {
      tooltip.replaceChildren(box);
      tooltip.hidden = false;
      const stage = tooltip.parentElement;
      tooltip.style.left = Math.min(pointer.x + 14, Math.max(0, stage.clientWidth - tooltip.offsetWidth - 4)) + "px";
      tooltip.style.top = Math.min(pointer.y + 14, Math.max(0, stage.clientHeight - tooltip.offsetHeight - 4)) + "px";
    }

    function hide() { tooltip.hidden = true; }

    function chosen(select) {
      return select && select.value !== "" ? Number(select.value) : null;
    }

    /* The goal's nodes; then those of the municipality and, in a view of who works with whom (undirected), the
       nodes they are tied to: as 'lls-kg viz --goal --municipality' cuts the view. */
    function kept(g, m) {
      const inGoal = new Set();
      data.nodes.forEach(function (node, id) { if (g === null || node.g.includes(g)) inGoal.add(id); });
      if (m === null) return inGoal;
      const own = new Set(Array.from(inGoal).filter(function (id) { return data.nodes[id].m.includes(m); }));
      const around = new Set(own);
      if (!data.options.edges.arrows.to.enabled) {
        data.edges.forEach(function (edge) {
          if (own.has(edge.from) && inGoal.has(edge.to)) around.add(edge.to);
          if (own.has(edge.to) && inGoal.has(edge.from)) around.add(edge.from);
        });
      }
      return around;
    }

    function filter() {
      const classes = new Set(boxes.filter(function (box) { return box.checked; }).map(function (box) { return Number(box.value); }));
      shown.clear();
      kept(chosen(goal), chosen(place)).forEach(function (id) { if (classes.has(data.nodes[id].c)) shown.add(id); });
      nodeView.refresh();
      edgeView.refresh();
      status.textContent = say(data, "shown", { shown: shown.size, total: data.nodes.length });
      find(false);
    }

    function find(zoom) {
      const wanted = fold(search.value);
      if (!wanted) { network.unselectAll(); return []; }
      const found = [];
      data.nodes.forEach(function (node, id) {
        if (shown.has(id) && [node.label, node.en, node.nn, node.nb].some(function (name) { return fold(name).includes(wanted); })) found.push(id);
      });
      network.selectNodes(found);
      status.textContent = say(data, found.length === 1 ? "found" : "founds", { n: found.length });
      if (found.length === 1) keep({ nodes: found, edges: [] });
      if (zoom && found.length) network.fit({ nodes: found, animation: false, maxZoomLevel: 1.5 });
      return found;
    }

    network.on("hoverNode", function (event) { tip(describeNode(data, data.nodes[event.node]), event.pointer.DOM); });
    network.on("hoverEdge", function (event) { tip(describeEdge(data, data.edges[event.edge]), event.pointer.DOM); });
    ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) { network.on(name, hide); });
    network.on("click", keep);
    network.once("afterDrawing", function () { root.dataset.drawnMs = String(Math.round(performance.now())); });
    search.addEventListener("input", function () { find(false); });
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(true); });
    boxes.concat([goal, place].filter(Boolean)).forEach(function (control) { control.addEventListener("change", filter); });

    return { network: network, nodes: nodes, edges: edges, data: data, find: function (text) { search.value = text; return find(true); } };
  }

  window.llsNetworks = Array.from(document.querySelectorAll("[data-lls-network]")).map(setup);
})();
