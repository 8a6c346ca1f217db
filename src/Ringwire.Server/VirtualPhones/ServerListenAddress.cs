using System.Globalization;
using System.Net;

namespace Ringwire.Server.VirtualPhones;

/// <summary>
/// Where a virtual iPhone inside the server reaches the server: one of its own listening addresses, as an http URL on an
/// IP address (a phone's network path is a TCP relay to an IP). Wildcards and host names become 127.0.0.1.
/// </summary>
internal static class ServerListenAddress
{
    /// <summary>The first plain-http address among Kestrel's, or null when it listens on none (https only, or pipes).</summary>
    public static Uri? Pick(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            // The relay passes bytes through: it cannot speak TLS to an https endpoint on the phone's behalf.
            if (binding.IsUnixPipe || !string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return new Uri($"http://{Host(binding.Host)}:{binding.Port.ToString(CultureInfo.InvariantCulture)}");
        }

        return null;
    }

    private static string Host(string host)
    {
        // Kestrel binds every address for a wildcard ("0.0.0.0", "[::]", "*", "+") and for a host name other than an IP;
        // "localhost" binds both loopbacks. 127.0.0.1 reaches all of them.
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            return "127.0.0.1";
        }

        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
    }
}
