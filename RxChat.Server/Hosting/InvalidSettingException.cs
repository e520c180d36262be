namespace RxChat.Server.Hosting;

/// <summary>A setting the server cannot run with; the message names the key and says what it must be. The server does not start.</summary>
public sealed class InvalidSettingException(string message) : ArgumentException(message);
