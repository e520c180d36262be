using Microsoft.Extensions.Configuration;
using RxChat.Server.Hosting;

namespace RxChat.Tests.Server.Hosting;

/// <summary>
/// docs/rxchat.example.jsonc names every setting of the options tree, only real ones, each at
/// its real default with a comment: read as .NET reads appsettings.json, so it can never drift.
/// </summary>
public sealed class ExampleConfigurationTests
{
    private static string ExamplePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxChat.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("RxChat.sln not found above the tests"), "docs", "rxchat.example.jsonc");
    }

    private static IConfigurationRoot Example() => new ConfigurationBuilder().AddJsonFile(ExamplePath(), optional: false).Build();

    /// <summary>The example's settings: every key that holds a value rather than a section.</summary>
    private static Dictionary<string, string?> Leaves(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(kv => !configuration.GetSection(kv.Key).GetChildren().Any())
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Nothing set and empty are the same to a setting that defaults to none.</summary>
    private static string? Normal(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [Fact]
    public void Every_key_in_the_example_is_a_setting_of_the_tree_and_every_setting_is_in_it()
    {
        var inExample = Leaves(Example()).Keys.Order(StringComparer.Ordinal);
        var inTree = ChatServerOptions.Keys.Select(k => k.Key).Order(StringComparer.Ordinal);
        Assert.Equal(inTree, inExample);
    }

    [Fact]
    public void Every_value_in_the_example_is_the_real_default()
    {
        var example = Leaves(Example());
        foreach (var setting in ChatServerOptions.Keys)
        {
            Assert.True(setting.TryRead(example[setting.Key] ?? "", out var value, out var expected), $"{setting.Key}: expected {expected}");
            Assert.True(Equals(Normal(SettingKey.Written(value)), setting.DefaultText),
                $"{setting.Key} is {example[setting.Key] ?? "null"} in the example, {setting.DefaultText ?? "none"} in the code");
        }
    }

    [Fact]
    public void The_example_binds_to_an_untouched_tree()
    {
        var bound = Example().GetSection(ChatServerOptions.Section).Get<ChatServerOptions>()!;
        Assert.Equal(
            ChatServerOptions.Keys.Select(k => (k.Key, k.DefaultText)),
            ChatServerOptions.SettingsOf(bound).Select(k => (k.Key, Normal(k.DefaultText))));
    }

    [Fact]
    public void The_example_passes_the_servers_check_of_its_settings() => Assert.Null(ServerCommandLine.Problem(Example()));

    [Theory]
    [InlineData("RxChat:Limits:MaxConection", "5", "unknown setting RxChat:Limits:MaxConection; did you mean RxChat:Limits:MaxConnections?")]
    [InlineData("RxChat:Nonsense", "5", "unknown setting RxChat:Nonsense: not a key of the options tree (RxChat.Server --help lists them)")]
    [InlineData("RxChat:Limits:MaxConnections", "abc", "bad value for RxChat:Limits:MaxConnections: abc (expected a whole number)")]
    [InlineData("rxchat:port", "70000", "bad value for RxChat:Port: 70000 (a port: 1 to 65535, or 0 for a free one)")]
    [InlineData("RxChat:Limits:maxconnections", "5", null)]
    [InlineData("RxChat:Durability", "FULL", null)]
    [InlineData("RxChat:Durability", "2", "bad value for RxChat:Durability: 2 (expected normal or full)")]
    [InlineData("Logging:LogLevel:Default", "Debug", null)]
    public void Settings_from_the_file_or_the_environment_are_checked_as_the_command_lines_are(string key, string value, string? problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();
        Assert.Equal(problem, ServerCommandLine.Problem(configuration));
    }

    [Fact]
    public void Every_setting_in_the_example_has_its_comment()
    {
        var lines = File.ReadAllLines(ExamplePath());
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('"') || line.EndsWith('{')) continue; // a section opens: its settings have the comments
            Assert.True(i > 0 && lines[i - 1].Trim().StartsWith("// ", StringComparison.Ordinal), $"line {i + 1} has no comment above it: {line}");
        }
    }
}
