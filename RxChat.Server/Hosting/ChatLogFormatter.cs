using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace RxChat.Server.Hosting;

/// <summary>The original server's log style: <c>09:15:21 | INFO | Server started on 0.0.0.0:7777</c>.</summary>
public sealed class ChatLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "rxchat";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter writer)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (message is null) return;
        writer.Write(DateTime.Now.ToString("HH:mm:ss"));
        writer.Write(" | ");
        writer.Write(Level(entry.LogLevel));
        writer.Write(" | ");
        writer.WriteLine(message);
        if (entry.Exception is not null && entry.LogLevel >= LogLevel.Critical) writer.WriteLine(entry.Exception);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };
}
