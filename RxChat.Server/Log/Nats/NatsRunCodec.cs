using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// A run of commands as JetStream messages: each entry in the log's own JSON
/// (<see cref="LogJson"/>), prefixed by its length (4 bytes, big-endian). A run is one
/// message unless it is larger than <see cref="MaxMessageBytes"/> (a long run of held-back
/// disconnects after an outage), which NATS would refuse in one piece; such a run is not
/// stored as one unit (its first messages may be stored when a later one fails), the one
/// exception to <see cref="ICommandLog.Append"/>'s promise, and only for that rare case. The entry's time is
/// kept as the appending node stamped it, but the fold uses JetStream's (see <see cref="LogClock"/>).
/// </summary>
public static class NatsRunCodec
{
    /// <summary>Half of NATS's default <c>max_payload</c> (1 MiB), leaving room for headers.</summary>
    public const int MaxMessageBytes = 512 * 1024;

    public static List<byte[]> Encode(IReadOnlyList<Stamped> run)
    {
        var messages = new List<byte[]>(1);
        var bodies = new List<byte[]>(run.Count);
        int size = 0;
        foreach (var stamped in run)
        {
            var body = LogJson.Serialize(StoredEntry.Of(stamped));
            if (bodies.Count > 0 && size + 4 + body.Length > MaxMessageBytes)
            {
                messages.Add(Join(bodies, size));
                bodies.Clear();
                size = 0;
            }
            bodies.Add(body);
            size += 4 + body.Length;
        }
        if (bodies.Count > 0) messages.Add(Join(bodies, size));
        return messages;
    }

    /// <summary>
    /// The entries of one message, in order; <see cref="JsonException"/> if it is not a run RxChat
    /// wrote. Read strictly (<see cref="StrictEntryJson"/>): a message is input from whoever could publish it.
    /// </summary>
    public static List<StoredEntry> Decode(ReadOnlySpan<byte> message)
    {
        var entries = new List<StoredEntry>();
        while (message.Length > 0)
        {
            if (message.Length < 4) throw new JsonException("a run ends inside an entry's length");
            int length = BinaryPrimitives.ReadInt32BigEndian(message);
            if (length < 0 || length > message.Length - 4) throw new JsonException("a run's entry is longer than the run");
            entries.Add(DecodeEntry(message.Slice(4, length)));
            message = message[(4 + length)..];
        }
        return entries;
    }

    private static StoredEntry DecodeEntry(ReadOnlySpan<byte> json)
    {
        try { return JsonSerializer.Deserialize(json, StrictEntryJson.Default.StoredEntry) ?? throw new JsonException("an empty entry"); }
        catch (NotSupportedException e) { throw new JsonException(e.Message, e); } // e.g. a command without its kind
    }

    private static byte[] Join(List<byte[]> bodies, int size)
    {
        var message = new byte[size];
        int at = 0;
        foreach (var body in bodies)
        {
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(at), body.Length);
            body.CopyTo(message.AsSpan(at + 4));
            at += 4 + body.Length;
        }
        return message;
    }
}

/// <summary>
/// An entry of the shared log as <see cref="LogJson"/> writes it, read strictly: a member it
/// does not know, a member missing or null where a value is required, or one given twice,
/// and the message is not a run RxChat wrote (the fold skips it), rather than a half-filled
/// command that could crash the fold.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(StoredEntry))]
public sealed partial class StrictEntryJson : JsonSerializerContext;
