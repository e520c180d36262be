// Passwords never pass through the message box in clear. As soon as the box holds
// "/register " or "/password " (any case, as the server reads them), or one of them is sent
// bare, the box keeps only the command and password fields (type=password) take the rest:
// one for /register, two for /password (current, then new). Enter sends the command with
// them; Escape or Cancel drops them. Nothing of it is echoed, and input-history.js never
// keeps such a line. Text pasted with the command goes straight into the fields.

const TYPED = /^\s*(\/(?:register|password))\s+(.*)$/is;   // the command and a space: the rest is secret
const BARE = /^\s*(\/(?:register|password))\s*$/i;

export class SecretEntry {
  /** @param send (line, newPassword) => bool — sends the line; newPassword is for reconnecting. */
  constructor({ line, panel, oldField, newField, cancel, send }) {
    Object.assign(this, { line, panel, oldField, newField, send });
    this.command = null;
    // Before the keystroke or paste lands: the box never holds the secret, not even for a moment.
    line.addEventListener("beforeinput", event => {
      if (this.active || typeof event.data !== "string") return;
      const next = line.value.slice(0, line.selectionStart) + event.data + line.value.slice(line.selectionEnd);
      const typed = TYPED.exec(next);
      if (typed) { event.preventDefault(); this.open(typed[1], typed[2]); }
    });
    // What beforeinput could not tell (a drop, an autocompletion): moved out at once instead.
    line.addEventListener("input", () => {
      const typed = TYPED.exec(line.value);
      if (typed && !this.active) this.open(typed[1], typed[2]);
    });
    for (const field of [oldField, newField]) {
      field.addEventListener("keydown", event => {
        if (event.key === "Escape") { event.preventDefault(); this.close(); }
        // A password is one word: a space moves on to the next field instead.
        if (event.key === " ") { event.preventDefault(); if (field === oldField) newField.focus(); }
      });
    }
    cancel.addEventListener("click", () => this.close());
  }

  get active() { return this.command !== null; }

  /** For a bare "/register" or "/password" being sent: open the fields instead. */
  takesBare(text) {
    const bare = BARE.exec(text);
    if (bare) this.open(bare[1], "");
    return !!bare;
  }

  open(command, rest) {
    this.command = command.toLowerCase();
    this.line.value = this.command;
    this.line.readOnly = true;
    const words = rest.trim().split(/\s+/).filter(Boolean);
    const two = this.command === "/password";
    this.oldField.hidden = this.oldField.labels[0].hidden = !two;
    this.oldField.value = two ? words[0] ?? "" : "";
    this.newField.value = (two ? words[1] : words[0]) ?? "";
    this.newField.labels[0].textContent = two ? "New password" : "Password";
    this.panel.hidden = false;
    (two && !this.oldField.value ? this.oldField : this.newField).focus();
  }

  /** Sends the command with its passwords when they are all there; false otherwise. */
  submit() {
    const two = this.command === "/password";
    const missing = [two ? this.oldField : null, this.newField].find(field => field && !field.value);
    if (missing) { missing.focus(); return false; }
    const line = two ? `${this.command} ${this.oldField.value} ${this.newField.value}` : `${this.command} ${this.newField.value}`;
    if (!this.send(line, this.newField.value)) return false;
    this.close();
    return true;
  }

  close() {
    this.command = null;
    this.oldField.value = this.newField.value = "";
    this.panel.hidden = true;
    this.line.readOnly = false;
    this.line.value = "";
    this.line.focus();
  }
}
