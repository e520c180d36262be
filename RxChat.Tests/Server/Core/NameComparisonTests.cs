using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Names as the chat compares them: by RFC 8265's UsernameCaseMapped key (width-mapped,
/// lower-cased, NFC), shown as typed; refused when they would print as nothing; refused with
/// their own line when they could pass for a registered name (TR39 skeleton).
/// </summary>
public sealed class NameComparisonTests
{
    private const string ZoePrecomposed = "Zo\u00EB";     // ë as one character
    private const string ZoeCombining = "Zoe\u0308";      // e + combining diaeresis: prints the same

    [Theory]
    [InlineData(ZoePrecomposed, ZoeCombining)]
    [InlineData("Alice", "aLiCe")]
    [InlineData("alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45")] // fullwidth ａｌｉｃｅ
    [InlineData("\u00C5ngstr\u00F6m", "A\u030Angstro\u0308m")]
    public void Names_that_differ_only_in_case_width_or_composition_are_one_name(string one, string other)
    {
        Assert.Equal(UsernameKey.Of(one), UsernameKey.Of(other));
        Assert.True(UsernameKey.Comparer.Equals(one, other));
        Assert.Equal(UsernameKey.Comparer.GetHashCode(one), UsernameKey.Comparer.GetHashCode(other));
    }

    [Fact]
    public void The_key_is_fixed_text_so_every_node_and_version_agrees_on_it()
    {
        Assert.Equal("zo\u00EB", UsernameKey.Of(ZoeCombining));
        Assert.Equal("alice", UsernameKey.Of("\uFF21LICE"));
        Assert.NotEqual(UsernameKey.Of("alice"), UsernameKey.Of("\u0430lice")); // a look-alike is another name: refused apart
    }

    [Fact]
    public void The_second_spelling_of_a_registered_name_is_asked_for_its_password()
    {
        var chat = new ChatDriver().Connect("zoe", ZoePrecomposed).Send("zoe", new Register("hash-1", InClear: false)).Send("zoe", Quit.Instance);
        var account = chat.State.Accounts.Find(ZoeCombining);
        Assert.NotNull(account);
        Assert.Equal(ZoePrecomposed, account.User); // shown as it was registered

        chat.ConnectOnly("other").Send("other", new AskPassword(ZoeCombining, account.Version, InClear: false));
        Assert.Equal([("other", $"Password for {ZoePrecomposed}:")], chat.Told);
    }

    [Fact]
    public void The_second_spelling_of_a_name_in_use_is_in_use()
    {
        var chat = new ChatDriver().Connect("first", ZoePrecomposed).Connect("second", ZoeCombining);
        Assert.Equal([("second", $"Username \"{ZoeCombining}\" is already in use")], chat.Told);
        Assert.Equal(["second"], chat.HungUp);
    }

    [Theory]
    [InlineData("\u3164")]          // Hangul filler: "ㅤ: I am nobody"
    [InlineData("\u2800")]          // blank Braille pattern
    [InlineData("\u115F")]          // Hangul choseong filler
    [InlineData("bob\u1160")]       // Hangul jungseong filler
    [InlineData("\uFFA0bob")]       // halfwidth Hangul filler
    [InlineData("\u0308")]          // a combining mark with nothing to sit on
    [InlineData("bo\u034Fb")]       // combining grapheme joiner
    [InlineData("bob\uFE0F")]       // variation selector
    [InlineData("bob\U000E0062")]   // a tag character (format, outside the first plane)
    public void Names_that_print_as_nothing_or_hide_something_are_refused(string name)
    {
        var chat = new ChatDriver().Connect("x", name);
        Assert.Equal([("x", "Username must not contain invisible characters")], chat.Told);
        Assert.Equal(["x"], chat.HungUp);
    }

    [Theory]
    [InlineData("\u0430lice")]  // Cyrillic а
    [InlineData("AL\u0406CE")]  // Cyrillic І, upper case
    [InlineData("aIice")]       // capital I for l
    [InlineData("a1ice")]
    [InlineData("\U0001D41Alice")] // mathematical bold a
    public void A_name_that_could_pass_for_a_registered_one_is_refused_with_its_own_line(string name)
    {
        var chat = new ChatDriver().Connect("alice", "alice").Send("alice", new Register("hash-1", InClear: false)).Send("alice", Quit.Instance);
        chat.Connect("mallory", name);
        Assert.Equal([("mallory", $"Username \"{name}\" looks like a registered name")], chat.Told);
        Assert.Equal(["mallory"], chat.HungUp);
    }

    [Fact]
    public void A_look_alike_of_a_name_nobody_registered_is_free_and_one_in_use_cannot_register()
    {
        var chat = new ChatDriver().Connect("mallory", "\u0430lice");
        Assert.Equal([("mallory", "Welcome to the chat server!")], chat.Told);
        chat.Connect("alice", "alice");
        Assert.Equal([("alice", "Welcome to the chat server!")], chat.Told);
        chat.Send("alice", new Register("hash-1", InClear: false));
        chat.Send("mallory", new Register("hash-2", InClear: false));
        Assert.Equal([("mallory", "Username \"\u0430lice\" looks like a registered name")], chat.Told);
        Assert.Null(chat.State.Accounts.Find("\u0430lice"));
    }

    [Fact]
    public void Removing_an_account_frees_its_look_alikes_and_snapshots_of_two_spellings_keep_the_older()
    {
        var chat = new ChatDriver().Connect("alice").Send("alice", new Register("hash-1", InClear: false)).Send("alice", Quit.Instance);
        chat.FromNode("local", new RemoveAccount("ALICE"));
        chat.Connect("mallory", "\u0430lice");
        Assert.Equal([("mallory", "Welcome to the chat server!")], chat.Told);

        // Made before names were compared by their key: both in a snapshot, one account after it.
        var accounts = Accounts.Of([new Account(ZoeCombining, "hash-2", 7), new Account(ZoePrecomposed, "hash-1", 3)]);
        Assert.Equal(1, accounts.Count);
        Assert.Equal("hash-1", accounts.Find(ZoeCombining)!.Hash);
    }

    [Fact]
    public void Skeletons_cover_the_table_and_compatibility_forms_and_nothing_else()
    {
        Assert.Equal(Confusables.Skeleton("alice"), Confusables.Skeleton("\u0430l\u0456\u0441\u0435"));
        Assert.Equal(Confusables.Skeleton("paypal"), Confusables.Skeleton("\u0440\u0430yp\u0430l"));
        Assert.Equal(Confusables.Skeleton("modern"), Confusables.Skeleton("rnodern"));
        Assert.Equal(Confusables.Skeleton("bob"), Confusables.Skeleton("\u24D1ob")); // circled b
        Assert.NotEqual(Confusables.Skeleton("alice"), Confusables.Skeleton("alicia"));
        Assert.NotEqual(Confusables.Skeleton("alice"), Confusables.Skeleton("al\u00EDce")); // an accent shows
    }
}
