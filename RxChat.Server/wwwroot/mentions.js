// Where a message names this page's user, by the console client's rule
// (RxChat.Client/Lines/Mentions.cs): the name as a whole word, in any case, where a word is
// letters, digits and "_" — "Bob," and "@bob" mention bob, "bobcat" and "bob_2" do not.
// As there, only someone else's live chat is marked (not our own lines, not history).

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g; // the characters a "u" regular expression lets one escape

function pattern(me) {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${me.replace(SYNTAX, "\\$&")}(?![\\p{L}\\p{N}_])`, "giu");
}

/** The message cut into pieces, each a mention of `me` or the text between, as Mentions.Split does. */
export function splitMentions(text, me) {
  const pieces = [];
  let at = 0;
  for (const match of text.matchAll(pattern(me))) {
    if (match.index > at) pieces.push({ text: text.slice(at, match.index), mention: false });
    pieces.push({ text: match[0], mention: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), mention: false });
  return pieces;
}

export const mentions = (text, me) => splitMentions(text, me).some(piece => piece.mention);
