namespace RxChat.Server.Core;

/// <summary>
/// A room's topic: its text, who set it and when (the stamp of the entry that set it). Who and
/// when are unknown (null) only for a topic restored from a snapshot older than format 4,
/// which kept the text alone.
/// </summary>
public sealed record Topic(string Text, string? SetBy = null, Stamp? At = null);
