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

    /// <summary>The <c>reason</c> label of <c>rxchat_connections_refused_total</c>.</summary>
    public static string MetricReason(AddressRefusal why) => why == AddressRefusal.TooManyOpen ? "address_open" : "address_rate";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
