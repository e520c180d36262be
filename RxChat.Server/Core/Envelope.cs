namespace RxChat.Server.Core;

/// <summary>
/// One command in the single ordered command stream: who sent it and when. The time is
/// the server's wall-clock reading taken from an <c>IScheduler</c> as the command enters
/// the merged stream, so it only ever moves forward along the stream and virtual time
/// can replace it in tests. <see cref="Clock"/> is the local time of day shown in
/// <c>[HH:MM:SS]</c>.
/// </summary>
public readonly record struct Envelope(ConnectionId From, DateTimeOffset Clock, Command Command);
