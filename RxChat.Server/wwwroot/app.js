// The page: everything from the network is shown as text (textContent), never as HTML.
import { Session } from "./session.js";
import { colourOf } from "./palette.js";
import { splitMentions } from "./mentions.js";
import { helpEntry, isHelpHeading, commandStem } from "./help.js";
import { InputHistory } from "./input-history.js";
import { SecretEntry } from "./secrets.js";

const $ = id => document.getElementById(id);
const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
let session = null;
let roomsAsked = 0;      // /rooms the page asked for itself: their replies update the list, not the log
let inHistory = false;   // inside the replayed lines that follow a join
let help = null;         // the list being filled by the lines of a /help reply
let hintRooms = null;    // the room list inside the hint shown after logging in
const ownPending = [];   // own lines not yet seen back from the log (the server does not echo)
const history = new InputHistory($("line"));

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A username in the colour the console client gives it (palette.js). */
function nameEl(name, suffix = "") {
  const span = el("span", "user", name + suffix);
  span.style.color = colourOf(name);
  return span;
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
  help = null; // anything else shown ends a /help list
  return item;
}

/** A chat line; someone else's live line that names us has the name marked, as in the console. */
function chatLine(message, className) {
  const text = el("span", "text");
  const mentioned = className === "" && message.user !== session.username
    ? splitMentions(message.text, session.username) : [];
  if (mentioned.some(piece => piece.mention)) {
    text.append(...mentioned.map(piece => piece.mention ? el("mark", "", piece.text) : piece.text));
    className = "mention";
  } else text.textContent = message.text;
  return show(className, localTime(message.time), nameEl(message.user, ":"), text);
}

/** An action (/me): the room reads "* bob waves", in italics. */
function actionLine(message, className) {
  return show(`action ${className}`.trim(), localTime(message.time), el("span", "", "* "), nameEl(message.user), el("span", "text", ` ${message.text}`));
}

/** A direct message, sent or received: marked apart, with a way to answer it. */
function directLine(message) {
  const other = message.from === session.username ? message.to : message.from;
  const answer = el("button", "link answer", "Reply");
  answer.type = "button";
  answer.title = `Answer ${other} directly`;
  answer.addEventListener("click", () => { const line = $("line"); line.value = `/msg ${other} `; line.focus(); line.dispatchEvent(new Event("input")); });
  return show("dm", localTime(message.time), el("span", "dm-mark", "✉ "), nameEl(message.from), el("span", "arrow", " → "), nameEl(message.to, ":"),
    el("span", "text", message.text), answer);
}

let leader = null; // who leads our room, as the last "room" object said: only they may edit the topic

/** The room's header: its topic, editable by its leader alone. */
function showTopic(room, topic) {
  $("topic-bar").hidden = room === null;
  $("topic-room").textContent = room ?? "";
  $("topic").textContent = topic ?? "none set";
  $("topic").classList.toggle("unset", !topic);
  $("topic-form").hidden = true;
  allowTopicEdit();
}

function allowTopicEdit() {
  $("edit-topic").hidden = !session || leader !== session.username || !$("topic-form").hidden;
}

function eventLine(message, words) {
  return show("event", localTime(message.time), nameEl(message.user), el("span", "", ` ${words}`));
}

let roomsTimer = 0;
/** Asks /rooms soon, once for a burst of joins and leaves. */
function askRooms() {
  clearTimeout(roomsTimer);
  roomsTimer = setTimeout(() => { if (session?.send("/rooms")) roomsAsked++; }, 150);
}

function joinButton(room, label) {
  const button = el("button", "link", label);
  button.type = "button";
  button.addEventListener("click", () => session.send(`/join ${room.name}`));
  return button;
}

