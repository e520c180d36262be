using RxChat.Server.Core;

namespace RxChat.Server.Hosting;

/// <summary>Room history (<c>RxChat:History</c>; PROTOCOL.md Part 3).</summary>
public sealed record HistoryOptions
{
    /// <summary>Chat lines kept per room (0: no history).</summary>
    public int PerRoom { get; set; } = ChatRules.Default.HistoryPerRoom;

    /// <summary>Rooms whose history is kept; past it, the room quiet the longest is forgotten.</summary>
    public int Rooms { get; set; } = ChatRules.Default.HistoryRooms;

    /// <summary>Bytes of chat lines kept per room (text, user and room as UTF-8); past it, the room's oldest lines go.</summary>
    public long PerRoomBytes { get; set; } = ChatRules.Default.HistoryPerRoomBytes;

    /// <summary>Bytes of chat lines kept in all rooms together; past it, the room quiet the longest is forgotten.</summary>
    public long TotalBytes { get; set; } = ChatRules.Default.HistoryTotalBytes;

    /// <summary>Lines a joiner is shown, and what <c>/history</c> shows by default (0: none on join).</summary>
    public int OnJoin { get; set; } = ChatRules.Default.HistoryOnJoin;
}
