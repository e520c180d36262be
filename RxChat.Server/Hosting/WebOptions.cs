namespace RxChat.Server.Hosting;

/// <summary>The HTTP side's own bounds (<c>RxChat:Web</c>; docs/web.md): who may open <c>/ws</c>, and how many HTTP connections at once.</summary>
public sealed record WebOptions
{
    /// <summary>
    /// Origins, comma-separated (<c>https://chat.example.org</c>), whose pages may open <c>/ws</c>
    /// besides the server's own page; a handshake from any other page is refused with 403.
    /// A client that sends no <c>Origin</c> (not a browser) is not concerned.
    /// </summary>
    public string? AllowedOrigins { get; set; }

    /// <summary>HTTP connections open at once, from every address together; past it a new one is closed at once.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>The origins of <see cref="AllowedOrigins"/>, each as a browser sends it (no trailing slash).</summary>
    public IReadOnlyList<string> AllowedOriginList =>
        [.. (AllowedOrigins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(origin => origin.TrimEnd('/'))];
}
