using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Support;

/// <summary>What a person reads for a typed refusal: the text codec's words, so tests compare what is seen.</summary>
public static class Wording
{
    private static readonly TextCodec Codec = new(TimeZoneInfo.Utc);

    public static string Of(Refusal why) => Codec.Render(new LineRefused(default, default, why), Audience.Subject).Single();
}
