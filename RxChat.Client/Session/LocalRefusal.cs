using RxChat.Client.Input;
using RxChat.Client.Lines;

namespace RxChat.Client.Session;

/// <summary>
/// What the client does not send, and says why, instead of showing a line as said that
/// nobody would get: a line too long for the server, or a message while in no room. Pure.
/// </summary>
internal static class LocalRefusal
{
    /// <returns>The notice to show instead of sending <paramref name="line"/>, or null to send it.</returns>
    public static ServerLine? Of(string line, RoomMemory room)
    {
        if (!LineLimit.Fits(line)) return LocalLines.TooLong(LineLimit.BytesOf(line), keptInEditor: false);
        if (!UserCommands.IsCommand(line.Trim()) && !room.CanChat) return LocalLines.NotInARoom;
        return null;
    }
}
