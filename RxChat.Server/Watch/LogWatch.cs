using System.Reactive.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Watch;

/// <summary>
/// <c>/log/events</c>: the log as this node folds it, for the <c>/log</c> page, as Server-Sent
/// Events — first a <see cref="LogPicture"/> of the chat, then a <see cref="LogMarble"/> per
/// entry. It reads <see cref="ChatPipeline.Folded"/>, the same ordered stream the chat is made
/// of, and costs the fold one hand-over per entry and viewer: each viewer has a bounded queue,
/// and one that falls <see cref="MostBehind"/> entries behind is cut off (the page's
/// EventSource comes back within a second and starts again from a fresh picture).
/// </summary>
internal sealed class LogWatch(string node, ChatPipeline pipeline)
{
    /// <summary>A diagnostic page, not a chat: a few people watch it at a time; past this, 503.</summary>
    public const int MostViewers = 16;

    /// <summary>How far a viewer may fall behind the fold before it is cut off.</summary>
    public const int MostBehind = 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private int _viewers;

    // Each entry drawn once for every viewer, not once per viewer, and only while someone
    // watches. Select keeps a fault of the (total, pure) drawing out of the fold: it reaches
    // the viewers as an error, never the chat.
    private readonly IObservable<LogMarble> _marbles = pipeline.Folded.Select(LogMarbles.Of).Publish().RefCount();

    public async Task ServeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _viewers) > MostViewers)
        {
            Interlocked.Decrement(ref _viewers);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"At most {MostViewers} viewers of /log at a time\n").ConfigureAwait(false);
            return;
        }
        try { await WatchAsync(context.Response, context.RequestAborted).ConfigureAwait(false); }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { } // the viewer left
        finally { Interlocked.Decrement(ref _viewers); }
    }

    private async Task WatchAsync(HttpResponse response, CancellationToken viewerLeft)
    {
        var queue = Channel.CreateBounded<LogMarble>(new BoundedChannelOptions(MostBehind) { SingleReader = true, SingleWriter = true });
        // Subscribed before the picture is taken, so no entry falls between the two; those the
        // picture already holds are skipped below.
        using var watching = _marbles.Subscribe( // on the fold's thread: hand over or let go
            marble => { if (!queue.Writer.TryWrite(marble)) queue.Writer.TryComplete(); },
            ex => queue.Writer.TryComplete(ex));
        var picture = LogPicture.Of(node, pipeline.State);

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.WriteAsync("retry: 1000\n\n", viewerLeft).ConfigureAwait(false);
        await SendAsync(response, "picture", picture, viewerLeft).ConfigureAwait(false);
        await response.Body.FlushAsync(viewerLeft).ConfigureAwait(false);
        while (await queue.Reader.WaitToReadAsync(viewerLeft).ConfigureAwait(false))
        {
            while (queue.Reader.TryRead(out var marble))
                if (marble.Seq > picture.Position) await SendAsync(response, "entry", marble, viewerLeft).ConfigureAwait(false);
            await response.Body.FlushAsync(viewerLeft).ConfigureAwait(false); // once per wake-up, not per entry
        }
    }

    private static Task SendAsync<T>(HttpResponse response, string name, T data, CancellationToken viewerLeft) =>
        response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", Encoding.UTF8, viewerLeft);
}
