using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// Turns one frame of PROTOCOL.md Part 4 into a <see cref="Command"/>. <c>send</c> carries a
/// line of the text protocol, read by <see cref="CommandParser"/> exactly as on TCP; a frame
/// that is no message the chat knows becomes a <see cref="RefuseLine"/>, which only tells the
/// sender why and changes nothing.
/// </summary>
public static class FrameParser
{
    /// <summary>Parses <paramref name="frame"/>; null for a <c>send</c> of a blank line (ignored, as on TCP).</summary>
    /// <param name="awaitingLogin">Nothing but <c>login</c> is accepted before logging in, and <c>login</c> only then.</param>
    public static Command? Parse(string frame, bool awaitingLogin)
    {
        if (WireJson.TryParse(frame) is not { } message) return Refuse(FrameProblem.NotAnObject);
        return message.Type switch
        {
            "login" when !awaitingLogin => Refuse(FrameProblem.AlreadyLoggedIn),
            "login" when message.Username is null => Refuse(FrameProblem.MissingField),
            // quit and exit say goodbye here too; an empty name is refused by the chat, as on TCP
            "login" => CommandParser.Parse(message.Username, isFirst: true) ?? new Login(""),
            "send" or "resume" when awaitingLogin => Refuse(FrameProblem.NotLoggedIn),
            "send" when message.Text is null => Refuse(FrameProblem.MissingField),
            "send" => CommandParser.Parse(message.Text, isFirst: false),
            "resume" when message.After is not { } after => Refuse(FrameProblem.MissingField),
            "resume" => new Resume(message.After!.Value),
            _ => Refuse(FrameProblem.UnknownType),
        };
    }

    private static RefuseLine Refuse(FrameProblem problem) => new(new NotUnderstood(problem));
}
