using System.Text.Json;
using System.Text.Json.Serialization;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// How log entries, snapshots and events are written down: System.Text.Json with source
/// generation (no reflection at run time, and a compile-time list of what can be stored).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredEntry))]
[JsonSerializable(typeof(ChatSnapshot))]
[JsonSerializable(typeof(ChatEvent))]
[JsonSerializable(typeof(Command))]
public sealed partial class LogJson : JsonSerializerContext
{
    /// <summary>The context that writes: text as UTF-8, not escapes (<see cref="JsonText"/>); any JSON reads, escaped or not.</summary>
    public static LogJson Writing => field ??= new(JsonText.Relaxed(Default.Options)); // after Default, whose initializer is generated

    public static byte[] Serialize(StoredEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, Writing.StoredEntry);

    public static StoredEntry DeserializeEntry(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.StoredEntry) ?? throw new JsonException("empty log entry");

    public static byte[] Serialize(ChatSnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, Writing.ChatSnapshot);

    public static ChatSnapshot DeserializeSnapshot(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.ChatSnapshot) ?? throw new JsonException("empty snapshot");
}

/// <summary>A log entry as stored: its position is where it is stored, so it is not repeated inside.</summary>
public sealed record StoredEntry(DateTimeOffset Time, ConnectionId From, Command Command)
{
    public static StoredEntry Of(Stamped stamped) => new(stamped.Time, stamped.From, stamped.Command);

    public LogEntry At(long position) => new(position, Time, From, Command);
}
