namespace RxChat.Server.Core;

/// <summary>
/// The limits the core enforces on names. They travel inside <see cref="ChatState"/> so
/// <c>Reduce</c> and <c>Diff</c> stay pure functions of their arguments.
/// </summary>
public sealed record ChatRules(int MaxUsernameLength = 32, int MaxRoomNameLength = 64)
{
    public static readonly ChatRules Default = new();

    /// <summary>Why <paramref name="name"/> cannot be used as a username here, or null if it can.</summary>
    public string? WhyNotUsername(string name, ChatState state)
    {
        if (name.Length == 0) return "Username must not be empty";
        if (name.Length > MaxUsernameLength) return $"Username too long (max {MaxUsernameLength} characters)";
        if (ControlCharacters.Any(name)) return "Username must not contain control characters";
        if (InvisibleCharacters.Any(name)) return "Username must not contain invisible characters";
        if (state.Usernames.ContainsKey(name)) return $"Username \"{name}\" is already in use";
        return null;
    }

    /// <summary>Why <paramref name="room"/> cannot be used as a room name, or null if it can.</summary>
    public string? WhyNotRoomName(string room)
    {
        if (room.Length > MaxRoomNameLength) return $"Room name too long (max {MaxRoomNameLength} characters)";
        if (ControlCharacters.Any(room)) return "Room name must not contain control characters";
        if (InvisibleCharacters.Any(room)) return "Room name must not contain invisible characters";
        return null;
    }
}
