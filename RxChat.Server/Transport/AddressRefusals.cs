using System.Globalization;
using RxChat.Protocol;

namespace RxChat.Server.Transport;

/// <summary>The line a connection turned away by its address hears (wording in <see cref="ServerLines"/>).</summary>
public static class AddressRefusals
{
    public static string Line(AddressRefusal why, AddressLimits limits) => why switch
    {
        AddressRefusal.TooManyOpen => ServerLines.TooManyConnectionsFromAddress.Render(Number(limits.MaxOpen)),
        _ => ServerLines.TooManyNewConnectionsFromAddress.Render(Number(limits.NewPerMinute)),
    };

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
