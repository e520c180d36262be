namespace RxChat.Protocol;

/// <summary>A password typed on a terminal: read key by key and never shown (Backspace works, other control keys are ignored).</summary>
public static class HiddenInput
{
    public static string ReadLine()
    {
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        return typed.ToString();
    }
}
