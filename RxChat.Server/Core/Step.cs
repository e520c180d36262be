namespace RxChat.Server.Core;

/// <summary>
/// One event of a <see cref="ChatStep"/>, with the chat just before it and just after it
/// (what the journal words it against, what its recipients are shown), and who is told
/// about it (<see cref="Chat.Route"/>; nobody when the step was not routed).
/// </summary>
public readonly record struct Happened(ChatEvent Event, ChatState Before, ChatState After, IReadOnlyList<Delivery> Deliveries);

/// <summary>
/// What one log entry did to the chat: the state once it is folded (<see cref="Chat.Settle"/>d),
/// and each event it caused, in order; or, for an entry <see cref="EntryCheck"/> refused,
/// only its position taken and why it was skipped.
/// </summary>
public readonly struct ChatStep(ChatState state, IReadOnlyList<Happened> happened, SkipReason? skipped = null)
{
    /// <summary>Why the entry was skipped (nothing happened), or null when it was folded.</summary>
    public SkipReason? Skipped { get; } = skipped;

    public ChatState State { get; } = state;

    public IReadOnlyList<Happened> Happened { get; } = happened;

    /// <summary>The events alone, in order.</summary>
    public IEnumerable<ChatEvent> Events => Happened.Select(h => h.Event);

    /// <summary>The state and the events: what a replay compares.</summary>
    public void Deconstruct(out ChatState state, out IReadOnlyList<ChatEvent> events)
    {
        state = State;
        events = [.. Events];
    }
}

public static partial class Chat
{
    private static readonly Happened[] Quiet = [];
    private static readonly Delivery[] Unrouted = [];

    /// <summary>
    /// <c>Step(state, entry) → (state, events, deliveries)</c>: the decider loop, written once —
    /// <see cref="Decide"/> the entry's events, <see cref="Evolve"/> the chat through each in
    /// turn, <see cref="Route"/> each to its recipients, then <see cref="Settle"/> the entry
    /// itself (its position, its time, its node heard). An entry <see cref="EntryCheck"/> refuses
    /// only takes its position. The live fold, the catch-up at
    /// start-up, the accounts tool and the tests all step here, so a replay decides what the
    /// live chat decided. Pure; it throws what Decide, Evolve or Route throws, and the caller
    /// decides what a faulty entry costs.
    /// </summary>
    /// <param name="route">
    /// False where nobody is there to be told (the catch-up at start-up, the accounts tool):
    /// routing walks recipients per event (every user, for a leave), which a long replay would
    /// pay for nothing — measured at about a fifth of a no-snapshot start-up's CPU
    /// (bench/README.md, "Start-up after 1,000,000 logged entries").
    /// </param>
    public static ChatStep Step(ChatState state, LogEntry entry, bool route = true)
    {
        var taken = EntryCheck.Take(state, entry);
        if (taken.Entry is null) return new ChatStep(state with { Position = entry.Position }, Quiet, taken.Skipped);
        entry = taken.Entry;
        var events = Decide(state, entry);
        var happened = events.Count == 0 ? Quiet : new Happened[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            var after = Evolve(state, events[i]);
            happened[i] = new Happened(events[i], state, after, route ? Route(events[i], after) : Unrouted);
            state = after;
        }
        return new ChatStep(Settle(state, entry), happened);
    }
}
