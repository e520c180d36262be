using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RxChat.Server.Hosting;

namespace RxChat.Server;

public static class Program
{
    /// <summary>The short switches of the original and of every chat server: <c>--port</c>, <c>--host</c>.</summary>
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--port"] = $"{ChatServerOptions.Section}:Port",
        ["--host"] = $"{ChatServerOptions.Section}:Host",
        ["--node"] = $"{ChatServerOptions.Section}:Node",
    };

    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json sits beside the program
        });
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = ChatLogFormatter.Name);
        builder.Logging.AddConsoleFormatter<ChatLogFormatter, ConsoleFormatterOptions>();
        builder.Services.Configure<ChatServerOptions>(builder.Configuration.GetSection(ChatServerOptions.Section));
        builder.Services.AddHostedService<ChatServerService>();

        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }
}
