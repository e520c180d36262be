using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace RxChat.Server.Hosting;

/// <summary>The original server's log style: <c>09:15:21 | INFO | Server started on 0.0.0.0:7777</c>.</summary>
public sealed class ChatLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "rxchat";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null) return;
        textWriter.Write(DateTime.Now.ToString("HH:mm:ss"));
        textWriter.Write(" | ");
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(" | ");
        textWriter.WriteLine(message);
        if (logEntry.Exception is not null && logEntry.LogLevel >= LogLevel.Critical) textWriter.WriteLine(logEntry.Exception);
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
