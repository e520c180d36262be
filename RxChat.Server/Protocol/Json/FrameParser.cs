using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// Reads the frames of PROTOCOL.md Part 4, each parsed once. <c>send</c> carries a line of the
/// text protocol, read by <see cref="CommandParser"/> exactly as on TCP; a frame that is no
/// message the chat knows becomes a <see cref="RefuseLine"/>, which only tells the sender why
/// and changes nothing.
/// </summary>
public static class FrameParser
{
    /// <summary>What <paramref name="frame"/> says; no command for a <c>send</c> of a blank line (ignored, as on TCP).</summary>
    /// <param name="awaitingLogin">Nothing but <c>login</c> is accepted before logging in, and <c>login</c> only then.</param>
    public static Inbound Read(string frame, bool awaitingLogin)
    {
        if (WireJson.TryParse(frame) is not { } message) return Refuse(FrameProblem.NotAnObject);
        return message.Type switch
        {
            "login" when !awaitingLogin => Refuse(FrameProblem.AlreadyLoggedIn),
            "login" when message.Username is null => Refuse(FrameProblem.MissingField),
            // quit and exit say goodbye here too; an empty name is refused by the chat, as on TCP
            "login" => new(CommandParser.Parse(message.Username, isFirst: true) ?? new Login(""), message.Password),
            "send" or "resume" when awaitingLogin => Refuse(FrameProblem.NotLoggedIn),
            "send" when message.Text is null => Refuse(FrameProblem.MissingField),
            "send" => new(CommandParser.Parse(message.Text, isFirst: false)),
            "resume" when message.After is null => Refuse(FrameProblem.MissingField),
            "resume" => new(new Resume(message.After!.Value)),
            _ => Refuse(FrameProblem.UnknownType),
        };
    }

    /// <summary>The answer to a <c>password</c> object: its <c>password</c>, or the <c>text</c> of a <c>send</c>.</summary>
    public static string Password(string frame) =>
        WireJson.TryParse(frame) is { } message ? message.Password ?? message.Text ?? "" : "";

    private static Inbound Refuse(FrameProblem problem) => new(new RefuseLine(new NotUnderstood(problem)));
}
