namespace RxChat.Client.Terminal;

/// <summary>
/// The row at the bottom of the screen where the user types. The <see cref="Screen"/>
/// takes it away before printing a line and puts it back after, always under the
/// screen's lock, so that an incoming message never lands in the middle of what is being typed.
/// </summary>
internal interface IInputRow
{
    void Erase(TextWriter terminal);

    void Draw(TextWriter terminal);

    /// <summary>The words before the input, e.g. <c>[main] alice&gt; </c>; takes effect at the next draw.</summary>
    string Prompt { get; set; }
}
