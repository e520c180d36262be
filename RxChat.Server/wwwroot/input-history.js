// Up and Down in the message box bring back lines sent before, as in a terminal. A line that
// carries a password (/register, /password, in any case, as the server reads them) is never
// kept, so it cannot come back on screen.

const SECRET = /^\s*\/(register|password)/i;
const KEEP = 100;

export class InputHistory {
  constructor(input) {
    this.input = input;
    this.lines = [];
    this.at = 0;       // lines.length means "the line being typed"
    this.draft = "";
    input.addEventListener("keydown", event => {
      if (event.key === "ArrowUp") this.move(-1, event);
      else if (event.key === "ArrowDown") this.move(1, event);
    });
  }

  remember(line) {
    if (SECRET.test(line) || !line.trim()) return;
    if (this.lines[this.lines.length - 1] !== line) this.lines.push(line);
    if (this.lines.length > KEEP) this.lines.shift();
    this.at = this.lines.length;
    this.draft = "";
  }

  move(step, event) {
    const to = this.at + step;
    if (to < 0 || to > this.lines.length) return;
    event.preventDefault();
    if (this.at === this.lines.length) this.draft = this.input.value;
    this.at = to;
    this.input.value = to === this.lines.length ? this.draft : this.lines[to];
  }
}
