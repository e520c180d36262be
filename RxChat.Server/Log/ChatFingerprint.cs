using System.Security.Cryptography;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// A short, deterministic digest of everything the chat knows at one position: SHA-256 of
/// its snapshot (<see cref="ChatSnapshot.Of"/>, whose order depends only on the state).
/// Two nodes that folded the same log to the same position must have the same fingerprint;
/// tests compare them instead of whole states. The rules (configuration) are not part of it.
/// </summary>
public static class ChatFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the state's snapshot.</summary>
    public static string Fingerprint(this ChatState state) =>
        Convert.ToHexStringLower(SHA256.HashData(LogJson.Serialize(ChatSnapshot.Of(state))));
}
