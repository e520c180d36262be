using RxChat.Tests.Support;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A password typed into the web page goes into a password field: never shown in the message
/// box, never echoed among the messages, never brought back by Up.
/// </summary>
public sealed class WebPagePasswordTests
{
    // Every value the message box ever held, read at each keystroke before the page reacts to it.
    private const string WatchTheBox = """
        window.boxValues = [];
        document.addEventListener("input", e => { if (e.target.id === "line") window.boxValues.push(e.target.value); }, true);
        document.addEventListener("keyup", e => window.boxValues.push(document.getElementById("line")?.value ?? ""), true);
        """;

    [Fact]
    public async Task Register_and_password_take_their_passwords_in_password_fields_and_never_show_or_keep_them()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value, WatchTheBox);
        await web.RunAsync("register", async page =>
        {
            await web.LogInAsync("ann");
            await web.SayAsync("/users");
            await Expect(page.Locator("#messages li.reply").Last).ToHaveTextAsync("Users: ann", new() { Timeout = Patience });

            // Typed key by key: from "/register " on, the keys land in a password field.
            await page.FocusAsync("#line");
            await page.Keyboard.TypeAsync("/register hunter22");
            await Expect(page.Locator("#secret")).ToBeVisibleAsync();
            await Expect(page.Locator("#secret-new")).ToBeFocusedAsync();
            Assert.Equal("password", await page.Locator("#secret-new").GetAttributeAsync("type"));
            await Expect(page.Locator("#secret-new")).ToHaveValueAsync("hunter22");
            await Expect(page.Locator("#line")).ToHaveValueAsync("/register");
            await web.ScreenshotAsync("web-register.png");
            await page.SetViewportSizeAsync(390, 800); // the fields fit a phone too
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"));
            await Expect(page.Locator("#secret-new")).ToBeInViewportAsync();
            Assert.True((await page.Locator("#secret-new").BoundingBoxAsync())!.Width >= 150, "the password field is too narrow to type in at phone width");
            await web.ScreenshotAsync("web-register-phone.png");
            await page.SetViewportSizeAsync(900, 600);
            await page.FocusAsync("#secret-new");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#messages li", new() { HasText = "Account created for ann" })).ToBeVisibleAsync(new() { Timeout = Patience });
            await Expect(page.Locator("#secret")).ToBeHiddenAsync();

            // /password: the current one, a space moves on, the new one.
            await page.FocusAsync("#line");
            await page.Keyboard.TypeAsync("/password hunter22 stapler99");
            Assert.Equal("password", await page.Locator("#secret-old").GetAttributeAsync("type"));
            await Expect(page.Locator("#secret-old")).ToHaveValueAsync("hunter22");
            await Expect(page.Locator("#secret-new")).ToHaveValueAsync("stapler99");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#messages li", new() { HasText = "Password changed" })).ToBeVisibleAsync(new() { Timeout = Patience });

            // Pasted whole, a bare command sent: the passwords still end up in the fields.
            await page.FillAsync("#line", "/password stapler99 tooshort");
            await Expect(page.Locator("#line")).ToHaveValueAsync("/password");
            await Expect(page.Locator("#secret-new")).ToHaveValueAsync("tooshort");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator("#secret")).ToBeHiddenAsync();
            await web.SayAsync("/register");
            await Expect(page.Locator("#secret-new")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Escape");

            // Nowhere to be seen: not in the box at any keystroke, not among the messages, not in the history.
            var box = await page.EvaluateAsync<string[]>("window.boxValues");
            Assert.DoesNotContain(box, v => v.Contains("hunter22") || v.Contains("stapler99"));
            var shown = await page.Locator("#messages").InnerTextAsync();
            Assert.DoesNotContain("hunter22", shown);
            Assert.DoesNotContain("stapler99", shown);
            await page.FocusAsync("#line");
            await page.Keyboard.PressAsync("ArrowUp");
            await Expect(page.Locator("#line")).ToHaveValueAsync("/users");
            await page.Keyboard.PressAsync("ArrowUp");
            await Expect(page.Locator("#line")).ToHaveValueAsync("/users");

            // The page logs in again with the new password after a drop.
            await page.EvaluateAsync("""
                new Promise(welcomed => {
                  window.rxchat.addEventListener("message", e => { if (e.detail.type === "welcome") welcomed(); });
                  window.rxchat.drop();
                })
                """).WaitAsync(LineClient.Patience);
            await Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });
        });
    }

    [Fact]
    public async Task When_the_server_asks_for_a_password_the_page_asks_for_it_in_its_password_field()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using (var owner = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await owner.SendLineAsync("/register correct-horse\nquit");
            Assert.Equal("Account created for alice", (await owner.ReadUntilClosedAsync())[0]);
        }
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("asked", async page =>
        {
            await page.FillAsync("#username", "alice");
            await page.PressAsync("#username", "Enter");
            await Expect(page.Locator("#password")).ToBeFocusedAsync(new() { Timeout = Patience });
            Assert.Equal("password", await page.Locator("#password").GetAttributeAsync("type"));
            await page.Keyboard.TypeAsync("correct-horse");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });
            await Expect(page.Locator("#password")).ToHaveValueAsync("");
            Assert.DoesNotContain("correct-horse", await page.Locator("body").InnerTextAsync());
        });
    }
}
