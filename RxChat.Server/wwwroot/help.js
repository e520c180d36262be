// The reply to /help is one reply per line, lined up with spaces for a terminal's fixed-width
// font ("  /join <room>            join a room …"); in the page's font they zig-zag. This
// gathers those lines into one definition list: the command, then what it does.

const ENTRY = /^\s+(\S.*?)\s{2,}(\S.*)$/; // indented, then two or more spaces between the two columns

/** {command, meaning} for a line of the list, or null. */
export function helpEntry(text) {
  const match = ENTRY.exec(text);
  return match ? { command: match[1], meaning: match[2] } : null;
}

/** The first line of the reply to /help (ServerLines.Help). */
export const isHelpHeading = text => text === "Commands:";

/** What clicking a command puts in the message box: "/join <room>" gives "/join ". */
export function commandStem(command) {
  if (!command.startsWith("/")) return null;
  const [word, ...rest] = command.split(" ");
  return rest.length ? `${word} ` : word;
}
