using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>One step of the fold: the command, the chat before and after it, and what people are told.</summary>
public sealed record ChatStep(ChatState Before, ChatState After, Envelope Envelope, IReadOnlyList<Outbound> Outbound)
{
    public static ChatStep Start(ChatState state) =>
        new(state, state, default, []);

    /// <summary>
    /// Folds one more command: <c>Reduce</c> then <c>Diff</c>. A bug that throws while
    /// handling one connection's command must not end the stream for everyone: the
    /// state stays as it was and only that connection is hung up.
    /// </summary>
    public ChatStep Next(Envelope envelope)
    {
        try
        {
            var after = Reducer.Reduce(After, envelope);
            return new ChatStep(After, after, envelope, Differ.Diff(After, after, envelope));
        }
        catch (Exception ex)
        {
            return new ChatStep(After, After, envelope, [new Hangup(envelope.From)]) { Fault = ex };
        }
    }

    /// <summary>The exception the core threw on this step, if it did (logged at the edge).</summary>
    public Exception? Fault { get; init; }
}
