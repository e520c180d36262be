using BenchmarkDotNet.Attributes;
using RxChat.Server.Core;

namespace RxChat.Micro;

/// <summary>
/// One step of the fold, <c>Reduce</c> then <c>Diff</c>, per command type, in a chat of
/// <see cref="Users"/> users in one room: what the single ordered stream pays per command,
/// which bounds the whole server's command rate. Recipients are described, not listed, by
/// <c>Diff</c>; enumerating them is measured in <see cref="BroadcastBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class ReduceDiffBenchmarks
{
    private ChatState _state = ChatState.Empty;
    private Envelope _say, _join, _rejoin, _users, _leader, _connect, _login, _disconnect;

    [Params(50, 2000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = Chats.With(Users);
        long member = Users / 2, newcomer = Users + 1;
        _state = Reducer.Reduce(_state, Chats.At(newcomer, Connected.Instance));
        _say = Chats.At(member, new Say("hello everyone, this is a typical chat line"));
        _join = Chats.At(member, new Join("elsewhere"));
        _rejoin = Chats.At(member, new Join("room0"));
        _users = Chats.At(member, RxChat.Server.Core.ListUsers.Instance);
        _leader = Chats.At(member, WhoLeads.Instance);
        _connect = Chats.At(newcomer + 1, Connected.Instance);
        _login = Chats.At(newcomer, new Login("newcomer"));
        _disconnect = Chats.At(member, new Disconnected("closed by peer"));
    }

    private IReadOnlyList<Outbound> Step(Envelope e) => Differ.Diff(_state, Reducer.Reduce(_state, e), e);

    [Benchmark(Baseline = true)] public IReadOnlyList<Outbound> Say() => Step(_say);
    [Benchmark] public IReadOnlyList<Outbound> JoinOtherRoom() => Step(_join);
    [Benchmark] public IReadOnlyList<Outbound> JoinSameRoom() => Step(_rejoin);
    [Benchmark] public IReadOnlyList<Outbound> ListUsers() => Step(_users);
    [Benchmark] public IReadOnlyList<Outbound> Leader() => Step(_leader);
    [Benchmark] public IReadOnlyList<Outbound> Connect() => Step(_connect);
    [Benchmark] public IReadOnlyList<Outbound> Login() => Step(_login);
    [Benchmark] public IReadOnlyList<Outbound> Disconnect() => Step(_disconnect);
}
