using System.Text.Json.Serialization;
using RxChat.Protocol;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// The newest snapshot as the key-value bucket keeps it: where in the stream it was taken
/// (so a node reads on from there), and the snapshot itself, or the name of the object that
/// holds it when it is too large for one entry, and the snapshot's fingerprint (lower-case hex
/// SHA-256 of the snapshot as written), so a snapshot changed since is told from the one saved.
/// </summary>
public sealed record NatsSnapshotRecord(NatsLogPoint Point, ChatSnapshot? Snapshot, string? LargeObject, string? Fingerprint = null)
{
    public static string FingerprintOf(byte[] snapshot) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(snapshot));
}

/// <summary>How <see cref="NatsSnapshotRecord"/> is written down: like <see cref="LogJson"/>, which writes the snapshot inside it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(NatsSnapshotRecord))]
public sealed partial class NatsSnapshotJson : JsonSerializerContext
{
    /// <summary>The context that writes: text as UTF-8, like <see cref="LogJson.Writing"/>.</summary>
    public static NatsSnapshotJson Writing => field ??= new(JsonText.Relaxed(Default.Options)); // after Default, whose initializer is generated
}