function showRooms(rooms) {
  const list = $("rooms");
  list.replaceChildren(...rooms.map(room => {
    const item = el("li");
    if (room.name === session.room) item.setAttribute("aria-current", "true");
    item.append(joinButton(room, `${room.name} (${room.members})`));
    return item;
  }));
  if (rooms.length === 0) list.append(el("li", "", "No rooms yet"));
  if (hintRooms) {
    // Spans, not list items: #messages' own items are the lines of the conversation.
    hintRooms.replaceChildren(...rooms.map(room => {
      const choice = el("span", "choice");
      choice.append(joinButton(room, room.name), el("span", "count", ` ${room.members} ${room.members === 1 ? "member" : "members"}`));
      return choice;
    }));
    if (rooms.length === 0) hintRooms.append(el("span", "", "No rooms yet: /join <room> starts one."));
  }
}

/** After logging in, in no room yet: what to do next, and the rooms to pick from. */
function showHint() {
  const command = text => el("code", "", text);
  const helpButton = el("button", "link", "/help");
  helpButton.type = "button";
  helpButton.addEventListener("click", () => session.send("/help"));
  const words = el("p");
  words.append("You are in no room yet. Click a room to join it, or type ", command("/join <room>"),
    " to join or start one. ", helpButton, " lists every command.");
  hintRooms = el("div", "room-choices");
  hintRooms.setAttribute("role", "group");
  hintRooms.setAttribute("aria-label", "Rooms to join");
  show("reply hint", words, hintRooms); // a reply of the page's own: not a chat line
}

function showMembers(message) {
  leader = message.leader;
  allowTopicEdit();
  $("room-title").textContent = `in ${message.room}`;
  $("members").replaceChildren(...message.members.map(name => {
    const item = el("li", [name === message.leader ? "leader" : "", name === session.username ? "self" : ""].join(" ").trim());
    item.append(nameEl(name));
    return item;
  }));
}

/** One line of a /help reply, gathered into a definition list; false when it is not one. */
function showHelp(text) {
  if (isHelpHeading(text)) {
    const list = el("dl");
    show("reply help", el("p", "", text), list);
    help = list;
    return true;
  }
  const entry = help && helpEntry(text);
  if (!entry) return false;
  const term = el("dt");
  const stem = commandStem(entry.command);
  if (stem) {
    // Puts the command in the message box, ready for its argument.
    const button = el("button", "link", entry.command);
    button.type = "button";
    button.addEventListener("click", () => { const line = $("line"); line.value = stem; line.focus(); line.dispatchEvent(new Event("input")); });
    term.append(button);
  } else term.textContent = entry.command;
  help.append(term, el("dd", "", entry.meaning));
  return true;
}

