using System.Collections.Immutable;
using RxChat.Client.Lines;

namespace RxChat.Client.Session;

/// <summary>
/// The names this client has seen — who spoke, joined, leads, or was listed by <c>/users</c>
/// and <c>/who</c> — for Tab completion. The conversation adds to it; the editor reads it
/// from its own thread, so it is an immutable set swapped whole.
/// </summary>
internal sealed class KnownNames
{
    private ImmutableHashSet<string> _names = ImmutableHashSet<string>.Empty;

    public IReadOnlyCollection<string> Current => Volatile.Read(ref _names);

    public void Saw(ServerLine line)
    {
        if (line.Kind is LineKind.OwnChat or LineKind.OwnCommand or LineKind.Notice) return;
        IEnumerable<string> seen = line.Users ?? (line.User is { } user ? [user] : []);
        if (line.To is { } to) seen = seen.Append(to);
        ImmutableInterlocked.Update(ref _names, names => names.Union(seen));
    }
}
