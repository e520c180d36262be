using System.Text.Encodings.Web;
using System.Text.Json;

namespace RxChat.Protocol;

/// <summary>
/// How RxChat writes text into JSON (the log, snapshots, the WebSocket): as UTF-8, escaping
/// only what JSON itself requires (<c>"</c>, <c>\</c>, control characters) — not <c>&lt;</c>,
/// <c>&amp;</c> or every non-ASCII character as a six-byte <c>\uXXXX</c>, which made a line of
/// 4,000 <c>&lt;</c> weigh 24 KB and a Japanese room name six times its size.
/// <para>
/// The default encoder escapes HTML-sensitive characters in case the JSON is pasted into an
/// HTML page or a script block. Ours never is: the log is read back by the server only, and the
/// page (wwwroot) parses every frame with <c>JSON.parse</c> and shows what it holds through
/// <c>textContent</c> and text nodes, never as HTML (a test checks wwwroot for <c>innerHTML</c>
/// and its kin), so a <c>&lt;script&gt;</c> in a chat line stays text. "Unsafe" in the encoder's
/// name is about HTML contexts, which is why it is safe here.
/// </para>
/// <para>
/// Still escaped by .NET's relaxed encoder: characters outside the Basic Multilingual Plane
/// (an emoji is 12 bytes, not 4) and a few unassigned or format characters. Reading is
/// unaffected: any valid JSON reads, so logs and snapshots written with escapes still load.
/// </para>
/// </summary>
public static class JsonText
{
    /// <summary>The encoder every RxChat JSON writer uses.</summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>A copy of a source-generated context's <paramref name="options"/> that writes UTF-8 as it is.</summary>
    public static JsonSerializerOptions Relaxed(JsonSerializerOptions? options) =>
        new(options ?? throw new ArgumentNullException(nameof(options))) { Encoder = Encoder };
}