function onMessage(message) {
  if ((message.type !== "said" && message.type !== "action") || !message.replay) inHistory = false;
  switch (message.type) {
    case "welcome":
      $("me").textContent = message.username;
      if (!hintRooms && !session.resuming) showHint();
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
    case "action":
      if (message.replay) {
        if (!inHistory) { show("frame", el("span", "", session.resuming ? "missed while reconnecting" : "earlier messages")); inHistory = true; }
        actionLine(message, "history");
      } else actionLine(message, "");
      break;
    case "dm":
      directLine(message);
      break;
    case "topic":
      if (message.room === session.room || !session.room) showTopic(message.room, message.text);
      if (message.user) eventLine(message, `set the topic of ${message.room}: ${message.text}`);
      break;
    case "removed": {
      const reason = message.reason ? `: ${message.reason}` : "";
      if (message.user === session.username) {
        // Said plainly, as the text protocol says it, and the room is gone from the page.
        show("removed", el("span", "", `You were removed from ${message.room} by ${message.leader}${reason}`));
        $("members").replaceChildren(); $("room-title").textContent = ""; leader = null; showTopic(null, null);
      } else eventLine(message, `was removed from ${message.room} by ${message.leader}${reason}`);
      askRooms();
      break;
    }
    case "joined":
      if (message.user === session.username) {
        if (!session.resuming) ownPending.length = 0; // a new room: its history shows our own lines as history
        show("frame", el("span", "", `You joined room ${message.room}`));
        showTopic(message.room, null); // its topic, if it has one, follows at once
      } else eventLine(message, "joined the room");
      askRooms();
      break;
    case "left":
      eventLine(message, `left the room ${message.room}`);
      if (message.user === session.username) { $("members").replaceChildren(); $("room-title").textContent = ""; showTopic(null, null); }
      askRooms();
      break;
    case "leader":
      eventLine(message, `is now the leader of ${message.room}`);
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
      if (message.text === `Account created for ${session.username}` || message.text === "Password changed") session.password = session.pendingPassword ?? session.password;
      if (!showHelp(message.text)) show("reply", el("span", "", message.text));
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
  // Given up (a refusal): back to the form, at the field that needs typing.
  const givenUp = name === "offline" && (session.fatal || session.stopped);
  if (givenUp && (!session.welcomedOnce || session.needsPassword)) {
    $("login").hidden = false; $("chat").hidden = true;
    if (session.needsPassword) { $("login-error").textContent = session.fatal; $("password").focus(); } else $("username").focus();
  }
}

$("login").addEventListener("submit", event => {
  event.preventDefault();
  const name = $("username").value.trim();
  if (!name) return;
  session?.stop();
  const mine = new Session(wsUrl, name, $("password").value);
  session = mine;
  $("password").value = ""; // kept by the session for reconnecting, not left in the form
  hintRooms = null;
  window.rxchat = session; // for tests and the console
  // A session replaced by a new login still reports its close: that is old news.
  mine.addEventListener("message", e => { if (session === mine) onMessage(e.detail); });
  mine.addEventListener("state", e => { if (session === mine) onState(e.detail); });
  session.start();
});

const secrets = new SecretEntry({
  line: $("line"), panel: $("secret"), oldField: $("secret-old"), newField: $("secret-new"), cancel: $("secret-cancel"),
  send: (line, newPassword) => {
    if (!session?.send(line)) return false;
    session.pendingPassword = newPassword; // becomes the password for reconnecting once the server says yes
    return true;
  },
});

$("say").addEventListener("submit", event => {
  event.preventDefault();
  if (secrets.active) { secrets.submit(); return; }
  const input = $("line");
  const line = input.value;
  if (secrets.takesBare(line)) return;
  if (!line.trim() || !session?.send(line)) return;
  history.remember(line);
  input.value = "";
  if (!line.trim().startsWith("/") && session.room) {
    ownPending.push(line.trim());
    if (ownPending.length > 100) ownPending.shift();
    chatLine({ user: session.username, text: line.trim() }, "own");
  }
  // The server does not echo an action to its author either: shown as the room reads it.
  const action = /^\/me\s+(\S.*)$/.exec(line.trim());
  if (action && session.room) actionLine({ user: session.username, text: action[1] }, "own");
});

$("edit-topic").addEventListener("click", () => {
  $("topic-input").value = $("topic").classList.contains("unset") ? "" : $("topic").textContent;
  $("topic-form").hidden = false;
  allowTopicEdit();
  $("topic-input").focus();
});
$("topic-cancel").addEventListener("click", () => { $("topic-form").hidden = true; allowTopicEdit(); });
$("topic-form").addEventListener("submit", event => {
  event.preventDefault();
  const topic = $("topic-input").value.trim();
  if (topic && session?.send(`/topic ${topic}`)) { $("topic-form").hidden = true; allowTopicEdit(); }
});

$("join").addEventListener("submit", event => {
  event.preventDefault();
  const room = $("room-name").value.trim();
  if (room && session?.send(`/join ${room}`)) $("room-name").value = "";
});

$("refresh-rooms").addEventListener("click", askRooms);

// Coming back to the tab or to the network: try now rather than at the end of a wait.
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") session?.retryNow(); });
window.addEventListener("online", () => session?.retryNow());
