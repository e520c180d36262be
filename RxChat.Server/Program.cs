using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RxChat.Server.Hosting;
using RxChat.Server.Log;
using RxChat.Server.Transport;

namespace RxChat.Server;

public static class Program
{
    /// <summary>The short switches: <c>--port</c>, <c>--host</c> (as every chat server), <c>--http-port</c>, <c>--node</c>, <c>--data-dir</c>, <c>--nats</c>, and TLS: <c>--tls-port</c>, <c>--tls-cert</c>, <c>--tls-key</c>, <c>--https-port</c>.</summary>
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--port"] = $"{ChatServerOptions.Section}:Port",
        ["--http-port"] = $"{ChatServerOptions.Section}:HttpPort",
        ["--host"] = $"{ChatServerOptions.Section}:Host",
        ["--node"] = $"{ChatServerOptions.Section}:Node",
        ["--data-dir"] = $"{ChatServerOptions.Section}:DataDir",
        ["--tls-port"] = $"{ChatServerOptions.Section}:Tls:Port",
        ["--tls-cert"] = $"{ChatServerOptions.Section}:Tls:Cert",
        ["--tls-key"] = $"{ChatServerOptions.Section}:Tls:Key",
        ["--https-port"] = $"{ChatServerOptions.Section}:Tls:HttpsPort",
        ["--nats"] = $"{ChatServerOptions.Section}:Nats:Urls",
    };

    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json sits beside the program
        });
        builder.Configuration.AddCommandLine(args, Switches);
        if (args is ["accounts", ..])
        {
            var options = builder.Configuration.GetSection(ChatServerOptions.Section).Get<ChatServerOptions>() ?? new ChatServerOptions();
            return AccountsCommand.Run(args, options, options.Nats.Urls,
                AccountsCommand.AskOnConsole, Console.Out, Console.Error);
        }
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = ChatLogFormatter.Name);
        builder.Logging.AddConsoleFormatter<ChatLogFormatter, ConsoleFormatterOptions>();
        // A failed start is said once, below, by whoever catches it (an unusable log in one
        // line; anything else with its stack trace), not also as the host's "Hosting failed to start".
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<ChatServerOptions>(builder.Configuration.GetSection(ChatServerOptions.Section));
        builder.Services.AddHostedService<ChatServerService>();
        builder.Services.AddSystemd(); // under systemd (deploy/rxchat.service): tells it "ready" once started; elsewhere nothing

        try
        {
            var host = builder.Build();
            var chat = host.Services.GetServices<IHostedService>().OfType<ChatServerService>().Single();
            await host.RunAsync().ConfigureAwait(false); // disposes the host
            if (chat.Failure is not { } failure) return 0;
            // Nothing more could be folded: say why in one line and exit non-zero, so a supervisor restarts it.
            Console.Error.WriteLine($"rxchat: stopped: {failure.Message}");
            return 3;
        }
        catch (InvalidSettingException ex)
        {
            Console.Error.WriteLine($"rxchat: cannot start: {ex.Message}");
            return 2;
        }
        catch (LogUnusableException ex)
        {
            // The data is not ours to repair: say why in one line, leave the file as it is.
            Console.Error.WriteLine($"rxchat: cannot start: {ex.Message}");
            return 2;
        }
        catch (TlsSetupException ex)
        {
            Console.Error.WriteLine($"rxchat: cannot start TLS: {ex.Message}");
            return 2;
        }
    }
}
