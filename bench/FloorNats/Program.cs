using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FloorNats;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

// FloorNats: the least a relay sharing one ordered JetStream log with others can do — a
// measuring stick for bench/cluster.sh, never a product path (README.md beside this file).
//
//   FloorNats --port N --nats nats://127.0.0.1:4222[,…] --node NAME [--replicas 1|3] [--host 127.0.0.1]
//
// Prints "FloorNats listening on HOST:PORT" once its stream and consumer are ready; stop it with SIGTERM.

const string Usage = "usage: FloorNats --port N --nats URL[,URL…] --node NAME [--replicas 1|3] [--host 127.0.0.1]";
const string Stream = "FLOOR";
const string SubjectPrefix = "floor.log.";

string host = "127.0.0.1", nats = "", node = "";
int port = 0, replicas = 1;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when value is not null: port = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--host" when value is not null: host = value; i++; break;
        case "--nats" when value is not null: nats = value; i++; break;
        case "--node" when value is not null: node = value; i++; break;
        case "--replicas" when value is not null: replicas = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        default: await Console.Error.WriteLineAsync(Usage); return 64;
    }
}
if (port <= 0 || nats.Length == 0 || node.Length == 0 || node.Contains('.', StringComparison.Ordinal) || replicas is not (1 or 3))
{
    await Console.Error.WriteLineAsync(Usage);
    return 64;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });

await using var connection = new NatsConnection(new NatsOpts { Url = nats, Name = $"floor-{node}", RetryOnInitialConnect = true });
var js = new NatsJSContext(connection);
// The stream as RxChat's log is made (NatsCommandLog.EnsureStreamAsync): file storage, kept in full.
// Both relays ask for it; the second finds it there. A fresh three-node cluster answers only
// once it has a leader: ask again until it does, for 30 s at most.
using (var starting = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
{
    starting.CancelAfter(TimeSpan.FromSeconds(30));
    while (true)
    {
        try
        {
            await js.CreateOrUpdateStreamAsync(new StreamConfig(Stream, [SubjectPrefix + ">"])
            {
                Storage = StreamConfigStorage.File,
                NumReplicas = replicas,
                Retention = StreamConfigRetention.Limits,
                Discard = StreamConfigDiscard.New,
            }, starting.Token);
            break;
        }
        catch (Exception e) when (e is NatsNoRespondersException or NatsJSApiNoResponseException or NatsJSTimeoutException or TimeoutException
                                      or NatsJSApiException { Error.Code: 503 } && !starting.IsCancellationRequested)
        {
            await Task.Delay(200, starting.Token);
        }
    }
}

var lobby = new Lobby();
var subject = SubjectPrefix + node;
using var log = new LogWriter(js, subject);
var reader = new LogReader(js, Stream, subject, lobby);
var reading = reader.RunAsync(stop.Token);
var writing = log.RunAsync(stop.Token);

using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Parse(host), port));
listener.Listen(4096);
Console.WriteLine($"FloorNats listening on {host}:{port} (stream {Stream}, {replicas} replica{(replicas == 1 ? "" : "s")}, subject {subject})");

var accepting = AcceptAsync();
string? failed = null;
try
{
    // Whichever ends first: a stop, or the log failing (then the relay is of no use, and says why).
    await await Task.WhenAny(reading, writing, accepting);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
catch (Exception e) when (e is NatsException or SocketException or OperationCanceledException) { failed = e.Message; }
Console.WriteLine($"FloorNats {node}: {log.Tally}; {reader.Tally}");
if (!stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"FloorNats: the log stopped{(failed is null ? "" : $": {failed}")}");
    return 1;
}
if (log.Failed > 0) await Console.Error.WriteLineAsync($"FloorNats: {log.Failed} publishes not acknowledged");
return 0;

async Task AcceptAsync()
{
    while (true)
    {
        var socket = await listener.AcceptAsync(stop.Token);
        socket.NoDelay = true; // as RxChat
        socket.Blocking = false; // Member sends without waiting; a backlog takes the rest
        _ = new Session(socket, lobby, log).RunAsync();
    }
}
