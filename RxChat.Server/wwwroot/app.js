// The page: everything from the network is shown as text (textContent), never as HTML.
import { Session } from "./session.js";

const $ = id => document.getElementById(id);
const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
let session = null;
let roomsAsked = 0;      // /rooms the page asked for itself: their replies update the list, not the log
let inHistory = false;   // inside the replayed lines that follow a join
const ownPending = [];   // own lines not yet seen back from the log (the server does not echo)

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function localTime(iso) {
  const date = iso ? new Date(iso) : new Date();
  const time = el("time", "", date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }));
  time.dateTime = date.toISOString();
  return time;
}

function show(className, ...children) {
  const list = $("messages");
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  const item = el("li", className);
  item.append(...children);
  list.append(item);
  if (stick) list.scrollTop = list.scrollHeight;
  return item;
}

function chatLine(message, className) {
  return show(className, localTime(message.time), el("span", "user", `${message.user}:`), el("span", "text", message.text));
}

function eventLine(message, words) {
  return show("event", localTime(message.time), el("span", "", words));
}

let roomsTimer = 0;
/** Asks /rooms soon, once for a burst of joins and leaves. */
function askRooms() {
  clearTimeout(roomsTimer);
  roomsTimer = setTimeout(() => { if (session?.send("/rooms")) roomsAsked++; }, 150);
}

function showRooms(rooms) {
  const list = $("rooms");
  list.replaceChildren(...rooms.map(room => {
    const item = el("li");
    const button = el("button", "link", `${room.name} (${room.members})`);
    button.type = "button";
    button.addEventListener("click", () => session.send(`/join ${room.name}`));
    if (room.name === session.room) item.setAttribute("aria-current", "true");
    item.append(button);
    return item;
  }));
  if (rooms.length === 0) list.append(el("li", "", "No rooms yet"));
}

function showMembers(message) {
  $("room-title").textContent = `in ${message.room}`;
  $("members").replaceChildren(...message.members.map(name => {
    const item = el("li", [name === message.leader ? "leader" : "", name === session.username ? "self" : ""].join(" ").trim(), name);
    return item;
  }));
}

function onMessage(message) {
  if (message.type !== "said" || !message.replay) inHistory = false;
  switch (message.type) {
    case "welcome":
      $("me").textContent = message.username;
      askRooms();
      break;
    case "said": {
      if (message.replay) {
        const own = message.user === session.username && ownPending.indexOf(message.text);
        if (own !== false && own >= 0) { ownPending.splice(own, 1); break; } // shown when sent
        if (!inHistory) { show("frame", el("span", "", session.resuming ? "missed while reconnecting" : "earlier messages")); inHistory = true; }
        chatLine(message, "history");
      } else chatLine(message, message.user === session.username ? "own" : "");
      break;
    }
    case "joined":
      if (message.user === session.username) {
        if (!session.resuming) ownPending.length = 0; // a new room: its history shows our own lines as history
        show("frame", el("span", "", `You joined room ${message.room}`));
      } else eventLine(message, `${message.user} joined the room`);
      askRooms();
      break;
    case "left":
      eventLine(message, `${message.user} left the room ${message.room}`);
      if (message.user === session.username) { $("members").replaceChildren(); $("room-title").textContent = ""; }
      askRooms();
      break;
    case "leader":
      eventLine(message, `${message.user} is now the leader of ${message.room}`);
      break;
    case "room":
      showMembers(message);
      break;
    case "resumed":
      show("frame", el("span", "", message.complete ? "reconnected: nothing missed" : "reconnected: some earlier messages were too old to replay"));
      break;
    case "reply":
      if (message.rooms && roomsAsked > 0) { roomsAsked--; showRooms(message.rooms); break; }
      if (message.rooms) showRooms(message.rooms);
      show("reply", el("span", "", message.text));
      break;
    case "error":
      if (!$("chat").hidden) show("error-line", el("span", "", message.text));
      else $("login-error").textContent = message.text;
      break;
  }
}

let outage = false; // one "connection lost" line per outage, however many attempts it takes
function onState({ name, detail }) {
  if (name === "reconnecting" && !outage && session.welcomedOnce) { outage = true; show("frame", el("span", "", "connection lost: reconnecting")); }
  if (name === "online") outage = false;
  const state = $("state");
  state.dataset.state = name;
  state.textContent = detail ? `${name} (${detail})` : name;
  if (name === "online") { $("login").hidden = true; $("chat").hidden = false; $("login-error").textContent = ""; $("line").focus(); }
  if (name === "offline" && !session.welcomedOnce) { $("login").hidden = false; $("chat").hidden = true; $("username").focus(); }
}

$("login").addEventListener("submit", event => {
  event.preventDefault();
  const name = $("username").value.trim();
  if (!name) return;
  session?.stop();
  session = new Session(wsUrl, name, $("password").value);
  window.rxchat = session; // for tests and the console
  session.addEventListener("message", e => { if (e.detail.type === "welcome") session.welcomedOnce = true; onMessage(e.detail); });
  session.addEventListener("state", e => onState(e.detail));
  session.start();
});

$("say").addEventListener("submit", event => {
  event.preventDefault();
  const input = $("line");
  const line = input.value;
  if (!line.trim() || !session?.send(line)) return;
  input.value = "";
  if (!line.trim().startsWith("/") && session.room) {
    ownPending.push(line.trim());
    if (ownPending.length > 100) ownPending.shift();
    chatLine({ user: session.username, text: line.trim() }, "own");
  }
});

$("join").addEventListener("submit", event => {
  event.preventDefault();
  const room = $("room-name").value.trim();
  if (room && session?.send(`/join ${room}`)) $("room-name").value = "";
});

$("refresh-rooms").addEventListener("click", askRooms);
