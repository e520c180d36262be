namespace RxChat.Server.Transport;

/// <summary>The per-connection bounds of the transport.</summary>
public sealed record TransportLimits(int MaxLineBytes = 4096, long MaxQueuedBytes = 1024 * 1024);
