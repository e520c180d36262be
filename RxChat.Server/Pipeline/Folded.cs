using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>One entry of the log as this node folded it: the chat before it, and its <see cref="ChatStep"/> (the events, the chat after).</summary>
public readonly record struct Folded(LogEntry Entry, ChatState Before, ChatStep Step);
