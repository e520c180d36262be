namespace RxChat.Tests.Testing.Marbles;

/// <summary>The error a <c>#</c> in a stream's marbles raises when the test names none.</summary>
public sealed class MarbleErrorException() : Exception("error");
