using System.Text.Json;
using System.Text.Json.Serialization;
using RxChat.Protocol;

namespace RxChat.Server.Protocol;

/// <summary>System.Text.Json with source generation for the structured protocol.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerMessage))]
[JsonSerializable(typeof(ClientMessage))]
public sealed partial class WireJson : JsonSerializerContext
{
    /// <summary>
    /// The context that writes: text as UTF-8, not escapes (<see cref="JsonText"/>). Safe
    /// because the page inserts everything it is sent with <c>textContent</c>, never as HTML.
    /// </summary>
    private static WireJson Writing => field ??= new(JsonText.Relaxed(Default.Options)); // after Default, whose initializer is generated

    public static string Serialize(ServerMessage message) => JsonSerializer.Serialize(message, Writing.ServerMessage);

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
