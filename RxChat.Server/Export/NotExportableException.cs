namespace RxChat.Server.Export;

/// <summary>A log segment a marble cannot show (a password, an edge's refusal, a crashed node): the message says where and why.</summary>
public sealed class NotExportableException(string message) : Exception(message);
