// The /log page: the log's entries as this node folds them, drawn as a marble diagram.
// It reads /log/events (Server-Sent Events): a "picture" of the chat, then one "entry" per
// log position. Text goes in with textContent only: chat lines are shown, never run.
const SVG = "http://www.w3.org/2000/svg";
const LANE = 34, TOP = 26, LABELS = 120, COLUMN = 32;
const COLOURED = new Set(["client-connected", "logged-in", "joined-room", "said", "left-room", "leader-changed"]);
const LETTER = { "client-connected": "c", "logged-in": "in", "joined-room": "j", "said": "s", "left-room": "l", "leader-changed": "★", "client-gone": "x" };

const svg = document.getElementById("marbles");
const state = document.getElementById("state");
let lanes, columns, rooms, nodes, position;

function reset(picture) {
  svg.replaceChildren();
  lanes = new Map();   // lane id → { label, node, ended, y }
  columns = [];        // { seq, element, lanes: Set }
  rooms = new Map();   // name → { leader, members: [] }
  nodes = new Map();   // node → last position it wrote
  position = picture.position;
  document.getElementById("node").textContent = picture.node;
  for (const lane of picture.lanes) laneOf(lane.lane, lane.user);
  for (const room of picture.rooms) rooms.set(room.name, { leader: room.leader, members: [...room.members] });
  for (const node of picture.nodes) nodes.set(node, null);
  showPosition(); showRooms(); showNodes(); layout();
}

function laneOf(id, user) {
  let lane = lanes.get(id);
  if (!lane) {
    const node = id.endsWith("#0");
    lane = { label: node ? "node " + id.slice(0, -2) : id, node, ended: false };
    lanes.set(id, lane);
  }
  if (user) lane.label = user;
  return lane;
}

function apply(entry) {
  if (entry.seq <= position) return; // already in the picture
  position = entry.seq;
  nodes.set(entry.node, entry.seq);
  laneOf(entry.lane);
  const changed = new Set();
  for (const e of entry.events) {
    laneOf(e.lane, e.user);
    const room = e.room && (rooms.get(e.room) ?? rooms.set(e.room, { leader: null, members: [] }).get(e.room));
    if (e.kind === "joined-room") { room.members.push(e.user); room.leader ??= e.user; } // the first member leads
    if (e.kind === "left-room") {
      room.members = room.members.filter(m => m !== e.user);
      if (room.members.length === 0) rooms.delete(e.room);
    }
    if (e.kind === "leader-changed") { room.leader = e.user; changed.add(e.room); }
    if (e.kind === "client-gone") lanes.get(e.lane).ended = true;
  }
  columns.push(column(entry));
  showPosition(); showRooms(changed); showNodes(); layout();
}

// One column: a marble per event on the lane it is about, joined by a dashed line when an
// entry did several things (a leave that makes someone else the leader).
function column(entry) {
  const g = el("g", { class: "column arriving", "data-seq": entry.seq });
  const seq = el("text", { class: "seq", x: 0, y: 12 });
  seq.textContent = "#" + entry.seq;
  g.append(seq);
  const marbles = entry.events.length > 0
    ? entry.events.map(e => ({ lane: e.lane, kind: e.kind, title: describe(entry, e) }))
    : [{ lane: entry.lane, kind: "quiet", title: `#${entry.seq} ${entry.command} from ${entry.lane}` }];
  const link = el("line", { class: "link", x1: 0, x2: 0 });
  g.append(link);
  const onLane = new Map(); // several events on one lane (a leave, then gone) sit side by side
  const items = marbles.map(m => {
    const dx = (onLane.get(m.lane) ?? 0) * 9;
    onLane.set(m.lane, dx / 9 + 1);
    const colour = m.kind === "quiet" ? "quiet" : COLOURED.has(m.kind) ? m.kind : "other";
    const marble = el("g", { class: `marble ${m.kind} ${colour}` });
    const title = el("title");
    title.textContent = m.title;
    const shape = m.kind === "quiet" ? el("rect", { x: -5, y: -5, width: 10, height: 10, rx: 2 }) : el("circle", { r: 11 });
    const letter = el("text");
    letter.textContent = LETTER[m.kind] ?? (m.kind === "quiet" ? "" : "·");
    marble.append(title, shape, letter);
    g.append(marble);
    return { lane: m.lane, dx, element: marble };
  });
  setTimeout(() => g.classList.remove("arriving"), 600);
  return { seq: entry.seq, element: g, link, items };
}

