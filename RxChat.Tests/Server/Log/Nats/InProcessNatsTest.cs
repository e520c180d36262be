using System.Reactive.Concurrency;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using RxChat.Server.Log.Nats;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// What the in-process NATS tests share: a real <c>nats-server</c> of their own, logs opened
/// on it each with its own fold thread, the stream as NATS sees it, and everything disposed
/// in reverse order at the end.
/// </summary>
public abstract class InProcessNatsTest : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly List<IDisposable> _cleanup = [];

    protected NatsServer Nats { get; private set; } = null!;

    public async Task InitializeAsync() => Nats = await NatsServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
        await Nats.DisposeAsync();
    }

    /// <summary>Disposed when the test ends.</summary>
    protected T Track<T>(T disposable) where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    /// <summary>A node's log on this test's NATS, publishing on <paramref name="foldOn"/> (a new fold thread when null).</summary>
    protected async Task<NatsCommandLog> OpenLogAsync(string node, Func<NatsLogOptions, NatsLogOptions>? configure = null, IScheduler? foldOn = null)
    {
        foldOn ??= Track(new EventLoopScheduler());
        var options = new NatsLogOptions([Nats.Url], node);
        return Track(await NatsCommandLog.OpenAsync(configure?.Invoke(options) ?? options, foldOn));
    }

    /// <summary>The log's stream as NATS reports it (messages kept, first sequence).</summary>
    protected async Task<StreamState> StreamStateAsync()
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = Nats.Url });
        return (await new NatsJSContext(nats).GetStreamAsync("RXCHAT")).Info.State;
    }
}
