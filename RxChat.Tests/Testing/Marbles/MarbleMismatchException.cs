namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// An actual timeline that differs from the expected marbles. The message draws both, one above
/// the other, marks the first difference, and lists the raw notifications with their ticks.
/// </summary>
public sealed class MarbleMismatchException(string message) : Exception(message);