function describe(entry, e) {
  const who = e.user ?? e.lane;
  const where = e.room ? ` ${e.room}` : "";
  const what = e.text != null ? `: ${e.text}` : "";
  return `#${entry.seq} ${who} ${e.kind}${where}${what} (${entry.command}, node ${entry.node})`;
}

// Positions every lane and column; columns beyond the width scroll off to the left, and a
// lane whose connection is gone goes once none of its marbles is left on screen.
function layout() {
  const width = svg.clientWidth || 800;
  const fit = Math.max(4, Math.floor((width - LABELS - COLUMN) / COLUMN));
  while (columns.length > fit) columns.shift().element.remove();
  const onScreen = new Set(columns.flatMap(c => c.items.map(i => i.lane)));
  for (const [id, lane] of lanes) if (lane.ended && !onScreen.has(id)) lanes.delete(id);

  const order = [...lanes.entries()].sort(([, a], [, b]) => (b.node - a.node));
  order.forEach(([, lane], i) => { lane.y = TOP + 14 + i * LANE; });
  const height = TOP + 14 + Math.max(order.length, 1) * LANE;
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);

  for (const old of svg.querySelectorAll(".lane")) old.remove();
  const first = svg.firstChild;
  for (const [, lane] of order) {
    const g = el("g", { class: "lane" });
    g.append(el("line", { class: "lane-line", x1: LABELS - 6, x2: width - 4, y1: lane.y, y2: lane.y }));
    const label = el("text", { class: "lane-label" + (lane.node ? " node" : "") + (lane.ended ? " ended" : ""), x: 6, y: lane.y });
    label.textContent = lane.label.length > 16 ? lane.label.slice(0, 15) + "…" : lane.label;
    g.append(label);
    svg.insertBefore(g, first);
  }
  columns.forEach((c, i) => {
    const ys = [];
    for (const item of c.items) {
      const y = lanes.get(item.lane)?.y ?? TOP;
      item.element.setAttribute("transform", `translate(${item.dx},${y})`);
      ys.push(y);
    }
    c.link.setAttribute("y1", Math.min(...ys));
    c.link.setAttribute("y2", Math.max(...ys));
    c.element.setAttribute("transform", `translate(${LABELS + COLUMN / 2 + i * COLUMN},0)`);
    if (!c.element.isConnected) svg.append(c.element);
  });
}

function showPosition() { document.getElementById("position").textContent = "#" + position; }

function showRooms(changed = new Set()) {
  const list = document.getElementById("rooms");
  list.replaceChildren(...[...rooms.entries()].sort(([a], [b]) => a < b ? -1 : 1).map(([name, room]) => {
    const li = el("li", {}, document);
    if (changed.has(name)) li.className = "changed";
    const title = el("span", { class: "room" }, document); title.textContent = name;
    const leader = el("span", { class: "leader" }, document); leader.textContent = room.leader ?? "";
    const members = el("span", { class: "members" }, document); members.textContent = room.members.join(", ");
    li.append(title, " led by ", leader, members);
    return li;
  }));
}

function showNodes() {
  document.getElementById("nodes").replaceChildren(...[...nodes.entries()].map(([node, wrote]) => {
    const li = el("li", {}, document);
    li.textContent = wrote == null ? `${node}` : `${node} · last wrote #${wrote}`;
    return li;
  }));
}

function el(name, attributes = {}, html = null) {
  const element = html ? document.createElement(name) : document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

function connect() {
  const events = new EventSource("/log/events");
  events.addEventListener("picture", m => { reset(JSON.parse(m.data)); state.dataset.state = "online"; state.textContent = "live"; });
  events.addEventListener("entry", m => apply(JSON.parse(m.data)));
  // EventSource comes back by itself (the server asks for 1 s): a cut-off viewer starts again from a fresh picture.
  events.onerror = () => { state.dataset.state = "reconnecting"; state.textContent = "reconnecting"; };
}

window.addEventListener("resize", () => lanes && layout());
connect();
