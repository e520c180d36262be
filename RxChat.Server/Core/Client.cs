namespace RxChat.Server.Core;

/// <summary>
/// One accepted connection as the chat sees it. <see cref="Username"/> is null until the
/// first line arrives; <see cref="Room"/> is null while the user is in no room.
/// </summary>
public sealed record Client(ConnectionId Id, string? Username = null, string? Room = null)
{
    public bool IsLoggedIn => Username is not null;
}
