namespace RxChat.Simulation;

internal static class Program
{
    public static int Main(string[] args) => SimulateCommand.Run(args, Console.Out, Console.Error);
}
