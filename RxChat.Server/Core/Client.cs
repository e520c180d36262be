namespace RxChat.Server.Core;

/// <summary>
/// One accepted connection as the chat sees it. <see cref="Since"/> is the log position of
/// its <see cref="Connected"/> entry: the order of <c>/users</c> and of leadership.
/// <see cref="Username"/> is null until the first line arrives; <see cref="Room"/> is null
/// while the user is in no room.
/// </summary>
public sealed record Client(ConnectionId Id, long Since, string? Username = null, string? Room = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLoggedIn => Username is not null;

    [System.Text.Json.Serialization.JsonIgnore]
    public Member AsMember => new(Since, Id);
}
