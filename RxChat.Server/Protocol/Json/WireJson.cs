using System.Text.Json;
using System.Text.Json.Serialization;

namespace RxChat.Server.Protocol;

/// <summary>
/// One object of PROTOCOL.md Part 4, server to client. One shape for every type: a field is
/// written only when the type has it (null fields are left out), so each object reads as the
/// protocol's table shows it.
/// </summary>
public sealed record ServerMessage(string Type)
{
    public string? Username { get; init; }
    public string? Room { get; init; }
    public string? User { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<string>? Members { get; init; }
    public string? Leader { get; init; }
    /// <summary>An extension of <c>reply</c> to <c>/rooms</c>: the rooms as data, for programs and the web page.</summary>
    public IReadOnlyList<RoomEntry>? Rooms { get; init; }
    public long? Seq { get; init; }
    /// <summary>UTC, ISO 8601, whole seconds: <c>2026-11-26T12:34:56Z</c>.</summary>
    public string? Time { get; init; }
    public bool? Replay { get; init; }
    public bool? Complete { get; init; }
    public bool? Fatal { get; init; }
}

/// <summary>A room and its member count, in the reply to <c>/rooms</c>.</summary>
public sealed record RoomEntry(string Name, int Members);

/// <summary>One object of PROTOCOL.md Part 4, client to server; what a type does not use is ignored.</summary>
public sealed record ClientMessage
{
    public string? Type { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Text { get; init; }
    public long? After { get; init; }
}

/// <summary>System.Text.Json with source generation for the structured protocol.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerMessage))]
[JsonSerializable(typeof(ClientMessage))]
public sealed partial class WireJson : JsonSerializerContext
{
    public static string Serialize(ServerMessage message) => JsonSerializer.Serialize(message, Default.ServerMessage);

    /// <summary>The object in <paramref name="json"/>, or null when it is not one JSON object.</summary>
    /// <remarks>
    /// One pass over the text: the serializer itself refuses anything but an object (an
    /// array, a number, a string) and reads <c>null</c> as null, so no document is built first.
    /// </remarks>
    public static ClientMessage? TryParse(string json)
    {
        try { return JsonSerializer.Deserialize(json, Default.ClientMessage); }
        catch (JsonException) { return null; }
    }
}
