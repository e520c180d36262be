// One chat session over PROTOCOL.md Part 4: logs in, and after a lost connection reconnects
// with backoff, logs in again, rejoins its room and resumes after the last seq it saw, so
// the page gets every line once: nothing missed, nothing twice.

// Waits between attempts: 250 ms doubling, capped at 2 s, each between half and all of that
// at random so that pages cut off together do not all come back in the same instant. The
// cap is low because a try costs the server little and a page that waited 15 s came back
// 15 s after its server did; retryNow() skips the wait when the tab is looked at again or
// the network returns.
const FIRST_WAIT_MS = 250;
const MAX_WAIT_MS = 2000;

export function retryWait(attempt, random = Math.random()) {
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt) * (0.5 + random / 2);
}

export class Session extends EventTarget {
  constructor(url, username, password = "") {
    super();
    this.url = url;
    this.username = username;
    this.password = password; // sent only when the server asks for it (the name has an account)
    this.room = null;        // the room we are in, as the server last said
    this.lastSeq = 0;        // the highest log position seen: resume asks for what came after
    this.seen = new Set();   // seqs of chat lines shown, so a line replayed twice shows once
    this.attempt = 0;
    this.stopped = false;
    this.welcomedOnce = false; // until then a failed try is "offline", not "reconnecting"
    this.retryTimer = 0;       // set while waiting to try again
    this.resuming = null;    // {room, after} between reconnecting and the server's "resumed"
  }

  start() { this.connect(); }

  stop() { this.stopped = true; clearTimeout(this.retryTimer); this.retryTimer = 0; this.socket?.close(); }

  /** Tries at once if waiting to try again: the tab is visible again, or the network is back. */
  retryNow() {
    if (!this.retryTimer || this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this.connect();
  }

  /** For tests and the curious: drop the connection as a network would. */
  drop() { this.socket?.close(4000, "dropped"); }

  send(line) { return this.frame({ type: "send", text: line }); }

  frame(message) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  state(name, detail = "") { this.dispatchEvent(new CustomEvent("state", { detail: { name, detail } })); }

  emit(message) { this.dispatchEvent(new CustomEvent("message", { detail: message })); }

  connect() {
    const reconnecting = this.attempt > 0;
    this.state(reconnecting ? "reconnecting" : "connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.welcomed = false;
    socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "login", username: this.username })));
    socket.addEventListener("message", event => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      this.receive(message);
    });
    socket.addEventListener("close", () => {
      if (socket !== this.socket) return;
      if (this.stopped || this.fatal) { this.state("offline", this.fatal ?? ""); return; }
      const wait = retryWait(this.attempt);
      this.attempt++;
      // Before any welcome nothing was lost: the try failed, so the page is offline.
      this.state(this.welcomedOnce ? "reconnecting" : "offline", `again in ${(wait / 1000).toFixed(1)} s`);
      if (this.room && !this.resuming) this.resuming = { room: this.room, after: this.lastSeq };
      this.retryTimer = setTimeout(() => { this.retryTimer = 0; this.connect(); }, wait);
    });
  }

  receive(message) {
    if (typeof message.seq === "number" && message.seq > this.lastSeq && !message.replay) this.lastSeq = message.seq;
    switch (message.type) {
      case "welcome":
        this.welcomed = true;
        this.welcomedOnce = true;
        this.attempt = 0;
        this.state("online");
        if (this.resuming) this.send(`/join ${this.resuming.room}`);
        break;
      case "room":
        this.room = message.room;
        if (this.resuming && this.resuming.room === message.room && !this.resuming.asked) {
          this.resuming.asked = true;
          this.frame({ type: "resume", after: this.resuming.after });
        }
        break;
      case "resumed":
        this.resuming = null;
        break;
      case "said":
      case "action":
        if (this.seen.has(message.seq)) return; // already shown (history on join and resume overlap)
        this.seen.add(message.seq);
        if (message.seq > this.lastSeq) this.lastSeq = message.seq;
        // after a reconnect, lines at or before the last one seen are old news
        if (message.replay && this.resuming && message.seq <= this.resuming.after) return;
        break;
      case "left":
      case "removed": // the leader removed us: in no room, and none to rejoin after a reconnect
        if (message.user === this.username) this.room = null;
        break;
      case "password":
        // The name has an account. Without a password there is nothing to try again with.
        if (this.password) this.frame({ type: "password", password: this.password });
        else {
          this.fatal = `${message.username} has an account: enter its password`;
          this.needsPassword = true; // the page asks for it in its password field
          this.emit({ type: "error", text: this.fatal, fatal: true });
          this.socket.close();
        }
        break;
      case "error":
        // A name still held by our lost connection is refused for a moment: keep trying.
        if (message.fatal && !this.welcomed && this.attempt === 0) this.fatal = message.text;
        break;
    }
    this.emit(message);
  }
}
