using RxChat.Server.Hosting;

namespace RxChat.Tests.Server.Hosting;

/// <summary>The <c>export-marble</c> command as typed: its positions, its file, and its mistakes in one line.</summary>
public class ExportMarbleCommandLineTests
{
    [Fact]
    public void Positions_and_the_file_are_read_and_the_data_directory_is_the_servers_own_option()
    {
        var reading = ServerCommandLine.Read(["export-marble", "--data-dir", "/srv/chat", "--from", "12", "--to", "40", "--out", "incident.marble"]);

        Assert.Null(reading.Error);
        Assert.Equal(new ExportMarbleRequest(12, 40, "incident.marble"), reading.ExportMarble);
        Assert.Equal("/srv/chat", reading.Settings["RxChat:DataDir"]);
        Assert.Null(reading.Accounts);
    }

    [Fact]
    public void Without_positions_the_whole_log_is_asked_for()
    {
        Assert.Equal(new ExportMarbleRequest(null, null, null), ServerCommandLine.Read(["export-marble"]).ExportMarble);
        Assert.Null(ServerCommandLine.Read(["--port", "5000"]).ExportMarble); // the server itself
    }

    [Theory]
    [InlineData("export-marble: --from 9 is after --to 3", "--from", "9", "--to", "3")]
    [InlineData("export-marble: --from needs a log position (a whole number from 1), not 0", "--from", "0")]
    [InlineData("export-marble: --to needs a log position (a whole number from 1), not -4", "--to", "-4")]
    [InlineData("--from needs a value", "--from")]
    [InlineData("unexpected word extra (RxChat.Server export-marble --help)", "extra")]
    public void A_mistake_is_one_line(string error, params string[] args)
    {
        Assert.Equal(error, ServerCommandLine.Read(["export-marble", .. args]).Error);
    }

    [Fact]
    public void The_help_page_lists_the_command()
    {
        Assert.Contains("export-marble", ServerCommandLine.Help(), StringComparison.Ordinal);
        Assert.Contains("--from", ServerCommandLine.Help("export-marble"), StringComparison.Ordinal);
    }
}
