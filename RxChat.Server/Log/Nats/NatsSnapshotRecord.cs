using System.Buffers;
using System.Text.Json;
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
    public static string FingerprintOf(ReadOnlySpan<byte> snapshot) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(snapshot));

    /// <summary>
    /// The record as the bucket keeps it, around a snapshot already written down
    /// (<paramref name="snapshot"/>: <see cref="LogJson"/>'s bytes, those fingerprinted; null when it is
    /// in the object store). The same bytes as serializing the record with the snapshot in it, without
    /// writing the snapshot a second time (measured: a node's saves, in the cluster bench, were a tenth
    /// of its CPU, most of it writing and reading snapshots more than once).
    /// </summary>
    public static byte[] Write(NatsLogPoint point, byte[]? snapshot, string? largeObject, string fingerprint)
    {
        var buffer = new ArrayBufferWriter<byte>((snapshot?.Length ?? 0) + 256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonText.Encoder }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(PointName);
            JsonSerializer.Serialize(writer, point, NatsSnapshotJson.Writing.NatsLogPoint);
            if (snapshot is not null)
            {
                writer.WritePropertyName(SnapshotName);
                writer.WriteRawValue(snapshot, skipInputValidation: true); // written by LogJson a moment ago
            }
            if (largeObject is not null) writer.WriteString(LargeObjectName, largeObject);
            writer.WriteString(FingerprintName, fingerprint);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // The members' names as the context writes them (camelCase of the record's).
    private static readonly JsonEncodedText PointName = JsonEncodedText.Encode("point");
    private static readonly JsonEncodedText SnapshotName = JsonEncodedText.Encode("snapshot");
    private static readonly JsonEncodedText LargeObjectName = JsonEncodedText.Encode("largeObject");
    private static readonly JsonEncodedText FingerprintName = JsonEncodedText.Encode("fingerprint");
}

/// <summary>
/// What a node saving a snapshot needs of the one kept: its point, where its snapshot is, its
/// fingerprint and whether the snapshot kept inline is exactly the one fingerprinted, read
/// without reading the snapshot itself (<see cref="NatsSnapshots.LatestAsync"/>, which a node
/// starting from it uses, still reads it all).
/// </summary>
public sealed record NatsSnapshotHead(NatsLogPoint Point, string? LargeObject, string? Fingerprint, bool InlineMatches)
{
    /// <summary>The head of a record; <see cref="JsonException"/> when it is not a record (no point, not an object, not JSON).</summary>
    public static NatsSnapshotHead Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a snapshot record is an object");
        NatsLogPoint? point = null;
        string? largeObject = null, fingerprint = null;
        ReadOnlySpan<byte> inline = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "point": point = JsonSerializer.Deserialize(ref reader, NatsSnapshotJson.Default.NatsLogPoint); break;
                case "largeObject": largeObject = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                case "fingerprint": fingerprint = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                case "snapshot" when reader.TokenType != JsonTokenType.Null:
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    inline = json[start..(int)reader.BytesConsumed];
                    break;
                default: reader.Skip(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("a snapshot record ends early");
        if (point is null) throw new JsonException("a snapshot record without its point");
        bool matches = inline.IsEmpty || (fingerprint is not null && NatsSnapshotRecord.FingerprintOf(inline) == fingerprint);
        return new NatsSnapshotHead(point, largeObject, fingerprint, matches);
    }
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
