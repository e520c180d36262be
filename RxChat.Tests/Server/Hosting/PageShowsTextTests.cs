namespace RxChat.Tests.Server.Hosting;

/// <summary>
/// The WebSocket's JSON leaves <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> unescaped (it is UTF-8, not
/// HTML-safe JSON): that is safe only because the page never parses what it is sent as HTML.
/// This holds the page to it.
/// </summary>
public sealed class PageShowsTextTests
{
    private static readonly string[] HtmlSinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment", "DOMParser", "srcdoc"];

    [Fact]
    public void No_script_of_the_page_inserts_html()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var scripts = Directory.GetFiles(root, "*.js", SearchOption.AllDirectories).Concat(Directory.GetFiles(root, "*.html", SearchOption.AllDirectories)).ToList();

        Assert.NotEmpty(scripts);
        var found = scripts.SelectMany(file => HtmlSinks.Where(File.ReadAllText(file).Contains).Select(sink => $"{Path.GetFileName(file)}: {sink}")).ToList();
        Assert.Empty(found);
    }
}
