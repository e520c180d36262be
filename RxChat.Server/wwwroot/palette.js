// A name's colour, the same as in the console client (RxChat.Client/Rendering/UserPalette.cs):
// the 32-bit FNV-1a hash of the name's UTF-8 bytes picks one of the same eight colours, so
// bob is the same hue in a terminal and in the browser. WebPagePaletteTests compares the two.

// The console's Spectre.Console colours as RGB, in its order (deeppink2, darkorange3, yellow4,
// springgreen4, deepskyblue3_1, lightslateblue, magenta2, deeppink1_1). Each keeps 3:1
// contrast on white for bold names, as UserPaletteTests checks on the C# side.
export const COLOURS = ["#ff005f", "#af5f00", "#878700", "#00875f", "#0087d7", "#8787ff", "#d700ff", "#ff00af"];

/** FNV-1a over UTF-8, unsigned 32-bit: string hashes in JS and .NET differ, this one does not. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function colourOf(name) { return COLOURS[fnv1a(name) % COLOURS.length]; }
