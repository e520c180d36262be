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
    public static async Task<int> Main(string[] args)
    {
        // The command line first: help, the version or a mistake answer before anything listens.
        var reading = ServerCommandLine.Read(args);
        if (reading.Error is { } error)
        {
            Console.Error.WriteLine($"rxchat: {error}"); // one line: the mistake and, when there is one, the likely fix
            return 2;
        }
        if (reading.Answer is { } answer) return answer.Invoke();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json sits beside the program
        });
        // After appsettings.json and the environment, so the command line wins, as in .NET's own order.
        builder.Configuration.AddInMemoryCollection(reading.Settings);
        // appsettings.json and the environment are checked as the command line was, before anything starts.
        if (ServerCommandLine.Problem(builder.Configuration) is { } problem)
        {
            Console.Error.WriteLine($"rxchat: cannot start: {problem}");
            return 2;
        }
        if (reading.Accounts is { } accounts)
        {
            var options = builder.Configuration.GetSection(ChatServerOptions.Section).Get<ChatServerOptions>() ?? new ChatServerOptions();
            return AccountsCommand.Run(accounts, options, options.Nats.Urls,
                AccountsCommand.AskOnConsole, Console.Out, Console.Error);
        }
        if (reading.ExportMarble is { } export)
        {
            var options = builder.Configuration.GetSection(ChatServerOptions.Section).Get<ChatServerOptions>() ?? new ChatServerOptions();
            return ExportMarbleCommand.Run(export, options, Console.Out, Console.Error);
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
            return failure is UnknownRulesException ? 2 : 3; // a newer node joined the log: this one cannot go on as it is
        }
        catch (UnknownRulesException ex)
        {
            // The log was written by a newer RxChat: folding it would decide differently from it.
            Console.Error.WriteLine($"rxchat: cannot start: {ex.Message}");
            return 2;
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
