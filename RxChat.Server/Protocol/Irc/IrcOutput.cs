using System.Text;

namespace RxChat.Server.Protocol;

/// <summary>
/// The one thing an IRC line depends on its recipient for: the capabilities it took. Lines are
/// rendered once for every IRC recipient, with their tags; on the way out each connection keeps
/// only what it asked for — <c>time</c> with <c>server-time</c>, <c>batch</c> (and the
/// <c>BATCH</c> lines themselves) with <c>batch</c> — so a client that took nothing gets plain
/// RFC 1459 lines. Pure.
/// <para>
/// What a line looks like for one set of capabilities is the same for every recipient that took
/// it, so each form of a line is made once, by the first recipient that needs it, and shared
/// (<see cref="Wire"/>): a line to a room of 500 is adapted at most <see cref="Forms"/> times,
/// not 500 (bench/results/irc-alloc-*: the per-recipient adapting was nearly all the garbage
/// IRC members made).
/// </para>
/// </summary>
public static class IrcOutput
{
    /// <summary>How many forms a tagged line has: with or without <c>server-time</c>, with or without <c>batch</c>.</summary>
    public const int Forms = 4;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private static readonly byte[] NotSent = [];
    private static readonly Func<string, int, byte[]> MakeForm = static (text, form) =>
        Adapt(text, CapabilitiesOf(form)) is { } adapted ? Utf8.GetBytes(adapted) : NotSent;

    /// <summary>The line as <paramref name="caps"/> may see it; null when it is not to be sent at all.</summary>
    public static string? Adapt(string line, IrcCapabilities caps)
    {
        if (!IsTagged(line)) return line;
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return null;
        var rest = line[(space + 1)..];
        bool batches = caps.HasFlag(IrcCapabilities.Batch);
        if (!batches && IsBatchLine(rest)) return null;

        var kept = new List<string>(2);
        foreach (var tag in line[1..space].Split(';'))
        {
            if (tag.StartsWith("time=", StringComparison.Ordinal) && caps.HasFlag(IrcCapabilities.ServerTime)) kept.Add(tag);
            else if (tag.StartsWith("batch=", StringComparison.Ordinal) && batches) kept.Add(tag);
        }
        return kept.Count == 0 ? rest : "@" + string.Join(';', kept) + " " + rest;
    }

    /// <summary>
    /// The UTF-8 bytes of <see cref="Adapt"/>, without the line end, in <paramref name="bytes"/>;
    /// false when the line is not to be sent to <paramref name="caps"/>. Shared, never copied per
    /// recipient: a line without tags is its own bytes (<see cref="OutboundLine.Payload"/>), a
    /// tagged one the form its recipients' capabilities ask for, made once per line and form.
    /// </summary>
    public static bool Wire(OutboundLine line, IrcCapabilities caps, out ReadOnlyMemory<byte> bytes)
    {
        if (!IsTagged(line.Text))
        {
            bytes = line.Payload;
            return true;
        }
        var form = line.Form(FormOf(caps), Forms, MakeForm);
        bytes = form;
        return !ReferenceEquals(form, NotSent);
    }

    private static bool IsTagged(string line) => line.Length > 0 && line[0] == '@';

    /// <summary>The capabilities that change a line, as a form's number (0 to <see cref="Forms"/> − 1).</summary>
    // Masks, not HasFlag: this is asked for every line to every member, and an unoptimized HasFlag boxes.
    private static int FormOf(IrcCapabilities caps) =>
        ((caps & IrcCapabilities.ServerTime) != 0 ? 1 : 0) | ((caps & IrcCapabilities.Batch) != 0 ? 2 : 0);

    private static IrcCapabilities CapabilitiesOf(int form) =>
        ((form & 1) != 0 ? IrcCapabilities.ServerTime : IrcCapabilities.None) | ((form & 2) != 0 ? IrcCapabilities.Batch : IrcCapabilities.None);

    private static bool IsBatchLine(string rest)
    {
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && rest.AsSpan(space + 1).StartsWith("BATCH ", StringComparison.Ordinal);
    }
}
