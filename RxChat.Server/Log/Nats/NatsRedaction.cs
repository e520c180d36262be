using System.Text.RegularExpressions;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// Hides what a NATS URL carries to log in (<c>nats://rx:s3cret-pw@host</c> →
/// <c>nats://***@host</c>): every URL, and every NATS error (which may quote one), goes
/// through here before anyone sees it.
/// </summary>
public static partial class NatsRedaction
{
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    [GeneratedRegex(@"://[^\s,]*@")]
    private static partial Regex UserInfo();
}
