using RxChat.Protocol;

namespace RxChat.Server.Core;

/// <summary>
/// The limits the core enforces. They travel inside <see cref="ChatState"/> so
/// <c>Decide</c> and <c>Evolve</c> stay pure functions of their arguments. The defaults
/// here are the only ones: configuration binds onto this record.
/// </summary>
/// <param name="HistoryPerRoom">Chat lines kept per room (0 keeps none).</param>
/// <param name="HistoryRooms">Rooms whose history is kept; past it, the room quiet the longest is forgotten.</param>
/// <param name="HistoryOnJoin">Lines sent to a joiner, and the default of <c>/history</c> (0: none on join).</param>
public sealed record ChatRules(
    int MaxUsernameLength = 32,
    int MaxRoomNameLength = 64,
    int HistoryPerRoom = 100,
    int HistoryRooms = 1000,
    int HistoryOnJoin = 20)
{
    public static readonly ChatRules Default = new();

    /// <summary>What is wrong with <paramref name="name"/> as a username here, if anything.</summary>
    public NameProblem? WhyNotUsername(string name, ChatState state)
    {
        if (name.Length == 0) return NameProblem.Empty;
        if (name.Length > MaxUsernameLength) return NameProblem.TooLong;
        if (ControlCharacters.Any(name)) return NameProblem.ControlCharacters;
        if (InvisibleCharacters.Any(name)) return NameProblem.InvisibleCharacters;
        if (state.Usernames.ContainsKey(name)) return NameProblem.InUse;
        return null;
    }

    /// <summary>What is wrong with <paramref name="room"/> as a room name, if anything.</summary>
    public NameProblem? WhyNotRoomName(string room)
    {
        if (room.Length > MaxRoomNameLength) return NameProblem.TooLong;
        if (ControlCharacters.Any(room)) return NameProblem.ControlCharacters;
        if (InvisibleCharacters.Any(room)) return NameProblem.InvisibleCharacters;
        return null;
    }
}

/// <summary>Why a username or room name was refused.</summary>
public enum NameProblem { Empty, TooLong, ControlCharacters, InvisibleCharacters, InUse }
