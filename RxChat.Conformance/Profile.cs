using RxChat.Scenarios;

namespace RxChat.Conformance;

/// <summary>
/// Which scenarios a server is held to. <c>original</c>: only those without tags, what any
/// server speaking PROTOCOL.md's Part 1 must pass. <c>rxchat</c>: everything one RxChat node
/// can show over TCP, which leaves out several nodes and the scenarios' own timers.
/// </summary>
public enum Profile
{
    Original,
    RxChat,
}

internal static class Profiles
{
    /// <summary>Why the scenario is skipped under <paramref name="profile"/> (its tags that rule it out), or null to play it.</summary>
    public static string? SkipReason(this Profile profile, ChatScenario scenario)
    {
        var against = profile switch
        {
            Profile.Original => [.. scenario.Tags],
            // Timers can't be scaled: a 5 s login timeout is 5 real seconds whatever --frame-ms is.
            _ => scenario.Tags.Where(t => t is ScenarioTags.Nodes or ScenarioTags.Settings).ToList(),
        };
        return against.Count == 0 ? null : string.Join(' ', against);
    }
}
