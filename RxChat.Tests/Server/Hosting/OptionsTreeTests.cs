using Microsoft.Extensions.Configuration;
using RxChat.Server.Core;
using RxChat.Server.Hosting;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Tests.Server.Hosting;

/// <summary>The one options tree: bound from configuration keys, and what each part of the server is given comes from it.</summary>
public sealed class OptionsTreeTests
{
    private static ChatServerOptions Bound(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build()
            .GetSection(ChatServerOptions.Section).Get<ChatServerOptions>() ?? new ChatServerOptions();

    [Fact]
    public void Untouched_the_tree_gives_each_part_its_own_defaults()
    {
        var options = new ChatServerOptions();
        Assert.Equal(ChatRules.Default, options.ToChatRules());
        Assert.Equal(ChatOptions.Default with { TimeZone = TimeZoneInfo.Local }, options.ToChatOptions());
        Assert.Equal(TransportLimits.Default, options.ToTransportLimits());
        Assert.Equal(AddressLimits.Default, options.ToAddressLimits());
        Assert.Equal(new NatsLogOptions([], options.Node), options.ToNatsLogOptions() with { Urls = [] });
    }

    [Fact]
    public void Every_section_binds_from_its_keys()
    {
        var options = Bound(
            ("RxChat:Port", "9000"), ("RxChat:Node", "n2"), ("RxChat:AnnounceLeaders", "false"),
            ("RxChat:History:OnJoin", "3"), ("RxChat:Snapshots:EveryEntries", "50"),
            ("RxChat:Limits:MaxQueuedBytesTotal", "1048576"), ("RxChat:Limits:KeepAliveProbes", "5"),
            ("RxChat:Limits:NewConnectionsPerAddressPerMinute", "7"), ("RxChat:Limits:FloodBurstLines", "9"),
            ("RxChat:Accounts:Required", "true"), ("RxChat:Cluster:NodeTimeoutSeconds", "30"),
            ("RxChat:Nats:Urls", "nats://a:4222, nats://b:4222"), ("RxChat:Nats:Replicas", "3"),
            ("RxChat:Nats:Stream", "CHAT2"), ("RxChat:Nats:RetryForSeconds", "5"),
            ("RxChat:Tls:HttpsPort", "-1"));

        var chat = options.ToChatOptions();
        Assert.Equal((9000, "n2", false), (options.Port, chat.Node, chat.AnnounceLeaders));
        Assert.Equal((3, true, TimeSpan.FromSeconds(30)), (chat.Rules.HistoryOnJoin, chat.Rules.AccountsRequired, chat.Rules.NodeTimeout));
        Assert.Equal((50, 1048576L, 9), (chat.SnapshotEveryEntries, chat.MaxQueuedBytesTotal, chat.Flood.BurstLines));
        Assert.Equal(5, options.ToTransportLimits().KeepAlive.Probes);
        Assert.Equal(7, options.ToAddressLimits().NewPerMinute);
        var nats = options.ToNatsLogOptions();
        Assert.Equal(["nats://a:4222", "nats://b:4222"], nats.Urls);
        Assert.Equal((3, "CHAT2", TimeSpan.FromSeconds(5)), (nats.Replicas, nats.Stream, nats.RetryFor));
        Assert.Equal(-1, options.Tls.HttpsPort);
    }
}
